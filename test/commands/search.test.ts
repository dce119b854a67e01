import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { isOneLineRefusal, runMain } from '../helpers/run_main.js';
import { SearchFixture, searchFixture } from '../helpers/search_fixtures.js';

describe('matalign search (command)', function () {
  this.timeout(300_000);
  let fx: SearchFixture;
  let dir = '';

  before(async function () {
    const pending = searchFixture();
    if (!pending) this.skip();
    fx = await pending!;
    dir = join(mkdtempSync(join(fx.dir, 'cli-')), 'index');
    const r = await runMain(['index', '--run', fx.runDir, '--structures', fx.table, '--out', dir, '--backend', 'wasm']);
    expect(r.code, r.stderr).to.equal(0);
  });

  it('prints one JSON object with the query and ranked results', async () => {
    const r = await runMain(['search', '--index', dir, '--formula', 'Li3PS4', '-k', '4', '--json', '--backend', 'wasm']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout.trim().split('\n')).to.have.length(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).to.deep.equal(['query', 'results']);
    expect(out.query).to.include({ kind: 'formula', formula: 'Li3PS4', modality: 'composition', target_modality: 'structure', k: 4 });
    expect(out.results).to.have.length(4);
    out.results.forEach((x: Record<string, unknown>, i: number) => {
      expect(Object.keys(x).sort()).to.deep.equal(['formula', 'id', 'modality', 'rank', 'score', 'source', 'spacegroup']);
      expect(x.rank).to.equal(i + 1);
      expect(x.modality).to.equal('structure');
      expect(fx.ids).to.include(x.id);
      expect(x.source).to.match(/structures\.csv:\d+$/);
    });
  });

  it('searches another target modality and prints a table without --json', async () => {
    const r = await runMain(['search', '--index', dir, '--formula', 'NaCl', '--target-modality', 'xrd', '-k', '2', '--backend', 'wasm']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout.trim().split('\n')).to.have.length(3);
    expect(r.stdout).to.match(/^\s*rank\s+score\s+id/);
  });

  it('refuses bad usage with one line', async () => {
    for (const args of [
      ['search', '--index', dir],
      ['search', '--index', dir, '--formula', 'NaCl', '--text', 'x'],
      ['search', '--index', dir, '--formula', 'NaCl', '-k', '0'],
      ['search', '--index', dir, '--formula', 'NaCl', '--target-modality', 'smell'],
      ['search', '--index', dir, '--formula', 'NaCl', '--rerank', 'profile', '--backend', 'wasm'],
      ['search', '--index', dir, '--formula', 'NaCl', '--elements', 'Na,Qq', '--backend', 'wasm'],
      ['index', '--structures', fx.table, '--out', dir, '--shard', '3/3'],
    ]) {
      const r = await runMain(args);
      expect(isOneLineRefusal(r), `${args.join(' ')}: ${r.stderr}`).to.equal(true);
    }
  });
});
