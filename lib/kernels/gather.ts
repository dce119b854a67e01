// GatherV2 for wasm (batchDims 0, any axis). The stock kernel moves one element at a time
// through generic strides (≈0.2 s for a [B·N·K = 37k, 96] message gather); this one copies
// whole contiguous rows from heap views.
import * as tf from '@tensorflow/tfjs-core';
import { dataAccess, NumericArray, TensorInfo } from './backend_access.js';

/**
 * out[o, i, :] = x[o, ids[i], :] for x viewed as [outer, dim, inner]. Throws on an index
 * outside [0, dim), as the stock kernels do.
 */
export function gatherRowsInto(x: NumericArray, ids: ArrayLike<number>, outer: number, dim: number, inner: number, out: NumericArray): void {
  const n = ids.length;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    if (!(id >= 0 && id < dim)) throw new Error(`GatherV2: the index value ${id} is not in [0, ${dim - 1}]`);
  }
  for (let o = 0; o < outer; o++) {
    const src = o * dim * inner, dst = o * n * inner;
    if (inner === 1) for (let i = 0; i < n; i++) out[dst + i] = x[src + ids[i]!]!;
    else for (let i = 0; i < n; i++) out.set(x.subarray(src + ids[i]! * inner, src + (ids[i]! + 1) * inner), dst + i * inner);
  }
}

export function makeWasmGatherKernel(stock: tf.KernelConfig['kernelFunc']): tf.KernelConfig {
  return {
    kernelName: tf.GatherV2,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { inputs, attrs, backend } = args;
      const { x, indices } = inputs as { x: TensorInfo; indices: TensorInfo };
      const { axis, batchDims } = attrs as unknown as { axis: number; batchDims: number };
      if ((batchDims ?? 0) !== 0 || x.dtype === 'string' || x.dtype === 'complex64') return stock(args);
      const ax = tf.util.parseAxisParam(axis, x.shape)[0]!;
      const outer = tf.util.sizeFromShape(x.shape.slice(0, ax));
      const dim = x.shape[ax]!;
      const inner = tf.util.sizeFromShape(x.shape.slice(ax + 1));
      const access = dataAccess('wasm', backend);
      const out = access.output([...x.shape.slice(0, ax), ...indices.shape, ...x.shape.slice(ax + 1)], x.dtype);
      const n = tf.util.sizeFromShape(indices.shape);
      if (n > 0 && outer * inner > 0) gatherRowsInto(access.view(x), access.view(indices).subarray(0, n), outer, dim, inner, access.view(out));
      return out;
    },
  };
}
