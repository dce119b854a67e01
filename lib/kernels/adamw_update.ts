// One AdamW update of one parameter as a single kernel for wasm and cpu: written as TF.js ops
// it is ~12 elementwise kernels per parameter (≈1,300 calls a `full` step, 30–80 ms on the
// training thread while data-parallel workers wait); here one pass over p, m, v, g.
// Math as in train/optimizer.ts: m' = β1·m + (1−β1)·g, v' = β2·v + (1−β2)·g²,
// p' = p − lr·((m'/c1) / (√(v'/c2) + ε) + decay·p), with c1, c2 the bias corrections.
import * as tf from '@tensorflow/tfjs-core';
import { dataAccess, TensorInfo } from './backend_access.js';

export const ADAMW_UPDATE = 'MatalignAdamWUpdate';

export interface AdamWUpdateAttrs {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  /** 1 − β1^t and 1 − β2^t at update t. */
  readonly c1: number;
  readonly c2: number;
  readonly epsilon: number;
  /** Decoupled weight decay of this parameter (0 for biases, gains, scales). */
  readonly decay: number;
}

/** Writes the updated p, m, v (all [n] float32) into pOut, mOut, vOut. */
export function adamwUpdateInto(p: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, a: AdamWUpdateAttrs, pOut: Float32Array, mOut: Float32Array, vOut: Float32Array): void {
  const { lr, beta1, beta2, c1, c2, epsilon, decay } = a;
  const b1 = 1 - beta1, b2 = 1 - beta2;
  for (let i = 0; i < p.length; i++) {
    const gi = g[i]!;
    const mi = beta1 * m[i]! + b1 * gi;
    const vi = beta2 * v[i]! + b2 * gi * gi;
    mOut[i] = mi;
    vOut[i] = vi;
    pOut[i] = p[i]! - lr * (mi / c1 / (Math.sqrt(vi / c2) + epsilon) + decay * p[i]!);
  }
}

export function makeAdamWUpdateKernel(backendName: 'wasm' | 'cpu'): tf.KernelConfig {
  return {
    kernelName: ADAMW_UPDATE,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { p, m, v, g } = inputs as { p: TensorInfo; m: TensorInfo; v: TensorInfo; g: TensorInfo };
      const access = dataAccess(backendName, backend);
      const outs = [access.output([...p.shape], 'float32'), access.output([...p.shape], 'float32'), access.output([...p.shape], 'float32')];
      // Views after every output is made: growing the wasm heap detaches older views.
      const [pOut, mOut, vOut] = outs.map((o) => access.view(o) as Float32Array);
      adamwUpdateInto(access.view(p) as Float32Array, access.view(m) as Float32Array, access.view(v) as Float32Array, access.view(g) as Float32Array,
        attrs as unknown as AdamWUpdateAttrs, pOut!, mOut!, vOut!);
      return outs;
    },
  };
}
