import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { parseShard, shardOf } from '../../lib/search/index_build.js';
import { openIndexTable } from '../../lib/search/index_table.js';
import { runMain } from '../helpers/run_main.js';
import { SearchFixture, searchFixture } from '../helpers/search_fixtures.js';

interface Snapshot { rows: number; byKey: Map<string, { vector: number[]; formula: string; spacegroup: number | null; elements: string[]; peaks: number }> }

async function snapshot(dir: string): Promise<Snapshot> {
  const table = await openIndexTable(dir, 'materials');
  const rows = await table.query().select(['id', 'modality', 'formula', 'spacegroup', 'elements', 'peaks_two_theta', 'vector']).toArray();
  table.close();
  const byKey = new Map<string, Snapshot['byKey'] extends Map<string, infer V> ? V : never>();
  for (const r of rows) {
    byKey.set(`${r.id}|${r.modality}`, {
      vector: Array.from(r.vector.toArray() as Float32Array), formula: r.formula, spacegroup: r.spacegroup,
      elements: Array.from(r.elements.toArray() as string[]), peaks: r.peaks_two_theta.length,
    });
  }
  return { rows: rows.length, byKey };
}

function expectSameTable(a: Snapshot, b: Snapshot): void {
  expect(a.rows).to.equal(b.rows);
  expect([...a.byKey.keys()].sort()).to.deep.equal([...b.byKey.keys()].sort());
  for (const [key, x] of a.byKey) {
    const y = b.byKey.get(key)!;
    expect({ ...x, vector: [] }).to.deep.equal({ ...y, vector: [] });
    x.vector.forEach((v, i) => expect(v).to.be.closeTo(y.vector[i]!, 1e-5));
  }
}

describe('search index building', function () {
  this.timeout(300_000);
  let fx: SearchFixture;
  let root = '';
  const index = (out: string, ...extra: string[]) =>
    runMain(['index', '--run', fx.runDir, '--structures', fx.table, '--out', out, '--backend', 'wasm', ...extra]);

  before(async function () {
    const pending = searchFixture();
    if (!pending) this.skip();
    fx = await pending!;
    root = mkdtempSync(join(fx.dir, 'build-'));
  });

  it('reads shards as i/n counting from 0 and rejects anything else', () => {
    expect(parseShard('0/4')).to.deep.equal({ index: 0, count: 4 });
    expect(() => parseShard('4/4')).to.throw(/0 ≤ i < n/);
    expect(() => parseShard('1-4')).to.throw(/i\/n/);
    const counts = [0, 0, 0];
    for (let i = 0; i < 300; i++) counts[shardOf(`mp-${i}`, 3)]!++;
    for (const c of counts) expect(c).to.be.within(70, 130);
  });

  it('gives the same table from shards appended in any order as from one whole run, and a re-run shard replaces its rows', async () => {
    const whole = join(root, 'whole');
    expect((await index(whole)).code).to.equal(0);
    const sharded = join(root, 'sharded');
    for (const s of ['2/3', '0/3', '1/3']) {
      const r = await index(sharded, '--shard', s);
      expect(r.code, r.stderr).to.equal(0);
    }
    const a = await snapshot(whole);
    expectSameTable(await snapshot(sharded), a);
    expect(a.rows).to.be.greaterThan(fx.ids.length * 2);
    const again = await index(sharded, '--shard', '1/3');
    expect(again.code).to.equal(0);
    expectSameTable(await snapshot(sharded), a);
  });

  it('refuses to append rows of another run to an index', async () => {
    const out = join(root, 'whole');
    const { cpSync, readFileSync, writeFileSync } = await import('node:fs');
    const other = join(root, 'other-run');
    cpSync(fx.runDir, other, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(other, 'run.json'), 'utf8'));
    manifest.config.seed += 1;
    writeFileSync(join(other, 'run.json'), JSON.stringify(manifest));
    const r = await runMain(['index', '--run', other, '--structures', fx.table, '--out', out, '--backend', 'wasm']);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/built with another run/);
  });
});
