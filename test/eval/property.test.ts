import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initEngine, tf } from '../../lib/env.js';
import { mae } from '../../lib/eval/metrics.js';
import { evaluateProperties } from '../../lib/eval/property.js';
import { loadPropertyData } from '../../lib/eval/property_data.js';
import { MP20, conductivityTable, untrainedRun } from '../helpers/property_fixtures.js';

describe('property evaluation', function () {
  this.timeout(90_000);
  before(async function () {
    if (!MP20) this.skip();
    await initEngine('wasm');
  });

  it('scores censored values apart from MAE, breaks errors down by family and leaks no tensors', async () => {
    const file = await conductivityTable(join(mkdtempSync(join(tmpdir(), 'matalign-prop-')), 'c.csv'), 40);
    const run = untrainedRun();
    const data = await loadPropertyData(run, [file], [], { splitTest: 0.3, seed: 2 });
    const before = tf.memory().numTensors;
    const out = await evaluateProperties(run.model, data, {
      targets: ['log_ionic_conductivity'], fractions: [0.5, 1], models: ['aligned_ridge', 'aligned_finetune', 'composition', 'mean'], seed: 0,
      finetune: { maxSteps: 3 },
    });
    expect(tf.memory().numTensors).to.equal(before);
    const t = out['log_ionic_conductivity']!;
    expect(t.unit).to.equal('log10(S/cm)');
    expect(t.results.map((r) => `${r.model}@${r.label_fraction}`)).to.include.members(['aligned_ridge@0.5', 'mean@1', 'aligned_finetune@1']);
    expect(t.n_test_censored).to.be.greaterThan(0);
    const testWithStructure = data.test.filter((i) => data.materials[i]!.structure).length;
    expect(t.n_test + t.n_test_censored).to.equal(testWithStructure);
    for (const p of t.parity) {
      expect(p.y_true).to.have.length(t.n_test);
      for (const v of p.y_true) expect(v).to.be.greaterThan(-9.5); // no '<1E-10' bound among the exact values
      const row = t.results.find((r) => r.model === p.model && r.label_fraction === 1)!;
      expect('mae' in row && row.mae).to.be.closeTo(mae(p.y_true, p.y_pred), 1e-9);
    }
    expect(t.censored!.every((c) => c.n === t.n_test_censored)).to.equal(true);
    expect(new Set(t.by_family!.map((f) => f.family))).to.include('NASICON');
    expect(t.composition_only?.results.map((r) => r.model)).to.include('composition');
    run.model.dispose();
  });

  it('reports accuracy, precision, recall and F1 for is_metal', async () => {
    const file = await conductivityTable(join(mkdtempSync(join(tmpdir(), 'matalign-prop-')), 'c.csv'), 30);
    const run = untrainedRun();
    const data = await loadPropertyData(run, [file], [], { splitTest: 0.3, seed: 2 });
    // The fixture has no band gap: is_metal rows are all skipped with a reason.
    const out = await evaluateProperties(run.model, data, { targets: ['is_metal'], fractions: [1], models: ['mean'] });
    expect(out['is_metal']!.results).to.deep.equal([]);
    expect(Object.keys(out['is_metal']!.skipped).join()).to.match(/band_gap/);
    run.model.dispose();
  });
});
