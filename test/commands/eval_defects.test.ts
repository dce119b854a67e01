import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../lib/config.js';
import { initEngine } from '../../lib/env.js';
import { trainAlignment } from '../../lib/train/trainer.js';
import { writeRockSaltTable, writeTinyImageZip } from '../helpers/defect_fixtures.js';
import { isOneLineRefusal, runMain } from '../helpers/run_main.js';

describe('matalign eval defects', function () {
  this.timeout(60_000);
  let dir = '';
  let runDir = '';
  let fresh = '';
  let neu = { zip: '', labels: '' };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eval-defects-'));
    runDir = join(dir, 'run');
    const engine = await initEngine('wasm');
    const config = resolveConfig('tiny', { train: { epochs: 1 }, model: { modalities: ['structure', 'composition', 'micrograph'] }, loss: { pairs: [['structure', 'micrograph'], ['structure', 'composition']] } });
    const structures = writeRockSaltTable(dir, 'train.csv', 16, 'train');
    await trainAlignment({ preset: 'tiny', config, structureFiles: [structures], synthesisFiles: [], outDir: runDir, resume: false, engine });
    fresh = writeRockSaltTable(dir, 'fresh.csv', 6, 'fresh');
    neu = await writeTinyImageZip(dir, ['crazing', 'inclusion', 'rolled-in_scale'], 6, 16);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes results for every dataset, model and label fraction, example PNGs, and prints a table', async () => {
    const json = join(dir, 'out', 'defects.json');
    const r = await runMain(['eval', 'defects', '--run', runDir, '--structures', fresh, '--seeds-per-structure', '1', '--image-size', '16',
      '--train', neu.zip, '--train-labels', neu.labels, '--test', neu.zip, '--test-labels', neu.labels, '--split-test', '0.34', '--neu-size', '16',
      '--steps', '3', '--batch-size', '8', '--label-fractions', '1,0.5', '--backend', 'wasm', '--json', json]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/seeded stratified split/);
    const out = JSON.parse(readFileSync(json, 'utf8'));
    expect(out.run).to.equal(runDir);
    const keys = new Set(out.results.map((x: { dataset: string; model: string; label_fraction: number }) => `${x.dataset}/${x.model}/${x.label_fraction}`));
    for (const d of ['simulated', 'simulated_shifted', 'neu_det']) for (const m of ['aligned_probe', 'aligned_finetune', 'scratch']) for (const f of [1, 0.5]) expect(keys.has(`${d}/${m}/${f}`), `${d}/${m}/${f}`).to.equal(true);
    for (const x of out.results) {
      expect(x.classes).to.have.length(x.dataset === 'neu_det' ? 3 : 5);
      expect(x.confusion).to.have.length(x.classes.length);
      for (const k of ['accuracy', 'precision', 'recall', 'f1']) expect(x[k]).to.be.within(0, 1);
    }
    expect(out.results.find((x: { dataset: string }) => x.dataset === 'neu_det').classes).to.deep.equal(['crazing', 'inclusion', 'rolled-in_scale']);
    expect(out.examples.length).to.equal(5 + 5 + 3);
    for (const e of out.examples) {
      expect(e.png).to.match(/^defect_examples\/[A-Za-z0-9._-]+\.png$/);
      expect(existsSync(join(dir, 'out', e.png))).to.equal(true);
    }
    expect(out.settings.simulated.scope).to.equal('all');
    expect(r.stdout).to.match(/^dataset\s+model\s+labels/);
    expect(r.stdout.trim().split('\n')).to.have.length(1 + 18);
  });

  it('refuses incomplete image options and unknown models with one line', async () => {
    const json = join(dir, 'bad.json');
    expect(isOneLineRefusal(await runMain(['eval', 'defects', '--run', runDir, '--train', neu.zip, '--json', json]))).to.equal(true);
    expect(isOneLineRefusal(await runMain(['eval', 'defects', '--run', runDir, '--structures', fresh, '--models', 'resnet', '--json', json]))).to.equal(true);
    expect(isOneLineRefusal(await runMain(['eval', 'defects', '--run', runDir, '--json', json]))).to.equal(true);
    expect(existsSync(json)).to.equal(false);
  });
});
