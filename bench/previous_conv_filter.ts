// The earlier Conv2DBackpropFilter (dYᵀ · cols through a transposing BatchMatMul), kept as the
// baseline bench/kernels_micro.ts measures the current kernel against.
import * as tf from '@tensorflow/tfjs-core';
import { callKernel, TensorInfo, WasmBackendLike } from '../lib/kernels/backend_access.js';
import { convGradientInfo } from '../lib/kernels/conv_info.js';

/** Keeps each im2col chunk under this many floats (≈64 MB). */
const MAX_COLS_ELEMENTS = 16 * 1024 * 1024;

/** Patches of x for batch entries [b0, b1): rows (b, oh, ow), columns (kh, kw, ci). NHWC. */
export function im2colRows(x: Float32Array, info: tf.backend_util.Conv2DInfo, b0: number, b1: number, cols: Float32Array): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW, dilationHeight: DH, dilationWidth: DW } = info;
  const top = info.padInfo.top, left = info.padInfo.left;
  const rowLen = KH * KW * C;
  cols.fill(0, 0, (b1 - b0) * OH * OW * rowLen);
  let row = 0;
  for (let b = b0; b < b1; b++) {
    for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++, row++) {
      const iw0 = ow * SW - left;
      for (let kh = 0; kh < KH; kh++) {
        const ih = oh * SH - top + kh * DH;
        if (ih < 0 || ih >= H) continue;
        if (DW === 1) {
          // Undilated: the in-bounds taps of a filter row are one contiguous run of x.
          const lo = Math.max(0, -iw0), hi = Math.min(KW, W - iw0);
          const src = ((b * H + ih) * W + iw0 + lo) * C, dst = row * rowLen + (kh * KW + lo) * C;
          for (let i = 0, n = (hi - lo) * C; i < n; i++) cols[dst + i] = x[src + i]!;
          continue;
        }
        for (let kw = 0; kw < KW; kw++) {
          const iw = iw0 + kw * DW;
          if (iw < 0 || iw >= W) continue;
          const src = ((b * H + ih) * W + iw) * C, dst = row * rowLen + (kh * KW + kw) * C;
          for (let c = 0; c < C; c++) cols[dst + c] = x[src + c]!;
        }
      }
    }
  }
}

export const previousConv2DBackpropFilterKernel: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { filterShape } = attrs as unknown as { filterShape: number[] };
    const info = convGradientInfo(tf.Conv2DBackpropFilter, x.shape, filterShape, attrs);
    const wasm = backend as WasmBackendLike;
    const rowLen = info.filterHeight * info.filterWidth * info.inChannels;
    const perImage = info.outHeight * info.outWidth;
    const Co = info.outChannels;
    const chunk = Math.max(1, Math.floor(MAX_COLS_ELEMENTS / (perImage * rowLen)));
    const grad = new Float32Array(Co * rowLen); // [Co, KH·KW·Ci], summed over chunks
    for (let b0 = 0; b0 < info.batchSize; b0 += chunk) {
      const b1 = Math.min(info.batchSize, b0 + chunk);
      const rows = (b1 - b0) * perImage;
      const cols = wasm.makeOutput([1, rows, rowLen], 'float32');
      im2colRows(wasm.typedArrayFromHeap(x) as Float32Array, info, b0, b1, wasm.typedArrayFromHeap(cols) as Float32Array);
      const dyChunk = callKernel('Slice', 'wasm', backend, { x: dy }, { begin: [b0, 0, 0, 0], size: [b1 - b0, -1, -1, -1] });
      const dyRows = callKernel('Reshape', 'wasm', backend, { x: dyChunk }, { shape: [1, rows, Co] });
      const part = callKernel('BatchMatMul', 'wasm', backend, { a: dyRows, b: cols }, { transposeA: true, transposeB: false });
      const partView = wasm.typedArrayFromHeap(part) as Float32Array;
      for (let i = 0; i < grad.length; i++) grad[i]! += partView[i]!;
      for (const t of [cols, dyChunk, dyRows, part]) wasm.disposeData(t.dataId);
    }
    const gradInfo = wasm.makeOutput([Co, rowLen], 'float32');
    (wasm.typedArrayFromHeap(gradInfo) as Float32Array).set(grad);
    const transposed = callKernel('Transpose', 'wasm', backend, { x: gradInfo }, { perm: [1, 0] });
    wasm.disposeData(gradInfo.dataId);
    return { ...transposed, shape: [...filterShape] };
  },
};
