import { expect } from 'chai';
import { tf } from '../../lib/env.js';
import { filterGradient, im2colTransposed } from '../../lib/kernels/conv2d_backprop_filter.js';
import { expectBackendParity, maxAbsDiff, onBackend, randomArray } from '../helpers/engine.js';

type Shape4 = [number, number, number, number];

/** The filter gradient of sum((conv2d(x, w))²) on the active backend. */
function filterGrad(x: Float32Array, xs: Shape4, w: Float32Array, fs: Shape4, strides: [number, number], pad: 'same' | 'valid'): tf.Tensor {
  return tf.grad((wi: tf.Tensor) => tf.sum(tf.square(tf.conv2d(tf.tensor4d(x, xs), wi as tf.Tensor4D, strides, pad))))(tf.tensor4d(w, fs));
}

describe('Conv2DBackpropFilter kernel (wasm)', () => {
  const cases: [string, Shape4, Shape4, [number, number], 'same' | 'valid'][] = [
    ['3×3, stride 1, same', [2, 7, 6, 3], [3, 3, 3, 4], [1, 1], 'same'],
    ['3×3, stride 2, same, odd sides', [2, 9, 7, 2], [3, 3, 2, 5], [2, 2], 'same'],
    ['3×3, stride 2, valid', [2, 9, 8, 2], [3, 3, 2, 5], [2, 2], 'valid'],
    ['2×5 non-square, stride (1, 2), same', [3, 6, 11, 3], [2, 5, 3, 4], [1, 2], 'same'],
    ['4×2 non-square, stride (2, 1), valid', [2, 10, 5, 2], [4, 2, 2, 3], [2, 1], 'valid'],
    ['1×7 as a 1-D conv, stride 2, same', [3, 1, 33, 4], [1, 7, 4, 6], [1, 2], 'same'],
    ['1×1, stride 2 (taps skip columns)', [2, 5, 5, 3], [1, 1, 3, 2], [2, 2], 'valid'],
  ];
  for (const [name, xs, fs, strides, pad] of cases) {
    it(`gives the filter gradient of the cpu reference: ${name}`, async () => {
      const x = randomArray(xs.reduce((p, q) => p * q), 61), w = randomArray(fs.reduce((p, q) => p * q), 62);
      await expectBackendParity(() => filterGrad(x, xs, w, fs, strides, pad));
    });
  }

  it('sums the gradient over batch chunks to the one-chunk result', async () => {
    const xs: Shape4 = [7, 6, 5, 3], dys: Shape4 = [7, 3, 3, 4];
    const x = randomArray(xs.reduce((p, q) => p * q), 63), dy = randomArray(dys.reduce((p, q) => p * q), 64);
    const info = tf.backend_util.computeConv2DInfo(xs, [3, 2, 3, 4], 2, 1, 'same', undefined, false, 'channelsLast');
    const perImage = 3 * 3 * 3 * 2 * 3; // output positions × patch length
    const [whole, chunked] = await onBackend('wasm', () => [Number.MAX_SAFE_INTEGER, 2 * perImage].map((limit) => {
      const out = filterGradient(tf.tensor4d(x, xs), tf.tensor4d(dy, dys), info, tf.backend(), limit);
      const values = Array.from(tf.backend().readSync(out.dataId) as Float32Array);
      tf.backend().disposeData(out.dataId);
      return values;
    }));
    expect(maxAbsDiff(chunked!, whole!)).to.be.below(1e-5);
  });

  it('lays out transposed patches as rows (kh, kw, ci) and columns (b, oh, ow), zero in the padding', () => {
    // x [1, 1, 3, 2]: positions 0..2, two channels; 1×3 filter, stride 1, same (pad 1 each side).
    const x = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const info = tf.backend_util.computeConv2DInfo([1, 1, 3, 2], [1, 3, 2, 1], 1, 1, 'same', undefined, false, 'channelsLast');
    const colsT = new Float32Array(6 * 3).fill(9);
    im2colTransposed(x, info, 0, 1, colsT);
    expect(Array.from(colsT)).to.deep.equal([
      0, 1, 3, /* kw 0, c 0 */ 0, 2, 4, /* kw 0, c 1 */
      1, 3, 5, /* kw 1, c 0 */ 2, 4, 6, /* kw 1, c 1 */
      3, 5, 0, /* kw 2, c 0 */ 4, 6, 0, /* kw 2, c 1 */
    ]);
  });
});
