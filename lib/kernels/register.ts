// Registers the project's kernels for the active backend, replacing or adding to the
// stock ones. Each has a parity test against a reference (test/kernels/).
import * as tf from '@tensorflow/tfjs-core';
import { wasmConv2DBackpropFilterKernel } from './conv2d_backprop_filter.js';
import { makeWasmBatchMatMulKernel } from './matmul.js';
import { makeUnsortedSegmentSumKernel } from './segment_sum.js';
import { wasmSliceKernel, wasmSplitVKernel } from './slice.js';

const registered = new Set<string>();

function install(config: tf.KernelConfig): string {
  const key = `${config.backendName}/${config.kernelName}`;
  if (registered.has(key)) return config.kernelName;
  if (tf.getKernel(config.kernelName, config.backendName)) tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
  registered.add(key);
  return config.kernelName;
}

/** Installs the kernels for `backend` ('wasm' or 'cpu'; others need none); returns their names. */
export function registerProjectKernels(backend: string): string[] {
  if (backend === 'wasm') {
    const names = [install(makeUnsortedSegmentSumKernel('wasm')), install(wasmSliceKernel), install(wasmSplitVKernel)];
    if (!registered.has('wasm/BatchMatMul')) {
      const stock = tf.getKernel(tf.BatchMatMul, 'wasm');
      if (!stock) throw new Error('wasm backend has no BatchMatMul kernel to wrap');
      names.push(install(makeWasmBatchMatMulKernel(stock.kernelFunc)));
    } else names.push(tf.BatchMatMul);
    names.push(install(wasmConv2DBackpropFilterKernel));
    return names;
  }
  if (backend === 'cpu') return [install(makeUnsortedSegmentSumKernel('cpu'))];
  return [];
}
