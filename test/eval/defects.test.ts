import { expect } from 'chai';
import { resolveConfig } from '../../lib/config.js';
import { initEngine, tf } from '../../lib/env.js';
import { DEFECT_MODELS, DefectTask, defectResult, evaluateDefectTask, formatDefectTable, towerFeatureRows } from '../../lib/eval/defects.js';
import { DEFAULT_CLASSIFIER_BUDGET } from '../../lib/eval/image_classifier.js';
import { InputError } from '../../lib/errors.js';
import { AlignmentModel } from '../../lib/models/clip_model.js';
import { brightSpotSet } from '../helpers/defect_fixtures.js';

function tinyModel(): AlignmentModel {
  const config = resolveConfig('tiny');
  const model = new AlignmentModel({ ...config.model, modalities: ['micrograph'] }, { cutoff: 6, vocabSize: 1, nodeFeatures: 4, elementFeatures: 4, xrdPoints: config.data.xrdPoints }, 0);
  model.initialize(['micrograph']);
  return model;
}

describe('defect identification evaluation', function () {
  this.timeout(30_000);
  before(async () => { await initEngine('wasm'); });

  it('scores a hand case: accuracy, macro precision/recall/F1 and the confusion matrix', () => {
    const r = defectResult('simulated', 'scratch', 0.1, ['pristine', 'vacancy'], [0, 0, 1, 1], [0, 1, 1, 1], 12, [2, 2, 1, 1, 1, 1, 1, 1, 1, 0.5]);
    expect(r.accuracy).to.equal(0.75);
    expect(r.precision).to.be.closeTo((1 + 2 / 3) / 2, 1e-12);
    expect(r.recall).to.be.closeTo(0.75, 1e-12);
    expect(r.f1).to.be.closeTo((2 / 3 + 0.8) / 2, 1e-12);
    expect(r.confusion).to.deep.equal([[1, 1], [0, 2]]);
    expect([r.n_train, r.n_test, r.loss_start, r.loss_end]).to.deep.equal([12, 4, 2, 0.5]);
    expect(formatDefectTable([r])).to.match(/simulated\s+scratch\s+10%\s+12\s+4\s+0\.750/);
  });

  it('fits every model at every label fraction, scores each test set, and leaks no tensors', async () => {
    const model = tinyModel();
    const set = brightSpotSet(60, 3, 16);
    const shifted = brightSpotSet(30, 3, 16, 9);
    const task: DefectTask = {
      train: set, trainIndices: Array.from({ length: 45 }, (_, i) => i),
      tests: [{ dataset: 'a', set, indices: Array.from({ length: 15 }, (_, i) => 45 + i) }, { dataset: 'b', set: shifted, indices: [0, 1, 2, 3, 4, 5] }],
    };
    const before = tf.memory().numTensors;
    const results = await evaluateDefectTask(model, task, {
      models: [...DEFECT_MODELS], labelFractions: [1, 0.2], seed: 0, standardize: true,
      budget: { ...DEFAULT_CLASSIFIER_BUDGET, maxSteps: 4, batchSize: 8 }, probe: { maxEpochs: 5 },
    });
    expect(tf.memory().numTensors).to.equal(before);
    expect(results).to.have.length(2 * 3 * 2);
    for (const r of results) {
      expect(r.classes).to.deep.equal(['c0', 'c1', 'c2']);
      expect(r.confusion.flat().reduce((a, b) => a + b, 0)).to.equal(r.dataset === 'a' ? 15 : 6);
      expect(r.n_train).to.equal(r.label_fraction === 1 ? 45 : 9);
      for (const k of ['accuracy', 'precision', 'recall', 'f1'] as const) expect(r[k]).to.be.within(0, 1);
      expect(r.loss_end === undefined).to.equal(r.model === 'aligned_probe');
    }
    expect(towerFeatureRows(model, set, [0, 1, 2])).to.have.length(3);
    const other = { ...task, tests: [{ dataset: 'c', set: { ...shifted, classes: ['x', 'y', 'z'] }, indices: [0] }] };
    await evaluateDefectTask(model, other, { models: ['scratch'], labelFractions: [1], seed: 0, budget: DEFAULT_CLASSIFIER_BUDGET })
      .then(() => expect.fail('accepted'), (e) => expect(e).to.be.instanceOf(InputError));
    model.dispose();
  });
});
