// BatchMatMul for wasm. The stock kernel reaches XNNPACK's fast path (≈25 GFLOP/s here) only
// for an untransposed product with a batch of one; transposed or batched products fall to
// a naive loop (1–3 GFLOP/s), and every matmul gradient transposes. This kernel
// materialises transposes and reshapes every product into fast-path calls.
import * as tf from '@tensorflow/tfjs-core';
import { callKernel, TensorInfo, WasmBackendLike } from './backend_access.js';

type KernelFunc = tf.KernelConfig['kernelFunc'];

interface WasmInternals {
  dataIdMap: { get(id: tf.DataId): { id: number; memoryOffset: number }; set(id: tf.DataId, v: object): void; delete(id: tf.DataId): void };
  dataIdNextNumber: number;
  wasm: { tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void } };
}

function reshapeInfo(x: TensorInfo, shape: number[], backend: object): TensorInfo {
  return callKernel('Reshape', 'wasm', backend, { x }, { shape });
}

function transposeInfo(x: TensorInfo, perm: number[], backend: object): TensorInfo {
  return callKernel('Transpose', 'wasm', backend, { x }, { perm });
}

/**
 * A tensor aliasing `count` float32 elements of `base` from element `start`: batch slices
 * without copies. Free it with disposeAlias, never disposeData (that would free the base).
 */
function aliasOf(base: TensorInfo, start: number, shape: number[], backend: object): TensorInfo {
  const b = backend as unknown as WasmInternals;
  const { memoryOffset } = b.dataIdMap.get(base.dataId);
  const id = b.dataIdNextNumber++;
  const dataId = { id };
  const offset = memoryOffset + start * 4;
  b.dataIdMap.set(dataId, { id, memoryOffset: offset, shape, dtype: 'float32', refCount: 1 });
  b.wasm.tfjs.registerTensor(id, tf.util.sizeFromShape(shape), offset);
  return { dataId, shape, dtype: 'float32' };
}

function disposeAlias(alias: TensorInfo, backend: object): void {
  const b = backend as unknown as WasmInternals;
  b.wasm.tfjs.disposeData(b.dataIdMap.get(alias.dataId).id);
  b.dataIdMap.delete(alias.dataId);
}

/** C[b] = A[b] · B[b] for A [n, M, K], B [n, K, N], one fast-path call per batch entry. */
function perBatch(stock: KernelFunc, a: TensorInfo, b: TensorInfo, n: number, backend: WasmBackendLike): TensorInfo {
  const [, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const out = backend.makeOutput([n, M, N], 'float32');
  for (let i = 0; i < n; i++) {
    const ai = aliasOf(a, i * M * K, [1, M, K], backend);
    const bi = aliasOf(b, i * K * N, [1, K, N], backend);
    const ci = stock({ inputs: { a: ai, b: bi }, backend: backend as tf.KernelBackend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
    (backend.typedArrayFromHeap(out) as Float32Array).set(backend.typedArrayFromHeap(ci) as Float32Array, i * M * N);
    backend.disposeData(ci.dataId);
    disposeAlias(ai, backend);
    disposeAlias(bi, backend);
  }
  return out;
}

export function makeWasmBatchMatMulKernel(stock: KernelFunc): tf.KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    const wasm = backend as WasmBackendLike;
    const temps: TensorInfo[] = [];
    const keep = (t: TensorInfo) => (temps.push(t), t);
    const swapLast = (x: TensorInfo) => {
      const r = x.shape.length;
      return keep(transposeInfo(x, [...Array(r - 2).keys(), r - 1, r - 2], backend));
    };
    const A = transposeA ? swapLast(a) : a;
    const B = transposeB ? swapLast(b) : b;
    const [M, K] = A.shape.slice(-2) as [number, number];
    const N = B.shape[B.shape.length - 1]!;
    const batchA = tf.util.sizeFromShape(A.shape.slice(0, -2));
    const batchB = tf.util.sizeFromShape(B.shape.slice(0, -2));
    const outBatch = tf.backend_util.assertAndGetBroadcastShape(A.shape.slice(0, -2), B.shape.slice(0, -2));
    const outShape = [...outBatch, M, N];
    const plain = { transposeA: false, transposeB: false };
    let out: TensorInfo;
    if (batchB === 1) {
      // Fold A's batches into rows: one [B·M, K] × [K, N] product.
      const a2 = keep(reshapeInfo(A, [1, batchA * M, K], backend));
      const b2 = keep(reshapeInfo(B, [1, K, N], backend));
      out = stock({ inputs: { a: a2, b: b2 }, backend: backend as tf.KernelBackend, attrs: plain }) as TensorInfo;
    } else if (batchA === 1) {
      // Fold B's batches into columns: A [M, K] × [K, Bb·N], then back to [Bb, M, N].
      const b3 = keep(reshapeInfo(B, [batchB, K, N], backend));
      const bCols = keep(reshapeInfo(keep(transposeInfo(b3, [1, 0, 2], backend)), [1, K, batchB * N], backend));
      const a2 = keep(reshapeInfo(A, [1, M, K], backend));
      const wide = keep(stock({ inputs: { a: a2, b: bCols }, backend: backend as tf.KernelBackend, attrs: plain }) as TensorInfo);
      out = transposeInfo(keep(reshapeInfo(wide, [M, batchB, N], backend)), [1, 0, 2], backend);
    } else if (batchA === batchB) {
      const a3 = keep(reshapeInfo(A, [batchA, M, K], backend));
      const b3 = keep(reshapeInfo(B, [batchB, K, N], backend));
      out = perBatch(stock, a3, b3, batchA, wasm);
    } else {
      out = stock({ inputs: { a: A, b: B }, backend: backend as tf.KernelBackend, attrs: plain }) as TensorInfo;
    }
    for (const t of temps) wasm.disposeData(t.dataId);
    return { ...out, shape: outShape };
  };
  return { kernelName: tf.BatchMatMul, backendName: 'wasm', kernelFunc };
}
