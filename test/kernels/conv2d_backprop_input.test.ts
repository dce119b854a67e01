import { expect } from 'chai';
import { tf } from '../../lib/env.js';
import { expectBackendParity, onBackend, randomArray } from '../helpers/engine.js';

type Shape4 = [number, number, number, number];

/** The input gradient of sum((conv2d(x, w))²) on the active backend. */
function inputGrad(x: Float32Array, xs: Shape4, w: Float32Array, fs: Shape4, strides: [number, number] | number, pad: 'same' | 'valid'): tf.Tensor {
  return tf.grad((xi: tf.Tensor) => tf.sum(tf.square(tf.conv2d(xi as tf.Tensor4D, tf.tensor4d(w, fs), strides, pad))))(tf.tensor4d(x, xs));
}

describe('Conv2DBackpropInput kernel (wasm)', () => {
  const cases: [string, Shape4, Shape4, [number, number], 'same' | 'valid'][] = [
    ['3×3, stride 1, same', [2, 7, 6, 3], [3, 3, 3, 4], [1, 1], 'same'],
    ['3×3, stride 2, same, odd side', [2, 9, 7, 2], [3, 3, 2, 5], [2, 2], 'same'],
    ['3×3, stride 2, valid', [1, 9, 8, 2], [3, 3, 2, 3], [2, 2], 'valid'],
    ['7-tap 1-D conv, stride 2, same', [3, 1, 33, 2], [1, 7, 2, 4], [1, 2], 'same'],
  ];
  for (const [name, xs, fs, strides, pad] of cases) {
    it(`gives the input gradient of the cpu reference: ${name}`, async () => {
      const x = randomArray(xs.reduce((p, q) => p * q), 31);
      const w = randomArray(fs.reduce((p, q) => p * q), 32);
      await expectBackendParity(() => inputGrad(x, xs, w, fs, strides, pad));
    });
  }

  it('gives the input gradient of conv1d like the cpu reference', async () => {
    const x = randomArray(2 * 40 * 3, 33), w = randomArray(5 * 3 * 4, 34);
    await expectBackendParity(() => tf.grad((xi: tf.Tensor) => tf.sum(tf.square(tf.conv1d(xi as tf.Tensor3D, tf.tensor3d(w, [5, 3, 4]), 2, 'same'))))(tf.tensor3d(x, [2, 40, 3])));
  });

  it('agrees with a finite difference of the loss', async () => {
    const x = randomArray(1 * 6 * 5 * 2, 35), w = randomArray(3 * 3 * 2 * 3, 36);
    const lossOf = (xv: Float32Array) => tf.sum(tf.square(tf.conv2d(tf.tensor4d(xv, [1, 6, 5, 2]), tf.tensor4d(w, [3, 3, 2, 3]), 2, 'same')));
    const g = await onBackend('wasm', () => inputGrad(x, [1, 6, 5, 2], w, [3, 3, 2, 3], 2, 'same').dataSync());
    const h = 1e-2;
    for (const i of [0, 9, 31, 59]) {
      const up = Float32Array.from(x); up[i]! += h;
      const down = Float32Array.from(x); down[i]! -= h;
      const fd = await onBackend('wasm', () => (lossOf(up).dataSync()[0]! - lossOf(down).dataSync()[0]!) / (2 * h));
      expect(g[i]).to.be.closeTo(fd, 2e-2 * Math.max(1, Math.abs(fd)));
    }
  });
});

describe('Conv2DBackpropInput kernel (wasm): both paths', () => {
  const cases: [string, Shape4, Shape4, [number, number], 'same' | 'valid'][] = [
    ['phase convs: 1×7, stride 2, valid, odd width', [2, 1, 31, 8], [1, 7, 8, 4], [1, 2], 'valid'],
    ['phase convs: 5×2 non-square, stride (2, 1), same', [2, 11, 6, 8], [5, 2, 8, 3], [2, 1], 'same'],
    ['phase convs: 3×3, stride 1, same (one conv is dx)', [2, 6, 7, 8], [3, 3, 8, 5], [1, 1], 'same'],
    ['phase convs: 2×4, stride 1, valid (padding after only)', [2, 6, 9, 8], [2, 4, 8, 5], [1, 1], 'valid'],
    ['phase convs: 1×1, stride (1, 3) (phases without taps)', [1, 4, 10, 8], [1, 1, 8, 2], [1, 3], 'valid'],
    ['col2im: 3×3, stride 2, same, 16 channels', [2, 9, 8, 16], [3, 3, 16, 4], [2, 2], 'same'],
    ['col2im: 2×3 non-square, stride 1, 2 channels', [2, 7, 6, 2], [2, 3, 2, 4], [1, 1], 'same'],
  ];
  for (const [name, xs, fs, strides, pad] of cases) {
    it(`gives the input gradient of the cpu reference: ${name}`, async () => {
      const x = randomArray(xs.reduce((p, q) => p * q), 37), w = randomArray(fs.reduce((p, q) => p * q), 38);
      await expectBackendParity(() => inputGrad(x, xs, w, fs, strides, pad));
    });
  }

  it('adds the col2im chunks of a large batch like the cpu reference', async () => {
    // 4 channels (col2im path), 64×64 patches of 3·3·4 floats: 120 images exceed one 16M-float chunk.
    const xs: Shape4 = [120, 64, 64, 4], fs: Shape4 = [3, 3, 4, 2];
    const x = randomArray(xs.reduce((p, q) => p * q), 39), w = randomArray(fs.reduce((p, q) => p * q), 40);
    const weights = randomArray(xs.reduce((p, q) => p * q), 41);
    await expectBackendParity(() => {
      const g = inputGrad(x, xs, w, fs, [1, 1], 'same');
      // Images 112 and 113 sit on both sides of the chunk boundary; the weighted total covers all.
      return [tf.slice(g, [112, 0, 0, 0], [2, 16, 64, 4]), tf.sum(tf.mul(g, tf.tensor4d(weights, xs)))];
    }, 1e-3);
  });
});
