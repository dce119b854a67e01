import { expect } from 'chai';
import { AlignConfig, PRESETS } from '../../lib/config.js';
import { compositionArrays, ELEMENT_FEATURE_DIM } from '../../lib/data/paired/features.js';
import { NODE_FEATURE_DIM } from '../../lib/data/structure/graph.js';
import { initEngine, tf } from '../../lib/env.js';
import { AlignmentModel } from '../../lib/models/clip_model.js';
import { lossAndGradients, lossAndGradientsAsync } from '../../lib/train/step.js';
import type { MaterialBatch } from '../../lib/train/batches.js';
import { maxAbsDiff, randomArray } from '../helpers/engine.js';

const tiny = PRESETS.tiny;
const config: AlignConfig = { ...tiny, loss: { ...tiny.loss, pairs: [['composition', 'xrd']] } };
const formulas = [[['Na', 1], ['Cl', 1]], [['Mg', 1], ['O', 1]], [['Sr', 1], ['Ti', 1], ['O', 3]], [['Li', 2], ['O', 1]]] as const;
const P = tiny.data.xrdPoints;
const profiles = randomArray(formulas.length * P, 3).map(Math.abs);

/** Composition and XRD inputs of materials [from, to) as one chunk. */
function chunk(from: number, to: number): MaterialBatch {
  const comps = formulas.slice(from, to).map((f) => compositionArrays(new Map(f as unknown as [string, number][])));
  const B = comps.length, M = 3;
  const composition = { batchSize: B, maxElements: M, elements: new Int32Array(B * M), fractions: new Float32Array(B * M), elementFeatures: new Float32Array(B * M * ELEMENT_FEATURE_DIM) };
  comps.forEach((c, b) => {
    composition.elements.set(c.elements, b * M);
    composition.fractions.set(c.fractions, b * M);
    composition.elementFeatures.set(c.features, b * M * ELEMENT_FEATURE_DIM);
  });
  const rows = Int32Array.from({ length: B }, (_, i) => i);
  return { batches: { composition, xrd: { batchSize: B, points: P, values: profiles.slice(from * P, to * P) } }, rows: new Map([['composition', rows], ['xrd', rows]]) };
}

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
