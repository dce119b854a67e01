import { expect } from 'chai';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MP20, mp20Slice, trainedTinyRun } from '../helpers/property_fixtures.js';
import { isOneLineRefusal, runMain } from '../helpers/run_main.js';

describe('matalign eval property', function () {
  this.timeout(120_000);
  let run = '';
  let dir = '';
  before(async function () {
    if (!MP20) this.skip();
    run = await trainedTinyRun();
    dir = mkdtempSync(join(tmpdir(), 'matalign-evalprop-'));
  });

  it('writes every model at every fraction for each target of distinct train and test files', async () => {
    const train = await mp20Slice(join(dir, 'train.csv'), 100, 40);
    const test = await mp20Slice(join(dir, 'test.csv'), 140, 12);
    const json = join(dir, 'out.json');
    const r = await runMain(['eval', 'property', '--run', run, '--train', train, '--test', test, '--targets', 'formation_energy_per_atom,is_metal',
      '--fractions', '0.2,1', '--finetune-steps', '2', '--json', json, '--backend', 'wasm']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/aligned_finetune/);
    const out = JSON.parse(readFileSync(json, 'utf8'));
    expect(out.run).to.equal(run);
    const fe = out.targets.formation_energy_per_atom;
    expect(fe).to.include.keys('unit', 'task', 'n_train', 'n_test', 'skipped', 'results', 'parity');
    expect([fe.unit, fe.task, fe.n_train, fe.n_test]).to.deep.equal(['eV/atom', 'regression', 40, 12]);
    expect(fe.results).to.have.length(12);
    for (const row of fe.results) expect(Object.keys(row).sort()).to.deep.equal(['label_fraction', 'mae', 'model', 'mse', 'r2']);
    expect(fe.results.map((x: { model: string }) => x.model)).to.include.members(['aligned_ridge', 'aligned_mlp', 'aligned_finetune', 'scratch', 'composition', 'mean']);
    expect(fe.parity).to.have.length(6);
    for (const p of fe.parity) expect(Object.keys(p).sort()).to.deep.equal(['model', 'y_pred', 'y_true']);
    const metal = out.targets.is_metal;
    expect(metal.task).to.equal('classification');
    for (const row of metal.results) expect(Object.keys(row).sort()).to.deep.equal(['accuracy', 'f1', 'label_fraction', 'model', 'precision', 'recall']);
  });

  it('splits one file by composition key with --split-test and refuses bad fractions in one line', async () => {
    const file = await mp20Slice(join(dir, 'one.csv'), 0, 30);
    const json = join(dir, 'split.json');
    const r = await runMain(['eval', 'property', '--run', run, '--train', file, '--split-test', '0.3', '--targets', 'band_gap', '--fractions', '1',
      '--models', 'aligned_ridge,mean', '--json', json, '--backend', 'wasm']);
    expect(r.code, r.stderr).to.equal(0);
    const out = JSON.parse(readFileSync(json, 'utf8'));
    expect(out.split).to.match(/composition key/);
    expect(out.targets.band_gap.n_train + out.targets.band_gap.n_test).to.equal(30);
    const bad = await runMain(['eval', 'property', '--run', run, '--train', file, '--fractions', '2', '--json', json]);
    expect(isOneLineRefusal(bad)).to.equal(true);
  });
});
