import { expect } from 'chai';
import { AlignConfig, PRESETS } from '../../lib/config.js';
import { ELEMENT_FEATURE_DIM } from '../../lib/data/paired/features.js';
import { NODE_FEATURE_DIM } from '../../lib/data/structure/graph.js';
import { initEngine, tf } from '../../lib/env.js';
import { AlignmentModel } from '../../lib/models/clip_model.js';
import { DataParallelStepper, defaultWorkerCount, splitParts } from '../../lib/train/data_parallel.js';
import { lossAndGradients } from '../../lib/train/step.js';
import { compositionXrdChunk, POINTS } from '../helpers/contrastive_batches.js';
import { maxAbsDiff } from '../helpers/engine.js';

const tiny = PRESETS.tiny;
const config: AlignConfig = { ...tiny, loss: { ...tiny.loss, pairs: [['composition', 'xrd']] } };
const P = POINTS;
const chunk = compositionXrdChunk;

function model(): AlignmentModel {
  const m = new AlignmentModel(config.model, { cutoff: 6, vocabSize: 10, nodeFeatures: NODE_FEATURE_DIM, elementFeatures: ELEMENT_FEATURE_DIM, xrdPoints: P }, 5);
  m.initialize(['composition', 'xrd']);
  return m;
}

/** Gradients agree to float rounding: relative to the parameter's largest entry (floored for ~0 gradients). */
function expectSameGradients(a: Map<string, tf.Tensor>, b: Map<string, tf.Tensor>): void {
  expect([...b.keys()].sort()).to.deep.equal([...a.keys()].sort());
  for (const [name, g] of a) {
    const ref = g.dataSync();
    const scale = Math.max(1e-3, ...Array.from(ref, Math.abs));
    expect(maxAbsDiff(b.get(name)!.dataSync(), ref) / scale, name).to.be.below(1e-4);
  }
}

describe('data-parallel training steps on worker threads', function () {
  this.timeout(120_000);
  let stepper: DataParallelStepper;
  let m: AlignmentModel;
  const groups = Int32Array.from([0, 1, 2, 3, 4]);
  before(async () => {
    await initEngine('wasm');
    m = model();
    stepper = await DataParallelStepper.start(m, 2, 'wasm', ['composition', 'xrd'], 3, config.loss.temperature);
  });
  after(async () => { await stepper.close(); m.dispose(); });

  it('gives the loss and gradients of one pass over the whole batch, and leaks no tensors', async () => {
    const whole = lossAndGradients(m, config, { chunks: [chunk(0, 5)], sizes: [5], groups });
    const before = tf.memory().numTensors;
    const parallel = await stepper.lossAndGradients(m, config, [chunk(0, 3), chunk(3, 5)], [3, 2], groups);
    expect(parallel.loss).to.be.closeTo(whole.loss, 1e-5);
    expect(parallel.perPair['composition-xrd']).to.be.closeTo(whole.perPair['composition-xrd']!, 1e-5);
    expectSameGradients(whole.grads, parallel.grads);
    tf.dispose([...parallel.grads.values()]);
    expect(tf.memory().numTensors).to.equal(before);
    tf.dispose([...whole.grads.values()]);
  });

  it('follows parameter updates between steps and handles a part lacking a modality', async () => {
    const xrdW = m.params.require('xrd.conv0.w');
    tf.tidy(() => xrdW.assign(tf.mul(xrdW, 1.5)));
    // Material 4 has no XRD: the second part's XRD rows are position 0 only.
    const whole = lossAndGradients(m, config, { chunks: [chunk(0, 3), chunk(3, 5, [0])], sizes: [3, 2], groups });
    const parallel = await stepper.lossAndGradients(m, config, [chunk(0, 3), chunk(3, 5, [0])], [3, 2], groups);
    expect(parallel.loss).to.be.closeTo(whole.loss, 1e-5);
    expectSameGradients(whole.grads, parallel.grads);
    tf.dispose([...whole.grads.values(), ...parallel.grads.values()]);
  });

  it('refuses a modality the workers have no tower for', async () => {
    const part = chunk(0, 2);
    part.rows.set('text', Int32Array.from([0]));
    let error: Error | null = null;
    try { await stepper.lossAndGradients(m, config, [part], [2], groups.slice(0, 2)); } catch (e) { error = e as Error; }
    expect(error?.message).to.match(/no text tower/);
  });

  it("reports a worker's failure as an error of the step (here: profiles of the wrong length)", async () => {
    const m2 = model();
    const s2 = await DataParallelStepper.start(m2, 1, 'wasm', ['composition', 'xrd'], 3, config.loss.temperature);
    let error: Error | null = null;
    try { await s2.lossAndGradients(m2, config, [chunk(0, 2, [0, 1], P / 2)], [2], groups.slice(0, 2)); } catch (e) { error = e as Error; }
    await s2.close();
    m2.dispose();
    expect(error?.message).to.match(/^training worker: .*xrd/);
  });
});

describe('work split across worker threads', () => {
  it('splits a batch into contiguous near-equal parts, none empty', () => {
    expect(splitParts([1, 2, 3, 4, 5], 2)).to.deep.equal([[1, 2], [3, 4, 5]]);
    expect(splitParts([1, 2], 4)).to.deep.equal([[1], [2]]);
    expect(splitParts([1, 2, 3, 4, 5, 6, 7], 3).flat()).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
  });

  it('uses no workers on a GPU backend', () => {
    expect(defaultWorkerCount('webgpu')).to.equal(0);
    expect(defaultWorkerCount('tensorflow')).to.equal(0);
  });
});
