import { expect } from 'chai';
import { tf } from '../../lib/env.js';
import { ADAMW_UPDATE, AdamWUpdateAttrs } from '../../lib/kernels/adamw_update.js';
import { adamwUpdateOps } from '../../lib/train/optimizer.js';
import { maxAbsDiff, onBackend, randomArray } from '../helpers/engine.js';

const attrs: AdamWUpdateAttrs = { lr: 0.01, beta1: 0.9, beta2: 0.999, c1: 1 - 0.9 ** 3, c2: 1 - 0.999 ** 3, epsilon: 1e-8, decay: 0.05 };
const n = 37;
const p = randomArray(n, 1), m = randomArray(n, 2).map((x) => x * 0.1), v = randomArray(n, 3).map((x) => x * x * 0.01), g = randomArray(n, 4);

/** The update in float64, written out. */
function reference(a: AdamWUpdateAttrs): [number[], number[], number[]] {
  const m2 = Array.from(m, (mi, i) => a.beta1 * mi + (1 - a.beta1) * g[i]!);
  const v2 = Array.from(v, (vi, i) => a.beta2 * vi + (1 - a.beta2) * g[i]! ** 2);
  const p2 = Array.from(p, (pi, i) => pi - a.lr * (m2[i]! / a.c1 / (Math.sqrt(v2[i]! / a.c2) + a.epsilon) + a.decay * pi));
  return [p2, m2, v2];
}

describe('fused AdamW update kernel', () => {
  for (const decay of [0.05, 0]) {
    it(`equals the written-out update and the TF.js-op form on wasm and cpu (decay ${decay})`, async () => {
      const a = { ...attrs, decay };
      const expected = reference(a);
      for (const backend of ['wasm', 'cpu'] as const) {
        const [fused, ops] = await onBackend(backend, () => {
          const ins = { p: tf.tensor1d(p), m: tf.tensor1d(m), v: tf.tensor1d(v), g: tf.tensor1d(g) };
          const f = (tf.engine().runKernel(ADAMW_UPDATE, ins, a as unknown as tf.NamedAttrMap) as tf.Tensor[]).map((t) => Array.from(t.dataSync()));
          const o = adamwUpdateOps(ins.p, ins.m, ins.v, ins.g, a).map((t) => Array.from(t.dataSync()));
          return [f, o];
        });
        expected.forEach((e, k) => {
          expect(maxAbsDiff(fused[k]!, e), `${backend} fused ${k}`).to.be.below(1e-6);
          expect(maxAbsDiff(ops[k]!, e), `${backend} ops ${k}`).to.be.below(1e-5);
        });
      }
    });
  }
});
