import { expect } from 'chai';
import { tf } from '../../lib/env.js';
import { gatherRowsInto } from '../../lib/kernels/gather.js';
import { expectBackendParity, onBackend, randomArray } from '../helpers/engine.js';

describe('GatherV2 kernel (wasm)', () => {
  const x = randomArray(6 * 4 * 3, 21);
  const ids = Int32Array.from([5, 0, 0, 3, 2, 5, 1]);

  it('gathers rows, inner axes and single columns like the cpu reference', async () => {
    await expectBackendParity(() => [
      tf.gather(tf.tensor2d(x.subarray(0, 24), [6, 4]), tf.tensor1d(ids, 'int32')),
      tf.gather(tf.tensor3d(x, [6, 4, 3]), tf.tensor1d(Int32Array.from([3, 0, 3]), 'int32'), 1),
      tf.gather(tf.tensor3d(x, [6, 4, 3]), tf.tensor1d(Int32Array.from([2, 2, 0, 1]), 'int32'), 2),
      tf.gather(tf.tensor2d(x.subarray(0, 24), [6, 4]), tf.tensor2d(ids.subarray(0, 6), [2, 3], 'int32')),
      tf.gather(tf.tensor1d(Int32Array.from([7, 8, 9]), 'int32'), tf.tensor1d(Int32Array.from([2, 0]), 'int32')),
    ]);
  });

  it('gives the gradient of a gather like the cpu reference', async () => {
    const w = randomArray(7 * 4, 22);
    await expectBackendParity(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, tf.tensor1d(ids, 'int32')), tf.tensor2d(w, [7, 4]))))(tf.tensor2d(x.subarray(0, 24), [6, 4])));
  });

  it('rejects an index outside the gathered axis', async () => {
    await onBackend('wasm', () => {
      expect(() => tf.gather(tf.tensor2d(x.subarray(0, 24), [6, 4]), tf.tensor1d(Int32Array.from([6]), 'int32'))).to.throw(/not in \[0, 5\]/);
    });
  });

  it('gatherRowsInto copies whole rows per outer block', () => {
    const out = new Float32Array(2 * 2 * 2);
    gatherRowsInto(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), [2, 0], 2, 3, 2, out);
    expect(Array.from(out)).to.deep.equal([5, 6, 1, 2, 11, 12, 7, 8]);
  });
});
