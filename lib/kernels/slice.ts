// Slice and SplitV for wasm. The stock ones read the whole input through readSync, which
// copies it off the heap on every call (a 1-row slice of a large tensor copies all of it).
// These read heap views and copy only the contiguous runs they return.
import * as tf from '@tensorflow/tfjs-core';
import { dataAccess, NumericArray, TensorInfo } from './backend_access.js';

/** Copies the box [begin, begin + size) of x (row-major `shape`) into out. */
export function copyBox(x: NumericArray, shape: readonly number[], begin: readonly number[], size: readonly number[], out: NumericArray): void {
  const rank = shape.length;
  if (rank === 0) { out[0] = x[0]!; return; }
  const strides = tf.util.computeStrides(shape as number[]);
  // Merge the innermost axes taken whole into one contiguous run.
  let run = size[rank - 1]!;
  let axis = rank - 1;
  while (axis > 0 && size[axis] === shape[axis] && begin[axis] === 0) { axis--; run *= size[axis]!; }
  const outer = size.slice(0, axis);
  const count = tf.util.sizeFromShape(outer as number[]);
  const index = new Array<number>(axis).fill(0);
  for (let n = 0; n < count; n++) {
    let offset = begin[axis]! * (axis < rank - 1 ? strides[axis]! : 1);
    for (let d = 0; d < axis; d++) offset += (begin[d]! + index[d]!) * strides[d]!;
    out.set(x.subarray(offset, offset + run), n * run);
    for (let d = axis - 1; d >= 0; d--) {
      if (++index[d]! < size[d]!) break;
      index[d] = 0;
    }
  }
}

function sliceInfo(x: TensorInfo, begin: number[], size: number[], backend: object): TensorInfo {
  const access = dataAccess('wasm', backend);
  const out = access.output(size, x.dtype);
  if (tf.util.sizeFromShape(size) > 0) copyBox(access.view(x), x.shape, begin, size, access.view(out));
  return out;
}

export const wasmSliceKernel: tf.KernelConfig = {
  kernelName: tf.Slice,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const x = (inputs as { x: TensorInfo }).x;
    if (x.dtype === 'string') throw new Error('Slice of string tensors is not supported on wasm');
    const { begin, size } = attrs as unknown as { begin: number | number[]; size: number | number[] };
    const [begin_, size_] = tf.slice_util.parseSliceParams(x as tf.TensorInfo as tf.Tensor, begin, size);
    return sliceInfo(x, begin_, size_, backend);
  },
};

export const wasmSplitVKernel: tf.KernelConfig = {
  kernelName: tf.SplitV,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const x = (inputs as { x: TensorInfo }).x;
    const { numOrSizeSplits, axis } = attrs as unknown as { numOrSizeSplits: number | number[]; axis: number };
    const ax = tf.util.parseAxisParam(axis, x.shape)[0]!;
    const sizes = tf.backend_util.prepareSplitSize(x as tf.TensorInfo as tf.Tensor, numOrSizeSplits, ax);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[ax] = s;
      const piece = sliceInfo(x, [...begin], size, backend);
      begin[ax]! += s;
      return piece;
    });
  },
};
