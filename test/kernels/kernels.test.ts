import { expect } from 'chai';
import { tf } from '../../lib/env.js';
import { segmentSumInto } from '../../lib/kernels/segment_sum.js';
import { maxAbsDiff, onBackend, randomArray } from '../helpers/engine.js';

const TOL = 1e-4;

/** Runs f on wasm and on the cpu reference; returns both results as flat arrays. */
async function bothBackends(f: () => tf.Tensor | tf.Tensor[]): Promise<[number[][], number[][]]> {
  const run = (t: tf.Tensor | tf.Tensor[]) => (Array.isArray(t) ? t : [t]).map((x) => Array.from(x.dataSync()));
  const wasm = await onBackend('wasm', () => run(f()));
  const cpu = await onBackend('cpu', () => run(f()));
  return [wasm, cpu];
}

async function expectParity(f: () => tf.Tensor | tf.Tensor[], tol = TOL): Promise<void> {
  const [wasm, cpu] = await bothBackends(f);
  expect(wasm.length).to.equal(cpu.length);
  wasm.forEach((w, i) => expect(maxAbsDiff(w, cpu[i]!)).to.be.below(tol * Math.max(1, ...cpu[i]!.map(Math.abs))));
}

describe('project kernels', () => {
  describe('UnsortedSegmentSum', () => {
    const x = randomArray(7 * 5, 1);
    const ids = Int32Array.from([3, 0, 3, 1, -1, 9, 0]); // -1 and 9 fall outside 4 segments

    it('matches a naive per-row loop on wasm and cpu, dropping out-of-range ids', async () => {
      const expected = new Float32Array(4 * 5);
      for (let r = 0; r < 7; r++) if (ids[r]! >= 0 && ids[r]! < 4) for (let j = 0; j < 5; j++) expected[ids[r]! * 5 + j]! += x[r * 5 + j]!;
      for (const backend of ['wasm', 'cpu'] as const) {
        const got = await onBackend(backend, () => tf.unsortedSegmentSum(tf.tensor2d(x, [7, 5]), tf.tensor1d(ids, 'int32'), 4).dataSync());
        expect(maxAbsDiff(got, expected), backend).to.be.below(TOL);
      }
    });

    it('segmentSumInto accumulates int32 rows too', () => {
      const out = new Int32Array(2 * 2);
      segmentSumInto([1, 2, 3, 4, 5, 6], [1, 1, 0], 2, 2, out);
      expect(Array.from(out)).to.deep.equal([5, 6, 4, 6]);
    });

    it('gives the gradient of gather equal to the cpu reference and to finite differences', async () => {
      const table = randomArray(6 * 3, 2);
      const idx = Int32Array.from([0, 5, 5, 2, 0, 0, 3]);
      const weights = randomArray(7 * 3, 3);
      const loss = (t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, tf.tensor1d(idx, 'int32')), tf.tensor2d(weights, [7, 3])));
      await expectParity(() => tf.grad(loss)(tf.tensor2d(table, [6, 3])));
      // d loss / d table[i] = Σ of the weight rows gathered from i: check one entry by hand.
      const g = await onBackend('wasm', () => tf.grad(loss)(tf.tensor2d(table, [6, 3])).dataSync());
      expect(g[0]).to.be.closeTo(weights[0]! + weights[4 * 3]! + weights[5 * 3]!, 1e-5);
    });
  });

  describe('BatchMatMul', () => {
    const cases: [string, number[], number[], boolean, boolean][] = [
      ['plain 2-D', [5, 4], [4, 3], false, false],
      ['transposed A', [4, 5], [4, 3], true, false],
      ['transposed B', [5, 4], [3, 4], false, true],
      ['both transposed, batched', [3, 4, 5], [3, 2, 4], true, true],
      ['batched A, shared B (folded into rows)', [3, 5, 4], [4, 2], false, false],
      ['shared A, batched B (folded into columns)', [5, 4], [3, 4, 2], false, false],
      ['batched both, rank 4', [2, 3, 5, 4], [2, 3, 4, 2], false, false],
      ['broadcast batch dims', [2, 1, 5, 4], [1, 3, 4, 2], false, false],
    ];
    for (const [name, sa, sb, ta, tb] of cases) {
      it(`matches the cpu reference: ${name}`, async () => {
        const a = randomArray(sa.reduce((p, q) => p * q), 4);
        const b = randomArray(sb.reduce((p, q) => p * q), 5);
        await expectParity(() => tf.matMul(tf.tensor(a, sa), tf.tensor(b, sb), ta, tb));
      });
    }

    it('gives gradients equal to the cpu reference', async () => {
      const a = randomArray(3 * 5 * 4, 6), b = randomArray(3 * 4 * 2, 7);
      await expectParity(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y))))([tf.tensor(a, [3, 5, 4]), tf.tensor(b, [3, 4, 2])]));
    });
  });

  describe('Slice and SplitV', () => {
    const x = randomArray(4 * 5 * 6 * 3 * 2, 8);
    const shape = [4, 5, 6, 3, 2];

    it('slices boxes of every rank like the cpu reference', async () => {
      await expectParity(() => [
        tf.slice(tf.tensor(x.subarray(0, 20), [20]), [3], [9]),
        tf.slice(tf.tensor(x.subarray(0, 30), [5, 6]), [1, 2], [3, 4]),
        tf.slice(tf.tensor(x, shape), [1, 0, 2, 0, 0], [2, 5, 3, 3, 2]),
        tf.slice(tf.tensor(x, shape), [0, 1, 1, 1, 1], [4, 3, 4, 2, 1]),
        tf.slice(tf.tensor(x, shape), [2, 0, 0, 0, 0], [1, -1, -1, -1, -1]),
      ]);
    });

    it('splits along any axis like the cpu reference', async () => {
      await expectParity(() => [...tf.split(tf.tensor(x, shape), [1, 3, 2], 2), ...tf.split(tf.tensor(x, shape), 2, 0)]);
    });

    it('gives the gradient of a slice equal to the cpu reference', async () => {
      await expectParity(() => tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.slice(t, [1, 1, 0, 0, 0], [2, 3, 6, 3, 1]))))(tf.tensor(x, shape)));
    });
  });

  describe('Conv2DBackpropFilter', () => {
    const cases: [string, number[], number[], [number, number], 'same' | 'valid'][] = [
      ['3×3, stride 1, same', [2, 7, 6, 3], [3, 3, 3, 4], [1, 1], 'same'],
      ['3×3, stride 2, valid', [2, 9, 8, 2], [3, 3, 2, 5], [2, 2], 'valid'],
      ['5×1, stride 2, same (as a 1-D conv)', [3, 11, 1, 2], [5, 1, 2, 3], [2, 1], 'same'],
    ];
    for (const [name, xs, fs, strides, pad] of cases) {
      it(`matches the cpu reference: ${name}`, async () => {
        const x = randomArray(xs.reduce((p, q) => p * q), 9);
        const w = randomArray(fs.reduce((p, q) => p * q), 10);
        await expectParity(() => tf.grads((xi: tf.Tensor, wi: tf.Tensor) => tf.sum(tf.square(tf.conv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, strides, pad))))(
          [tf.tensor4d(x, xs as [number, number, number, number]), tf.tensor4d(w, fs as [number, number, number, number])]));
      });
    }

    it('agrees with a finite difference of the loss', async () => {
      const x = randomArray(1 * 5 * 5 * 2, 11), w = randomArray(3 * 3 * 2 * 2, 12);
      const lossOf = (wv: Float32Array) => tf.sum(tf.square(tf.conv2d(tf.tensor4d(x, [1, 5, 5, 2]), tf.tensor4d(wv, [3, 3, 2, 2]), 1, 'same')));
      const g = await onBackend('wasm', () => tf.grad((wi: tf.Tensor) => tf.sum(tf.square(tf.conv2d(tf.tensor4d(x, [1, 5, 5, 2]), wi as tf.Tensor4D, 1, 'same'))))(tf.tensor4d(w, [3, 3, 2, 2])).dataSync());
      const h = 1e-2;
      for (const i of [0, 7, 20, 35]) {
        const up = Float32Array.from(w); up[i]! += h;
        const down = Float32Array.from(w); down[i]! -= h;
        const fd = await onBackend('wasm', () => (lossOf(up).dataSync()[0]! - lossOf(down).dataSync()[0]!) / (2 * h));
        expect(g[i]).to.be.closeTo(fd, 2e-2 * Math.max(1, Math.abs(fd)));
      }
    });
  });

  it('leaks no tensors across a forward and backward pass on wasm', async () => {
    const before = await onBackend('wasm', () => tf.memory().numTensors);
    await onBackend('wasm', () => {
      const x = tf.tensor(randomArray(2 * 6 * 6 * 2, 13), [2, 6, 6, 2]);
      tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')))([x as tf.Tensor4D, tf.ones([3, 3, 2, 2]) as tf.Tensor4D]);
      tf.grad((t: tf.Tensor) => tf.sum(tf.matMul(t, t, true, false)))(tf.ones([3, 3]));
      return 0;
    });
    expect(await onBackend('wasm', () => tf.memory().numTensors)).to.equal(before);
  });
});
