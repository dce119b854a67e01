// Sum for wasm. The stock kernel reduces only innermost axes and transposes x first
// otherwise: summing a [12288, 96] gradient over axis 0 (bias, layer-norm and broadcast
// gradients) cost ≈8 ms, ten times the innermost sum. When the reduced axes form one
// contiguous block that is not innermost, x is seen as [outer, reduce, inner] and each
// reduced row is added onto the output row in place; everything else goes to the stock kernel.
import * as tf from '@tensorflow/tfjs-core';
import { dataAccess, NumericArray, TensorInfo } from './backend_access.js';

type KernelFunc = tf.KernelConfig['kernelFunc'];

/**
 * out [outer, inner] = Σ over r of x [outer, reduce, inner]. Eight rows are added per pass
 * (a quarter of the stores of one row per pass) into a float64 row, so long sums keep precision.
 */
export function sumMiddleAxis(x: NumericArray, outer: number, reduce: number, inner: number, out: NumericArray): void {
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    const base = o * reduce * inner;
    let r = 0;
    for (; r + 8 <= reduce; r += 8) {
      const a = base + r * inner, b = a + inner, c = b + inner, d = c + inner, e = d + inner, f = e + inner, g = f + inner, h = g + inner;
      for (let j = 0; j < inner; j++) {
        acc[j]! += ((x[a + j]! + x[b + j]!) + (x[c + j]! + x[d + j]!)) + ((x[e + j]! + x[f + j]!) + (x[g + j]! + x[h + j]!));
      }
    }
    for (; r < reduce; r++) {
      const a = base + r * inner;
      for (let j = 0; j < inner; j++) acc[j]! += x[a + j]!;
    }
    out.set(acc, o * inner);
  }
}

export function makeWasmSumKernel(stock: KernelFunc): tf.KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs as { x: TensorInfo };
    const { axis, keepDims } = attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const shape = x.shape;
    const axes = [...new Set(tf.util.parseAxisParam(axis, shape))].sort((a, b) => a - b);
    const first = axes[0], last = axes[axes.length - 1];
    const contiguous = first !== undefined && last! - first + 1 === axes.length;
    const inner = contiguous ? tf.util.sizeFromShape(shape.slice(last! + 1)) : 1;
    if (!contiguous || inner === 1 || (x.dtype !== 'float32' && x.dtype !== 'int32')) return stock(args);
    const outer = tf.util.sizeFromShape(shape.slice(0, first));
    const reduce = tf.util.sizeFromShape(shape.slice(first, last! + 1));
    const outShape = keepDims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
    const access = dataAccess('wasm', backend);
    const out = access.output(outShape, x.dtype);
    sumMiddleAxis(access.view(x), outer, reduce, inner, access.view(out));
    return out;
  };
  return { kernelName: tf.Sum, backendName: 'wasm', kernelFunc };
}
