import { expect } from 'chai';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MP20, solidStateSlice, trainedTinyRun } from '../helpers/property_fixtures.js';
import { isOneLineRefusal, runMain } from '../helpers/run_main.js';

describe('matalign eval synthesis', function () {
  this.timeout(120_000);
  let run = '';
  let recipes: string | null = null;
  let dir = '';
  before(async function () {
    dir = mkdtempSync(join(tmpdir(), 'matalign-evalsyn-'));
    recipes = await solidStateSlice(join(dir, 'r.jsonl'), 400);
    if (!MP20 || !recipes) this.skip();
    run = await trainedTinyRun();
  });

  it('scores matalign and both baselines on targets unseen in training', async () => {
    const json = join(dir, 'out.json');
    const r = await runMain(['eval', 'synthesis', '--run', run, '--train', recipes!, '--test', recipes!, '--structures', MP20!, '--test-fraction', '0.2', '--json', json, '--backend', 'wasm']);
    expect(r.code, r.stderr).to.equal(0);
    const out = JSON.parse(readFileSync(json, 'utf8'));
    expect(out).to.include.keys('run', 'n_test_targets', 'results', 'examples');
    expect(out.n_test_targets).to.be.greaterThan(10);
    expect(out.results.map((x: { model: string }) => x.model)).to.include.members(['matalign', 'frequency', 'composition_similarity']);
    for (const row of out.results) {
      for (let k = 1; k <= 10; k++) expect(row[`success@${k}`]).to.be.within(0, 1);
      expect(row).to.include.keys('precision', 'recall', 'f1', 'temperature_mae_C');
    }
    expect(out.examples.length).to.be.greaterThan(0);
    for (const e of out.examples) expect(Object.keys(e).sort()).to.deep.equal(['hit_rank', 'predicted', 'target', 'true_precursors']);
    expect(out.split).to.match(/split by target/);
  });

  it('refuses a missing --test in one line', async () => {
    const r = await runMain(['eval', 'synthesis', '--run', run, '--train', recipes!, '--json', join(dir, 'x.json')]);
    expect(isOneLineRefusal(r)).to.equal(true);
  });
});
