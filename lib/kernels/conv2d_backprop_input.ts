// Conv2DBackpropInput (the input gradient of every conv) for wasm, where the stock kernel is
// a naive loop. Written as stride-1 forward convs, XNNPACK's fast path: the input rows of
// one phase (ih ≡ ph mod SH, iw ≡ pw mod SW) receive only the filter taps of that phase, so
// dx[phase] = conv2d(dY, F[phase]), F the phase's taps flipped with in/out channels swapped.
// One conv per phase (SH·SW of them), then the phases are interleaved into dx. Same flops as
// the forward conv; the earlier dY·Wᵀ matmul then col2im scatter spent most of its time in
// the scatter. That stays for 2-D strides and few input channels, where the small phase convs
// are slower (measured in bench/kernels_micro.ts). Dilations are 1 (TF.js has no conv
// gradient for dilated filters).
import * as tf from '@tensorflow/tfjs-core';
import { callKernel, TensorInfo, WasmBackendLike } from './backend_access.js';
import { backpropInputByCol2im } from './col2im.js';
import { convGradientInfo } from './conv_info.js';

/** Below this many input channels the col2im path is faster. */
const MIN_PHASE_CHANNELS = 8;

/** Runs shorter than this are copied element by element (a subarray per run costs more). */
const SHORT_RUN = 64;

/** The taps of one phase along one axis and where the phase conv's output lines up with it. */
export interface PhaseAxis {
  /** Filter taps k, in the order the phase filter uses them (descending k). */
  taps: number[];
  /** Explicit padding before and after dY along this axis (≥ 0). */
  padBefore: number; padAfter: number;
  /** dx rows of this phase: ph, ph + S, …; count of them. */
  count: number;
  /** Output index of the phase conv that holds the phase's first dx row. */
  offset: number;
}

/**
 * Phase p of an axis: input size n, output (dY) size m, filter size k, stride s, padding before
 * `pad`. dx[p + s·q] = Σ over taps kk with (p + pad − kk) ≡ 0 (mod s) of dY[q + d]·W[kk],
 * d = (p + pad − kk)/s: a stride-1 correlation of dY with the taps sorted by d.
 */
export function phaseAxis(p: number, n: number, m: number, k: number, s: number, pad: number): PhaseAxis {
  const count = p < n ? Math.ceil((n - p) / s) : 0;
  const taps: number[] = [];
  for (let kk = k - 1; kk >= 0; kk--) if ((((p + pad - kk) % s) + s) % s === 0) taps.push(kk);
  if (taps.length === 0 || count === 0) return { taps: [], padBefore: 0, padAfter: 0, count, offset: 0 };
  const dMin = (p + pad - taps[0]!) / s;
  const padBefore = Math.max(0, -dMin);
  const offset = dMin + padBefore;
  const padAfter = Math.max(0, count + offset - m - padBefore + taps.length - 1);
  return { taps, padBefore, padAfter, count, offset };
}

/** F [KHp, KWp, Co, Ci] with F[j, l, co, ci] = W[kh_j, kw_l, ci, co], from W [KH, KW, Ci, Co]. */
function phaseFilter(w: Float32Array, KW: number, Ci: number, Co: number, khs: number[], kws: number[], out: Float32Array): void {
  let o = 0;
  for (const kh of khs) for (const kw of kws) {
    const base = (kh * KW + kw) * Ci * Co;
    for (let co = 0; co < Co; co++) for (let ci = 0; ci < Ci; ci++) out[o++] = w[base + ci * Co + co]!;
  }
}

/** dx[b, ph + SH·q, pw + SW·r, :] = y[b, q + oh, r + ow, :] for q < hp, r < wp. Shapes NHWC. */
function scatterPhase(y: Float32Array, yShape: number[], dx: Float32Array, dxShape: readonly number[],
  ph: number, pw: number, SH: number, SW: number, h: PhaseAxis, w: PhaseAxis): void {
  const [B, H, W, C] = dxShape as [number, number, number, number];
  const [, YH, YW] = yShape as [number, number, number, number];
  for (let b = 0; b < B; b++) for (let q = 0; q < h.count; q++) {
    const dRow = ((b * H + ph + SH * q) * W + pw) * C;
    const sRow = ((b * YH + q + h.offset) * YW + w.offset) * C;
    if (SW === 1 && (w.count * C) >= SHORT_RUN) { dx.set(y.subarray(sRow, sRow + w.count * C), dRow); continue; }
    for (let r = 0; r < w.count; r++) {
      const d = dRow + r * SW * C, s = sRow + r * C;
      for (let c = 0; c < C; c++) dx[d + c] = y[s + c]!;
    }
  }
}

export const wasmConv2DBackpropInputKernel: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { inputShape } = attrs as unknown as { inputShape: [number, number, number, number] };
    const info = convGradientInfo(tf.Conv2DBackpropInput, inputShape, filter.shape, attrs);
    const wasm = backend as WasmBackendLike;
    const { strideHeight: SH, strideWidth: SW, filterHeight: KH, filterWidth: KW, inChannels: Ci, outChannels: Co } = info;
    if (SH > 1 && SW > 1 || Ci < MIN_PHASE_CHANNELS) return backpropInputByCol2im(dy, filter, info, inputShape, backend);
    const [, H, W] = inputShape;
    const phases: [number, number, PhaseAxis, PhaseAxis][] = [];
    for (let ph = 0; ph < SH; ph++) for (let pw = 0; pw < SW; pw++) {
      const h = phaseAxis(ph, H, info.outHeight, KH, SH, info.padInfo.top);
      const w = phaseAxis(pw, W, info.outWidth, KW, SW, info.padInfo.left);
      if (h.taps.length > 0 && w.taps.length > 0) phases.push([ph, pw, h, w]);
    }
    const convOf = (h: PhaseAxis, w: PhaseAxis): TensorInfo => {
      const f = wasm.makeOutput([h.taps.length, w.taps.length, Co, Ci], 'float32');
      phaseFilter(wasm.typedArrayFromHeap(filter) as Float32Array, KW, Ci, Co, h.taps, w.taps, wasm.typedArrayFromHeap(f) as Float32Array);
      const explicit = [[0, 0], [h.padBefore, h.padAfter], [w.padBefore, w.padAfter], [0, 0]];
      const y = callKernel('Conv2D', 'wasm', backend, { x: dy, filter: f }, { strides: 1, pad: explicit, dataFormat: 'NHWC', dilations: 1 });
      wasm.disposeData(f.dataId);
      return y;
    };
    // Stride 1 with the output lined up: the one phase conv is dx itself.
    const only = phases.length === 1 && SH === 1 && SW === 1 ? phases[0]! : null;
    if (only && only[2].offset === 0 && only[3].offset === 0) {
      const y = convOf(only[2], only[3]);
      if (y.shape[1] === H && y.shape[2] === W) return y;
      wasm.disposeData(y.dataId);
    }
    const dx = wasm.makeOutput([...inputShape], 'float32');
    if (phases.length < SH * SW) wasm.typedArrayFromHeap(dx).fill(0); // phases without taps get no gradient
    for (const [ph, pw, h, w] of phases) {
      const y = convOf(h, w);
      scatterPhase(wasm.typedArrayFromHeap(y) as Float32Array, y.shape, wasm.typedArrayFromHeap(dx) as Float32Array, inputShape, ph, pw, SH, SW, h, w);
      wasm.disposeData(y.dataId);
    }
    return dx;
  },
};
