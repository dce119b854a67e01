// Identity for wasm: a new reference to the same heap data (as the cpu backend does)
// instead of a copy; wasm kernels never write into their inputs, so sharing is safe.
// Gradients pass through Identity hundreds of times per step.
import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from './backend_access.js';

export function makeWasmIdentityKernel(stock: tf.KernelConfig['kernelFunc']): tf.KernelConfig {
  return {
    kernelName: tf.Identity,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = (args.inputs as { x: TensorInfo }).x;
      if (x.dtype === 'string') return stock(args);
      (args.backend as tf.KernelBackend & { incRef(id: tf.DataId): void }).incRef(x.dataId);
      return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
    },
  };
}
