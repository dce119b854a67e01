import { expect } from 'chai';
import { tf } from '../../lib/env.js';
import { sumMiddleAxis } from '../../lib/kernels/sum.js';
import { expectBackendParity, onBackend, randomArray } from '../helpers/engine.js';

describe('Sum kernel (wasm)', () => {
  const shape = [4, 5, 6];
  const x = randomArray(4 * 5 * 6, 41);
  const axesCases: (number | number[])[] = [0, 1, 2, -1, [0, 1], [1, 2], [0, 2], [0, 1, 2], [2, 0]];
  for (const axis of axesCases) {
    for (const keepDims of [false, true]) {
      it(`sums float32 over axis ${JSON.stringify(axis)}${keepDims ? ' keeping dims' : ''} like the cpu reference`, async () => {
        await expectBackendParity(() => {
          const s = tf.sum(tf.tensor(x, shape), axis, keepDims);
          return [s, tf.tensor1d(s.shape.length ? s.shape : [0])];
        });
      });
    }
  }

  it('sums int32 over leading, middle and inner axes, keeping the dtype', async () => {
    const ints = Int32Array.from({ length: 4 * 5 * 6 }, (_, i) => (i * 7919) % 23 - 11);
    const results = await onBackend('wasm', () => [[0], [1], [0, 1], [2]].map((a) => {
      const s = tf.sum(tf.tensor(ints, shape, 'int32'), a);
      return { dtype: s.dtype, values: Array.from(s.dataSync()) };
    }));
    const expected = await onBackend('cpu', () => [[0], [1], [0, 1], [2]].map((a) => Array.from(tf.sum(tf.tensor(ints, shape, 'int32'), a).dataSync())));
    results.forEach((r, i) => {
      expect(r.dtype).to.equal('int32');
      expect(r.values).to.deep.equal(expected[i]);
    });
  });

  it('sums more rows than one unrolled pass holds, with a remainder', () => {
    const rows = 19, inner = 3;
    const data = Float32Array.from({ length: rows * 2 * inner }, (_, i) => i % 5);
    const out = new Float32Array(2 * inner);
    sumMiddleAxis(data, 2, rows, inner, out);
    for (let o = 0; o < 2; o++) for (let j = 0; j < inner; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += data[(o * rows + r) * inner + j]!;
      expect(out[o * inner + j]).to.equal(s);
    }
  });

  it('gives the bias and layer-norm gradients of the cpu reference', async () => {
    const h = randomArray(37 * 12, 42), bias = randomArray(12, 43), gamma = randomArray(12, 44);
    await expectBackendParity(() => tf.grads((hi: tf.Tensor, bi: tf.Tensor, gi: tf.Tensor) => {
      const y = tf.add(hi, bi);
      const { mean, variance } = tf.moments(y, -1, true);
      return tf.sum(tf.square(tf.mul(tf.div(tf.sub(y, mean), tf.sqrt(tf.add(variance, 1e-5))), gi)));
    })([tf.tensor2d(h, [37, 12]), tf.tensor1d(bias), tf.tensor1d(gamma)]), 1e-3);
  });
});
