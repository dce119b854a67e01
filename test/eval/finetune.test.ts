import { expect } from 'chai';
import { resolveConfig } from '../../lib/config.js';
import { ELEMENT_FEATURE_DIM } from '../../lib/data/paired/features.js';
import { NODE_FEATURE_DIM } from '../../lib/data/structure/graph.js';
import { initEngine, tf } from '../../lib/env.js';
import { finetuneStructureTower, structureTowerModel } from '../../lib/eval/finetune.js';
import { AlignmentModel } from '../../lib/models/clip_model.js';
import { buildBatch } from '../../lib/train/batches.js';
import { prepareData } from '../../lib/train/prepare.js';
import { MP20 } from '../helpers/property_fixtures.js';

describe('structure-tower fine-tuning', function () {
  this.timeout(60_000);
  const config = resolveConfig('tiny', { data: { maxStructures: 40 } });
  let source: AlignmentModel;
  let data: Awaited<ReturnType<typeof prepareData>>;
  before(async function () {
    if (!MP20) this.skip();
    await initEngine('wasm');
    data = await prepareData(config, [MP20!], [], { modalities: ['structure'] });
    source = new AlignmentModel(config.model, { cutoff: config.data.cutoff, vocabSize: 1, nodeFeatures: NODE_FEATURE_DIM, elementFeatures: ELEMENT_FEATURE_DIM, xrdPoints: config.data.xrdPoints }, 7);
    source.initialize(['structure', 'composition']);
  });
  after(() => source?.dispose());
  const ctx = () => ({ config, features: data.features, tokenizer: null });

  it('copies the pretrained tower so it computes the same features as the source model', () => {
    const tower = structureTowerModel(source, true, 99);
    const batch = buildBatch(ctx(), [0, 1, 2], ['structure'], null).batches.structure!;
    const [a, b] = tf.tidy(() => [source.towerFeatures('structure', batch).arraySync(), tower.towerFeatures('structure', batch).arraySync()]);
    expect(b).to.deep.equal(a);
    const scratch = structureTowerModel(source, false, 99);
    const c = tf.tidy(() => scratch.towerFeatures('structure', batch).arraySync());
    expect(c).to.not.deep.equal(a);
    tower.dispose();
    scratch.dispose();
  });

  it('lowers the training loss on a regression target and leaks no tensors', () => {
    const before = tf.memory().numTensors;
    const idx = data.features.map((_, i) => i).filter((i) => data.features[i]!.graph);
    const y = idx.map((i) => data.set.materials[i]!.properties['formation_energy_per_atom']!);
    const ft = finetuneStructureTower(structureTowerModel(source, true, 1), ctx(), idx, y, { task: 'regression' }, { maxSteps: 30, maxEpochs: 30, patience: 30 });
    expect(ft.finalTrainLoss).to.be.lessThan(ft.initialTrainLoss);
    const p = ft.predict(idx.slice(0, 5));
    expect(p).to.have.length(5);
    for (const v of p) expect(Number.isFinite(v)).to.equal(true);
    ft.dispose();
    expect(tf.memory().numTensors).to.equal(before);
  });

  it('predicts class labels for a classification task', () => {
    const idx = data.features.map((_, i) => i).filter((i) => data.features[i]!.graph);
    const y = idx.map((i) => (data.set.materials[i]!.properties['band_gap']! <= 0 ? 1 : 0));
    const ft = finetuneStructureTower(structureTowerModel(source, false, 2), ctx(), idx, y, { task: 'classification', numClasses: 2 }, { maxSteps: 5 });
    for (const v of ft.predict(idx)) expect([0, 1]).to.include(v);
    ft.dispose();
  });
});
