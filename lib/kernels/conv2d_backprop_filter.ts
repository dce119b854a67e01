// Conv2DBackpropFilter (the weight gradient of every conv) for wasm, where it is missing.
// dW [KH·KW·Ci, Co] = colsT · dY, with colsT [KH·KW·Ci, P] the im2col patches built already
// transposed and dY [P, Co] the output gradient (P = batch·OH·OW). This is an untransposed
// batch-1 product, XNNPACK's fast path, whose packed ("weights") operand is the small dY; the
// result is the filter layout [KH, KW, Ci, Co] as it is. (dYᵀ · cols instead made the matmul
// transpose dY and pack the large cols, then needed a transpose of the result: ≈3× slower.)
import * as tf from '@tensorflow/tfjs-core';
import { callKernel, TensorInfo, WasmBackendLike } from './backend_access.js';
import { convGradientInfo } from './conv_info.js';

/** Keeps each patch chunk under this many floats (≈64 MB). */
const MAX_COLS_ELEMENTS = 16 * 1024 * 1024;

/**
 * Transposed patches of x (NHWC) for batch entries [b0, b1) into colsT [KH·KW·Ci, rows]:
 * row (kh, kw, ci), column (b − b0, oh, ow); taps falling in the padding are 0.
 * Writes run along a row of colsT (contiguous); reads stride over x by SW·Ci.
 */
export function im2colTransposed(x: Float32Array, info: tf.backend_util.Conv2DInfo, b0: number, b1: number, colsT: Float32Array): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW, dilationHeight: DH, dilationWidth: DW } = info;
  const top = info.padInfo.top, left = info.padInfo.left;
  const rows = (b1 - b0) * OH * OW;
  colsT.fill(0, 0, KH * KW * C * rows);
  const xStep = SW * C;
  for (let b = b0; b < b1; b++) {
    const colBase = (b - b0) * OH * OW;
    for (let kh = 0; kh < KH; kh++) for (let kw = 0; kw < KW; kw++) {
      // Output columns whose tap (kh, kw) reads inside the image: iw = ow·SW − left + kw·DW ∈ [0, W).
      const shift = kw * DW - left;
      const owLo = Math.max(0, Math.ceil(-shift / SW)), owHi = Math.min(OW, Math.ceil((W - shift) / SW));
      if (owLo >= owHi) continue;
      for (let oh = 0; oh < OH; oh++) {
        const ih = oh * SH - top + kh * DH;
        if (ih < 0 || ih >= H) continue;
        const src0 = ((b * H + ih) * W + owLo * SW + shift) * C;
        const dst0 = colBase + oh * OW + owLo;
        for (let c = 0; c < C; c++) {
          const dst = ((kh * KW + kw) * C + c) * rows + dst0;
          let src = src0 + c;
          for (let ow = 0, n = owHi - owLo; ow < n; ow++, src += xStep) colsT[dst + ow] = x[src]!;
        }
      }
    }
  }
}

export const wasmConv2DBackpropFilterKernel: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { filterShape } = attrs as unknown as { filterShape: number[] };
    return filterGradient(x, dy, convGradientInfo(tf.Conv2DBackpropFilter, x.shape, filterShape, attrs), backend);
  },
};

/** dW [KH, KW, Ci, Co] of x and dY (NHWC), the patches made `maxCols` floats at a time at most. */
export function filterGradient(x: TensorInfo, dy: TensorInfo, info: tf.backend_util.Conv2DInfo, backend: object, maxCols = MAX_COLS_ELEMENTS): TensorInfo {
  const wasm = backend as WasmBackendLike;
  const rowLen = info.filterHeight * info.filterWidth * info.inChannels;
  const perImage = info.outHeight * info.outWidth;
  const Co = info.outChannels;
  const chunk = Math.max(1, Math.floor(maxCols / (perImage * rowLen)));
  let grad: TensorInfo | null = null; // [KH·KW·Ci, Co], summed over chunks
  for (let b0 = 0; b0 < info.batchSize; b0 += chunk) {
    const b1 = Math.min(info.batchSize, b0 + chunk);
    const rows = (b1 - b0) * perImage;
    const colsT = wasm.makeOutput([1, rowLen, rows], 'float32');
    im2colTransposed(wasm.typedArrayFromHeap(x) as Float32Array, info, b0, b1, wasm.typedArrayFromHeap(colsT) as Float32Array);
    const whole = b0 === 0 && b1 === info.batchSize;
    const dyChunk = whole ? null : callKernel('Slice', 'wasm', backend, { x: dy }, { begin: [b0, 0, 0, 0], size: [b1 - b0, -1, -1, -1] });
    const dyRows = callKernel('Reshape', 'wasm', backend, { x: dyChunk ?? dy }, { shape: [1, rows, Co] });
    const part = callKernel('BatchMatMul', 'wasm', backend, { a: colsT, b: dyRows }, { transposeA: false, transposeB: false });
    if (grad === null) grad = part;
    else {
      const sum = wasm.typedArrayFromHeap(grad) as Float32Array, add = wasm.typedArrayFromHeap(part) as Float32Array;
      for (let i = 0; i < sum.length; i++) sum[i]! += add[i]!;
      wasm.disposeData(part.dataId);
    }
    for (const t of [colsT, dyRows, ...(dyChunk ? [dyChunk] : [])]) wasm.disposeData(t.dataId);
  }
  return { ...grad!, shape: [info.filterHeight, info.filterWidth, info.inChannels, Co] };
}
