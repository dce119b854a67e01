import { expect } from 'chai';
import { initEngine, tf } from '../../lib/env.js';
import { clipLoss, falseNegativeMask, multiPairLoss } from '../../lib/train/loss.js';
import { randomArray } from '../helpers/engine.js';

/** Rows normalised to unit length: [B, D]. */
function unitRows(values: Float32Array, B: number, D: number): tf.Tensor2D {
  return tf.tidy(() => { const x = tf.tensor2d(values, [B, D]); return tf.div(x, tf.norm(x, 2, 1, true)) as tf.Tensor2D; });
}

/** The study's formula written as loops, both directions averaged. */
function naiveLoss(a: number[][], b: number[][], scale: number, groups?: number[]): number {
  const B = a.length;
  const dot = (u: number[], v: number[]) => u.reduce((s, x, i) => s + x * v[i]!, 0);
  const direction = (q: number[][], t: number[][]) => {
    let total = 0;
    for (let i = 0; i < B; i++) {
      let denom = 0;
      for (let k = 0; k < B; k++) if (k === i || !groups || groups[i] !== groups[k]) denom += Math.exp(scale * dot(q[i]!, t[k]!));
      total -= Math.log(Math.exp(scale * dot(q[i]!, t[i]!)) / denom);
    }
    return total / B;
  };
  return (direction(a, b) + direction(b, a)) / 2;
}

describe('symmetric InfoNCE loss', () => {
  before(async () => { await initEngine('wasm'); });

  it('equals ln B when all embeddings are identical', () => {
    const B = 8;
    const z = tf.tidy(() => tf.tile(unitRows(randomArray(4, 1), 1, 4), [B, 1]) as tf.Tensor2D);
    const loss = clipLoss(z, z, 10).dataSync()[0]!;
    expect(loss).to.be.closeTo(Math.log(B), 1e-5);
    z.dispose();
  });

  it('goes to 0 for perfectly separated pairs at a low temperature', () => {
    const eye = tf.eye(6) as tf.Tensor2D;
    expect(clipLoss(eye, eye, 100).dataSync()[0]!).to.be.lessThan(1e-6);
    eye.dispose();
  });

  it('is symmetric in its two modalities', () => {
    const a = unitRows(randomArray(5 * 3, 2), 5, 3), b = unitRows(randomArray(5 * 3, 3), 5, 3);
    expect(clipLoss(a, b, 7).dataSync()[0]!).to.be.closeTo(clipLoss(b, a, 7).dataSync()[0]!, 1e-6);
    tf.dispose([a, b]);
  });

  it('equals a naive loop, with and without false negatives removed', () => {
    const a = unitRows(randomArray(6 * 4, 4), 6, 4), b = unitRows(randomArray(6 * 4, 5), 6, 4);
    const A = a.arraySync(), Bm = b.arraySync();
    expect(clipLoss(a, b, 3.5).dataSync()[0]!).to.be.closeTo(naiveLoss(A, Bm, 3.5), 1e-4);
    const groups = [0, 1, 0, 2, 3, 1];
    expect(clipLoss(a, b, 3.5, { groups }).dataSync()[0]!).to.be.closeTo(naiveLoss(A, Bm, 3.5, groups), 1e-4);
    tf.dispose([a, b]);
  });

  it('builds no mask when every group is distinct', () => {
    expect(falseNegativeMask([0, 1, 2])).to.equal(null);
    expect(Array.from(falseNegativeMask([5, 5])!)).to.deep.equal([0, -1e4, -1e4, 0]);
  });

  it('lets samples that lack a modality contribute nothing', () => {
    const a = unitRows(randomArray(4 * 3, 6), 4, 3), b = unitRows(randomArray(4 * 3, 7), 4, 3);
    // Material 2 has no b: its a-row is never paired.
    const pair = { a: 'x', b: 'y', rowsA: Int32Array.from([0, 1, 3]), rowsB: Int32Array.from([0, 1, 2]), groups: Int32Array.from([0, 1, 3]) };
    const withExtra = multiPairLoss(new Map([['x', a], ['y', b]]), [pair], 5).total.dataSync()[0]!;
    const a3 = tf.gather(a, [0, 1, 3]) as tf.Tensor2D, b3 = tf.gather(b, [0, 1, 2]) as tf.Tensor2D;
    expect(withExtra).to.be.closeTo(clipLoss(a3, b3, 5).dataSync()[0]!, 1e-6);
    // Changing the unpaired row changes nothing.
    const a2 = tf.concat([tf.slice(a, [0, 0], [2, 3]), tf.ones([1, 3]), tf.slice(a, [3, 0], [1, 3])]) as tf.Tensor2D;
    expect(multiPairLoss(new Map([['x', a2], ['y', b]]), [pair], 5).total.dataSync()[0]!).to.be.closeTo(withExtra, 1e-6);
    tf.dispose([a, b, a3, b3, a2]);
  });

  it('has the gradient finite differences give', () => {
    const B = 4, D = 3, h = 1e-2;
    const base = randomArray(B * D, 8), other = unitRows(randomArray(B * D, 9), B, D);
    const f = (v: Float32Array) => tf.tidy(() => clipLoss(tf.tensor2d(v, [B, D]), other, 2).dataSync()[0]!);
    const grad = tf.tidy(() => tf.grad((x: tf.Tensor) => clipLoss(x as tf.Tensor2D, other, 2))(tf.tensor2d(base, [B, D])).dataSync());
    for (const i of [0, 5, 11]) {
      const plus = Float32Array.from(base); plus[i]! += h;
      const minus = Float32Array.from(base); minus[i]! -= h;
      expect(grad[i]!).to.be.closeTo((f(plus) - f(minus)) / (2 * h), 2e-3);
    }
    other.dispose();
  });
});
