// UnsortedSegmentSum — the gradient of every gather (embeddings, message passing).
// Missing on wasm; the cpu backend's own is O(segments × rows × width). This one is one
// pass over the rows: O(rows × width).
import * as tf from '@tensorflow/tfjs-core';
import { dataAccess, TensorInfo } from './backend_access.js';

/**
 * out[s, ...] = Σ_{r : ids[r] = s} x[r, ...]. x: [R, ...inner]; segmentIds: [R] int32;
 * ids outside [0, numSegments) are dropped, as in TensorFlow.
 */
export function segmentSumInto(x: ArrayLike<number>, ids: ArrayLike<number>, width: number, numSegments: number, out: Float32Array | Int32Array): void {
  const rows = ids.length;
  for (let r = 0; r < rows; r++) {
    const s = ids[r]!;
    if (s < 0 || s >= numSegments) continue;
    const src = r * width;
    const dst = s * width;
    for (let j = 0; j < width; j++) out[dst + j]! += x[src + j]!;
  }
}

export function makeUnsortedSegmentSumKernel(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.UnsortedSegmentSum,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
      const numSegments = (attrs as unknown as { numSegments: number }).numSegments;
      const idRank = segmentIds.shape.length;
      const rows = tf.util.sizeFromShape(segmentIds.shape);
      const innerShape = x.shape.slice(idRank);
      const width = tf.util.sizeFromShape(innerShape);
      const access = dataAccess(backendName, backend);
      const out = access.output([numSegments, ...innerShape], x.dtype);
      const outView = access.view(out) as Float32Array | Int32Array;
      const xView = access.view(x);
      const idView = access.view(segmentIds);
      segmentSumInto(xView, idView.length === rows ? idView : idView.subarray(0, rows), width, numSegments, outView);
      return out;
    },
  };
}
