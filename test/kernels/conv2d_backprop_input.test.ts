import { expect } from 'chai';
import { tf } from '../../lib/env.js';
import { expectBackendParity, onBackend, randomArray } from '../helpers/engine.js';

describe('Conv2DBackpropInput kernel (wasm)', () => {
  const cases: [string, number[], number[], [number, number], 'same' | 'valid'][] = [
    ['3×3, stride 1, same', [2, 7, 6, 3], [3, 3, 3, 4], [1, 1], 'same'],
    ['3×3, stride 2, same, odd side', [2, 9, 7, 2], [3, 3, 2, 5], [2, 2], 'same'],
    ['3×3, stride 2, valid', [1, 9, 8, 2], [3, 3, 2, 3], [2, 2], 'valid'],
    ['7-tap 1-D conv, stride 2, same', [3, 1, 33, 2], [1, 7, 2, 4], [1, 2], 'same'],
  ];
  for (const [name, xs, fs, strides, pad] of cases) {
    it(`gives the input gradient of the cpu reference: ${name}`, async () => {
      const x = randomArray(xs.reduce((p, q) => p * q), 31);
      const w = randomArray(fs.reduce((p, q) => p * q), 32);
      await expectBackendParity(() => tf.grad((xi: tf.Tensor) => tf.sum(tf.square(tf.conv2d(xi as tf.Tensor4D, tf.tensor4d(w, fs as [number, number, number, number]), strides, pad))))(
        tf.tensor4d(x, xs as [number, number, number, number])));
    });
  }

  it('gives the input gradient of conv1d like the cpu reference', async () => {
    const x = randomArray(2 * 40 * 3, 33), w = randomArray(5 * 3 * 4, 34);
    await expectBackendParity(() => tf.grad((xi: tf.Tensor) => tf.sum(tf.square(tf.conv1d(xi as tf.Tensor3D, tf.tensor3d(w, [5, 3, 4]), 2, 'same'))))(tf.tensor3d(x, [2, 40, 3])));
  });

  it('agrees with a finite difference of the loss', async () => {
    const x = randomArray(1 * 6 * 5 * 2, 35), w = randomArray(3 * 3 * 2 * 3, 36);
    const lossOf = (xv: Float32Array) => tf.sum(tf.square(tf.conv2d(tf.tensor4d(xv, [1, 6, 5, 2]), tf.tensor4d(w, [3, 3, 2, 3]), 2, 'same')));
    const g = await onBackend('wasm', () => tf.grad((xi: tf.Tensor) => tf.sum(tf.square(tf.conv2d(xi as tf.Tensor4D, tf.tensor4d(w, [3, 3, 2, 3]), 2, 'same'))))(tf.tensor4d(x, [1, 6, 5, 2])).dataSync());
    const h = 1e-2;
    for (const i of [0, 9, 31, 59]) {
      const up = Float32Array.from(x); up[i]! += h;
      const down = Float32Array.from(x); down[i]! -= h;
      const fd = await onBackend('wasm', () => (lossOf(up).dataSync()[0]! - lossOf(down).dataSync()[0]!) / (2 * h));
      expect(g[i]).to.be.closeTo(fd, 2e-2 * Math.max(1, Math.abs(fd)));
    }
  });
});
