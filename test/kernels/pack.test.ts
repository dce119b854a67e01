import { expect } from 'chai';
import { tf } from '../../lib/env.js';
import { expectBackendParity, onBackend, randomArray } from '../helpers/engine.js';

describe('Pack kernel (wasm)', () => {
  const a = randomArray(3 * 5 * 4, 51), b = randomArray(3 * 5 * 4, 52), c = randomArray(3 * 5 * 4, 53);
  for (const axis of [0, 1, 2, 3, -1]) {
    it(`stacks along axis ${axis} like the cpu reference`, async () => {
      await expectBackendParity(() => [
        tf.stack([tf.tensor3d(a, [3, 5, 4]), tf.tensor3d(b, [3, 5, 4])], axis),
        tf.stack([tf.tensor3d(a, [3, 5, 4]), tf.tensor3d(b, [3, 5, 4]), tf.tensor3d(c, [3, 5, 4])], axis),
      ]);
    });
  }

  it('stacks long runs (block copies) like the cpu reference', async () => {
    const big = randomArray(2 * 100, 54);
    await expectBackendParity(() => tf.stack([tf.tensor2d(big, [2, 100]), tf.tensor2d(big.map((v) => -v), [2, 100])], 1));
  });

  it('keeps int32 and bool values and dtypes', async () => {
    const got = await onBackend('wasm', () => {
      const i = tf.stack([tf.tensor1d([1, 2, 3], 'int32'), tf.tensor1d([4, 5, 6], 'int32')], 1);
      const m = tf.stack([tf.tensor1d([true, false]), tf.tensor1d([false, false])], 1);
      return { i: [i.dtype, Array.from(i.dataSync())], m: [m.dtype, Array.from(m.dataSync())] };
    });
    expect(got.i).to.deep.equal(['int32', [1, 4, 2, 5, 3, 6]]);
    expect(got.m).to.deep.equal(['bool', [1, 0, 0, 0]]);
  });

  it('gives the gradient of each stacked input like the cpu reference', async () => {
    await expectBackendParity(() => tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.square(tf.mul(tf.stack([p, q], 3), tf.range(1, 3)))))(
      [tf.tensor3d(a, [3, 5, 4]), tf.tensor3d(b, [3, 5, 4])]));
  });

  it('still rejects inputs of different shapes', async () => {
    await onBackend('wasm', () => { expect(() => tf.stack([tf.ones([2, 3]), tf.ones([3, 2])])).to.throw(); });
  });
});
