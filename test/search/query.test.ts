import { expect } from 'chai';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulateXrd } from '../../lib/data/characterization/xrd.js';
import { PEAK_RANGE } from '../../lib/data/paired/features.js';
import { drawProfile } from '../../lib/data/paired/xrd_augment.js';
import { readStructureTable } from '../../lib/data/structure/structure_table.js';
import type { Structure } from '../../lib/data/structure/crystal.js';
import { initEngine } from '../../lib/env.js';
import { loadQueryRun, openSearchIndex, searchFilter, searchProfileOnly, searchVector } from '../../lib/search/query.js';
import { encodeQuery } from '../../lib/search/query_encode.js';
import { isOneLineRefusal, runMain } from '../helpers/run_main.js';
import { SearchFixture, searchFixture } from '../helpers/search_fixtures.js';
import { xrdml } from '../helpers/xrdml_fixtures.js';

function ownProfile(s: Structure, points: number): Float32Array {
  const p = simulateXrd(s, { twoThetaRange: [PEAK_RANGE[0], PEAK_RANGE[1]] }).peaks;
  return drawProfile({ twoTheta: Float64Array.from(p, (x) => x.twoTheta), intensity: Float64Array.from(p, (x) => x.intensity) }, points, null, null);
}

describe('search queries', function () {
  this.timeout(300_000);
  let fx: SearchFixture;
  let dir = '';
  const structures: Structure[] = [];

  before(async function () {
    const pending = searchFixture();
    if (!pending) this.skip();
    fx = await pending!;
    dir = join(mkdtempSync(join(fx.dir, 'query-')), 'index');
    const r = await runMain(['index', '--run', fx.runDir, '--structures', fx.table, '--out', dir, '--backend', 'wasm']);
    expect(r.code, r.stderr).to.equal(0);
    for await (const row of readStructureTable(fx.table)) structures.push(row.structure);
    await initEngine('wasm');
  });

  it('finds a structure first from its own simulated pattern (profile re-rank and classic baseline)', async () => {
    const index = await openSearchIndex(dir);
    const run = await loadQueryRun(index);
    const points = index.meta.xrdPoints;
    for (const s of structures.slice(0, 8)) {
      const q = await encodeQuery(run, { kind: 'profile', profile: ownProfile(s, points) });
      const reranked = await searchVector(index, q.vector, q.profile, { k: 5, rerank: 'profile' });
      expect(reranked[0]!.id).to.equal(s.id);
      expect(reranked[0]!.score).to.be.closeTo(1, 1e-4);
      const classic = await searchProfileOnly(index, q.profile!, { k: 3 });
      expect(classic[0]!.id).to.equal(s.id);
      const plain = await searchVector(index, q.vector, null, { k: 5 });
      expect(plain.map((r) => r.rank)).to.deep.equal([1, 2, 3, 4, 5]);
      for (let i = 1; i < plain.length; i++) expect(plain[i]!.score).to.be.at.most(plain[i - 1]!.score);
    }
    run.model.dispose();
    index.table.close();
  });

  it('keeps only materials whose elements all lie in the --elements set', async () => {
    const index = await openSearchIndex(dir);
    const run = await loadQueryRun(index);
    const s = structures[0]!;
    const allowed = [...s.composition().keys()];
    const q = await encodeQuery(run, { kind: 'structure', structure: s });
    const results = await searchVector(index, q.vector, q.profile, { k: 40, elements: [...allowed, 'O'] });
    expect(results.map((r) => r.id)).to.include(s.id);
    const table = await index.table.query().where(searchFilter('structure', [...allowed, 'O'])).select(['elements']).toArray();
    for (const r of table) for (const e of r.elements.toArray()) expect([...allowed, 'O']).to.include(e);
    expect(() => searchFilter('structure', ['Xx'])).to.throw(/unknown element symbol 'Xx'/);
    run.model.dispose();
    index.table.close();
  });

  it('puts the structure of a measured-style .xrdml scan first with --rerank profile', async () => {
    const s = structures[3]!;
    const profile = ownProfile(s, 1401);
    const scan = join(fx.dir, 'own.xrdml');
    writeFileSync(scan, xrdml(Array.from(profile, (v) => Math.round(50 + 5000 * v)), 10, 80));
    const r = await runMain(['search', '--index', dir, '--xrd', scan, '--rerank', 'profile', '-k', '3', '--json', '--backend', 'wasm']);
    expect(r.code, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout).results[0].id).to.equal(s.id);
  });

  it('refuses a run whose config differs from the one that built the index', async () => {
    const other = join(fx.dir, 'mismatched-run');
    cpSync(fx.runDir, other, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(other, 'run.json'), 'utf8'));
    manifest.config.data.xrdPoints = 128;
    writeFileSync(join(other, 'run.json'), JSON.stringify(manifest));
    const index = await openSearchIndex(dir);
    let error: Error | null = null;
    try { await loadQueryRun(index, other); } catch (e) { error = e as Error; }
    expect(error?.message).to.match(/does not match the index: config hash/);
    const r = await runMain(['search', '--index', dir, '--formula', 'NaCl', '--run', other, '--backend', 'wasm']);
    expect(isOneLineRefusal(r), r.stderr).to.equal(true);
    index.table.close();
  });

  it('gives one clear line for a missing, damaged or emptied index folder', async () => {
    const broken = join(fx.dir, 'broken');
    cpSync(dir, broken, { recursive: true });
    const search = () => runMain(['search', '--index', broken, '--formula', 'NaCl', '--backend', 'wasm']);
    let r = await runMain(['search', '--index', join(fx.dir, 'nowhere'), '--formula', 'NaCl']);
    expect(isOneLineRefusal(r)).to.equal(true);
    expect(r.stderr).to.match(/no such index folder/);
    rmSync(join(broken, 'materials.lance', '_versions'), { recursive: true, force: true });
    r = await search();
    expect(isOneLineRefusal(r), r.stderr).to.equal(true);
    expect(r.stderr).to.match(/cannot be read/);
    writeFileSync(join(broken, 'index.json'), '{"format": "matalign-index-1", ');
    r = await search();
    expect(isOneLineRefusal(r), r.stderr).to.equal(true);
    expect(r.stderr).to.match(/damaged index metadata/);
    rmSync(join(broken, 'index.json'));
    r = await search();
    expect(isOneLineRefusal(r)).to.equal(true);
    expect(r.stderr).to.match(/not a matalign index/);
    expect(readdirSync(broken)).to.include('materials.lance');
  });
});
