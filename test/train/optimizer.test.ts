import { expect } from 'chai';
import { initEngine, tf } from '../../lib/env.js';
import { AdamW, clipByGlobalNorm, scheduledLr } from '../../lib/train/optimizer.js';

describe('AdamW, schedule and clipping', () => {
  before(async () => { await initEngine('wasm'); });

  it('moves each weight by lr against the sign of its gradient on the first step, decaying matrices only', () => {
    const vars = new Map<string, tf.Variable>([['w', tf.variable(tf.tensor2d([[1, -2]]))], ['b', tf.variable(tf.tensor1d([3]))]]);
    const opt = new AdamW({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.1 });
    const before = tf.memory().numTensors;
    const grads = new Map<string, tf.Tensor>([['w', tf.tensor2d([[0.5, -4]])], ['b', tf.tensor1d([2])]]);
    opt.apply(vars, grads, 0.01);
    tf.dispose([...grads.values()]);
    // Step 1: m̂ = g and v̂ = g², so the update is sign(g); plus decay 0.1·w on the matrix only.
    const w = vars.get('w')!.dataSync();
    expect(w[0]).to.be.closeTo(1 - 0.01 * (1 + 0.1), 1e-6);
    expect(w[1]).to.be.closeTo(-2 - 0.01 * (-1 - 0.2), 1e-6);
    expect(vars.get('b')!.dataSync()[0]).to.be.closeTo(3 - 0.01, 1e-6);
    // Only the state (m and v of each parameter) remains.
    expect(tf.memory().numTensors - before).to.equal(4);
  });

  it('restores its state exactly from a serialisation', () => {
    const make = () => new Map([['w', tf.variable(tf.tensor2d([[1, 2], [3, 4]]))]]);
    const g = () => new Map([['w', tf.tensor2d([[0.1, -0.2], [0.3, 0.4]])]]);
    const a = make(), b = make();
    const optA = new AdamW(), optB = new AdamW();
    optA.apply(a, g(), 0.01);
    optB.load(optA.serialize());
    b.get('w')!.assign(a.get('w')!);
    optA.apply(a, g(), 0.01);
    optB.apply(b, g(), 0.01);
    expect(Array.from(b.get('w')!.dataSync())).to.deep.equal(Array.from(a.get('w')!.dataSync()));
    expect(optB.step).to.equal(2);
  });

  it('warms up linearly, then decays by a cosine to lr·minRatio', () => {
    expect(scheduledLr(0, 100, 1, 0.1, 0.1)).to.be.closeTo(0.1, 1e-12);
    expect(scheduledLr(9, 100, 1, 0.1, 0.1)).to.be.closeTo(1, 1e-12);
    expect(scheduledLr(100, 100, 1, 0.1, 0.1)).to.be.closeTo(0.1, 1e-12);
  });

  it('clips gradients to the global norm and reports the norm before clipping', () => {
    const grads = new Map<string, tf.Tensor>([['a', tf.tensor1d([3, 0])], ['b', tf.tensor1d([4])]]);
    expect(clipByGlobalNorm(grads, 1)).to.be.closeTo(5, 1e-6);
    expect(Array.from(grads.get('a')!.dataSync())[0]).to.be.closeTo(0.6, 1e-6);
    expect(grads.get('b')!.dataSync()[0]).to.be.closeTo(0.8, 1e-6);
  });
});
