// Registers the project's kernels for the active backend, replacing or adding to the
// stock ones. Each has a parity test against a reference (test/kernels/).
import * as tf from '@tensorflow/tfjs-core';
import { makeAdamWUpdateKernel } from './adamw_update.js';
import { wasmConv2DBackpropFilterKernel } from './conv2d_backprop_filter.js';
import { wasmConv2DBackpropInputKernel } from './conv2d_backprop_input.js';
import { makeWasmGatherKernel } from './gather.js';
import { makeWasmIdentityKernel } from './identity.js';
import { makeWasmBatchMatMulKernel } from './matmul.js';
import { makeWasmPackKernel } from './pack.js';
import { makeUnsortedSegmentSumKernel } from './segment_sum.js';
import { wasmSliceKernel, wasmSplitVKernel } from './slice.js';
import { makeWasmSumKernel } from './sum.js';

const registered = new Set<string>();

function install(config: tf.KernelConfig): string {
  const key = `${config.backendName}/${config.kernelName}`;
  if (registered.has(key)) return config.kernelName;
  if (tf.getKernel(config.kernelName, config.backendName)) tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
  registered.add(key);
  return config.kernelName;
}

/** Installs a wasm kernel that falls back to (or calls) the stock one, wrapped once. */
function wrapStock(name: string, make: (stock: tf.KernelConfig['kernelFunc']) => tf.KernelConfig): string {
  if (registered.has(`wasm/${name}`)) return name;
  const stock = tf.getKernel(name, 'wasm');
  if (!stock) throw new Error(`wasm backend has no ${name} kernel to wrap`);
  return install(make(stock.kernelFunc));
}

/** Installs the kernels for `backend` ('wasm' or 'cpu'; others need none); returns their names. */
export function registerProjectKernels(backend: string): string[] {
  if (backend === 'wasm') {
    const names = [install(makeUnsortedSegmentSumKernel('wasm')), install(wasmSliceKernel), install(wasmSplitVKernel)];
    names.push(wrapStock(tf.BatchMatMul, makeWasmBatchMatMulKernel));
    names.push(wrapStock(tf.GatherV2, makeWasmGatherKernel), wrapStock(tf.Identity, makeWasmIdentityKernel));
    names.push(install(wasmConv2DBackpropFilterKernel), install(wasmConv2DBackpropInputKernel));
    names.push(wrapStock(tf.Sum, makeWasmSumKernel), wrapStock(tf.Pack, makeWasmPackKernel), install(makeAdamWUpdateKernel('wasm')));
    return names;
  }
  if (backend === 'cpu') return [install(makeUnsortedSegmentSumKernel('cpu')), install(makeAdamWUpdateKernel('cpu'))];
  return [];
}
