// The input gradient of a conv as im2col in reverse, for wasm: the patch gradients
// dCols [P, KH·KW·Ci] = dY [P, Co] · Wᵀ as one fast-path matmul per chunk of the batch, then
// each patch row is added back onto the input positions it was read from (col2im). Used by
// the Conv2DBackpropInput kernel where its phase convs are slow (2-D strides, few input channels).
import * as tf from '@tensorflow/tfjs-core';
import { callKernel, TensorInfo, WasmBackendLike } from './backend_access.js';

/** Keeps each patch-gradient chunk under this many floats (≈64 MB). */
const MAX_COLS_ELEMENTS = 16 * 1024 * 1024;

/** Adds patch rows of batch entries [b0, b1) (rows (b, oh, ow), columns (kh, kw, ci)) onto dx (NHWC). */
export function col2imRows(cols: Float32Array, info: tf.backend_util.Conv2DInfo, b0: number, b1: number, dx: Float32Array): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW, dilationHeight: DH, dilationWidth: DW } = info;
  const top = info.padInfo.top, left = info.padInfo.left;
  const rowLen = KH * KW * C;
  let row = 0;
  for (let b = b0; b < b1; b++) {
    for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++, row++) {
      for (let kh = 0; kh < KH; kh++) {
        const ih = oh * SH - top + kh * DH;
        if (ih < 0 || ih >= H) continue;
        if (DW === 1) {
          // Undilated: the in-bounds taps of a filter row are one contiguous run of dx.
          const iw0 = ow * SW - left;
          const lo = Math.max(0, -iw0), hi = Math.min(KW, W - iw0);
          const dst = ((b * H + ih) * W + iw0 + lo) * C, src = row * rowLen + (kh * KW + lo) * C;
          for (let i = 0, n = (hi - lo) * C; i < n; i++) dx[dst + i]! += cols[src + i]!;
          continue;
        }
        for (let kw = 0; kw < KW; kw++) {
          const iw = ow * SW - left + kw * DW;
          if (iw < 0 || iw >= W) continue;
          const dst = ((b * H + ih) * W + iw) * C;
          const src = row * rowLen + (kh * KW + kw) * C;
          for (let c = 0; c < C; c++) dx[dst + c]! += cols[src + c]!;
        }
      }
    }
  }
}

/** dx [inputShape] (NHWC) of dY [B, OH, OW, Co] and filter [KH, KW, Ci, Co]. */
export function backpropInputByCol2im(dy: TensorInfo, filter: TensorInfo, info: tf.backend_util.Conv2DInfo, inputShape: number[], backend: object): TensorInfo {
  const wasm = backend as WasmBackendLike;
  const rowLen = info.filterHeight * info.filterWidth * info.inChannels;
  const perImage = info.outHeight * info.outWidth;
  const Co = info.outChannels;
  // Wᵀ [Co, KH·KW·Ci], made once.
  const w2 = callKernel('Reshape', 'wasm', backend, { x: filter }, { shape: [rowLen, Co] });
  const wT = callKernel('Transpose', 'wasm', backend, { x: w2 }, { perm: [1, 0] });
  const wT3 = callKernel('Reshape', 'wasm', backend, { x: wT }, { shape: [1, Co, rowLen] });
  const dx = wasm.makeOutput([...inputShape], 'float32');
  wasm.typedArrayFromHeap(dx).fill(0);
  const chunk = Math.max(1, Math.floor(MAX_COLS_ELEMENTS / (perImage * rowLen)));
  for (let b0 = 0; b0 < info.batchSize; b0 += chunk) {
    const b1 = Math.min(info.batchSize, b0 + chunk);
    const rows = (b1 - b0) * perImage;
    const dyChunk = callKernel('Slice', 'wasm', backend, { x: dy }, { begin: [b0, 0, 0, 0], size: [b1 - b0, -1, -1, -1] });
    const dyRows = callKernel('Reshape', 'wasm', backend, { x: dyChunk }, { shape: [1, rows, Co] });
    const cols = callKernel('BatchMatMul', 'wasm', backend, { a: dyRows, b: wT3 }, { transposeA: false, transposeB: false });
    col2imRows(wasm.typedArrayFromHeap(cols) as Float32Array, info, b0, b1, wasm.typedArrayFromHeap(dx) as Float32Array);
    for (const t of [dyChunk, dyRows, cols]) wasm.disposeData(t.dataId);
  }
  for (const t of [w2, wT, wT3]) wasm.disposeData(t.dataId);
  return dx;
}
