// Typed access to backend internals that project kernels need: views of tensor data
// without copies, outputs, and calling another registered kernel from inside a kernel.
import * as tf from '@tensorflow/tfjs-core';

export type TensorInfo = tf.TensorInfo;
export type NumericArray = Float32Array | Int32Array | Uint8Array;

/** The parts of the wasm backend used here (see tfjs-backend-wasm's backend_wasm.ts). */
export interface WasmBackendLike extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): NumericArray;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

/** The parts of the cpu backend used here. */
export interface CpuBackendLike extends tf.KernelBackend {
  data: { get(id: tf.DataId): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: tf.backend_util.BackendValues): TensorInfo;
  disposeIntermediateTensorInfo(info: TensorInfo): void;
}

/**
 * Reads and writes tensor data for one backend. On wasm, views alias the heap: take them
 * only after every makeOutput of the kernel, since growing the heap detaches older views.
 */
export interface DataAccess {
  view(info: TensorInfo): NumericArray;
  /** A new tensor of `shape`, zero-filled. */
  output(shape: number[], dtype: tf.DataType): TensorInfo;
  dispose(info: TensorInfo): void;
}

export function dataAccess(backendName: string, backend: object): DataAccess {
  if (backendName === 'wasm') {
    const b = backend as WasmBackendLike;
    return {
      view: (info) => b.typedArrayFromHeap(info),
      output: (shape, dtype) => {
        const out = b.makeOutput(shape, dtype);
        b.typedArrayFromHeap(out).fill(0);
        return out;
      },
      dispose: (info) => void b.disposeData(info.dataId),
    };
  }
  const b = backend as CpuBackendLike;
  return {
    view: (info) => b.data.get(info.dataId).values as NumericArray,
    output: (shape, dtype) => b.makeTensorInfo(shape, dtype, tf.util.getTypedArrayFromDType(dtype as 'float32', tf.util.sizeFromShape(shape))),
    dispose: (info) => b.disposeIntermediateTensorInfo(info),
  };
}

/** Runs the kernel registered as `name` for `backendName` on already-materialised inputs. */
export function callKernel(
  name: string, backendName: string, backend: object, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {},
): TensorInfo {
  const kernel = tf.getKernel(name, backendName);
  if (!kernel) throw new Error(`kernel ${name} is not registered for ${backendName}`);
  return kernel.kernelFunc({ inputs, backend: backend as tf.KernelBackend, attrs }) as TensorInfo;
}
