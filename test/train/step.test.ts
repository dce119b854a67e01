import { expect } from 'chai';
import { AlignConfig, PRESETS } from '../../lib/config.js';
import { ELEMENT_FEATURE_DIM } from '../../lib/data/paired/features.js';
import { NODE_FEATURE_DIM } from '../../lib/data/structure/graph.js';
import { initEngine, tf } from '../../lib/env.js';
import { AlignmentModel } from '../../lib/models/clip_model.js';
import { lossAndGradients, lossAndGradientsAsync } from '../../lib/train/step.js';
import { compositionXrdChunk } from '../helpers/contrastive_batches.js';
import { maxAbsDiff } from '../helpers/engine.js';

const tiny = PRESETS.tiny;
const config: AlignConfig = { ...tiny, loss: { ...tiny.loss, pairs: [['composition', 'xrd']] } };
const chunk = (from: number, to: number) => compositionXrdChunk(from, to);

function model(): AlignmentModel {
  const m = new AlignmentModel(config.model, { cutoff: 6, vocabSize: 10, nodeFeatures: NODE_FEATURE_DIM, elementFeatures: ELEMENT_FEATURE_DIM, xrdPoints: tiny.data.xrdPoints }, 5);
  m.initialize(['composition', 'xrd']);
  return m;
}

describe('loss and gradients of a contrastive batch', () => {
  before(async () => { await initEngine('wasm'); });
  const groups = Int32Array.from([0, 1, 2, 3]);

  it('gives the same loss and gradients with gradient caching over chunks as in one pass', async () => {
    const m = model();
    const whole = lossAndGradients(m, config, { chunks: [chunk(0, 4)], sizes: [4], groups });
    const cached = await lossAndGradientsAsync(m, config, { chunks: [chunk(0, 2), chunk(2, 4)], sizes: [2, 2], groups });
    expect(cached.loss).to.be.closeTo(whole.loss, 1e-5);
    expect(cached.perPair['composition-xrd']).to.be.closeTo(whole.perPair['composition-xrd']!, 1e-5);
    expect([...cached.grads.keys()].sort()).to.deep.equal([...whole.grads.keys()].sort());
    for (const [name, g] of whole.grads) expect(maxAbsDiff(cached.grads.get(name)!.dataSync(), g.dataSync()), name).to.be.below(1e-5);
    tf.dispose([...whole.grads.values(), ...cached.grads.values()]);
    m.dispose();
  });

  it('reads the same values synchronously and asynchronously and leaks no tensors', async () => {
    const m = model();
    const before = tf.memory().numTensors;
    const a = lossAndGradients(m, config, { chunks: [chunk(0, 4)], sizes: [4], groups });
    const b = await lossAndGradientsAsync(m, config, { chunks: [chunk(0, 4)], sizes: [4], groups });
    expect(b.loss).to.equal(a.loss);
    expect(b.perPair).to.deep.equal(a.perPair);
    tf.dispose([...a.grads.values(), ...b.grads.values()]);
    expect(tf.memory().numTensors).to.equal(before);
    m.dispose();
  });
});
