import { expect } from 'chai';
import { tf } from '../../lib/env.js';
import { expectBackendParity, onBackend, randomArray } from '../helpers/engine.js';

describe('Identity kernel (wasm)', () => {
  it('shares data safely: the copy outlives its source and gradients pass through', async () => {
    const values = randomArray(12, 41);
    const kept = await onBackend('wasm', () => {
      const x = tf.tensor2d(values, [3, 4]);
      const y = tf.keep(tf.clone(x));
      x.dispose();
      return y;
    });
    expect(Array.from(kept.dataSync())).to.deep.equal(Array.from(values));
    kept.dispose();
    await expectBackendParity(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.clone(t), tf.clone(t))))(tf.tensor2d(values, [3, 4])));
  });

  it('leaves no tensor behind', async () => {
    const before = await onBackend('wasm', () => tf.memory().numTensors);
    await onBackend('wasm', () => { tf.clone(tf.ones([5])); return 0; });
    expect(await onBackend('wasm', () => tf.memory().numTensors)).to.equal(before);
  });
});
