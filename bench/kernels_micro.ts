// Per-kernel timings on wasm at the shapes of one training step of the full preset: the stock
// kernel (or the previous project kernel where wasm has none) against the project kernel.
// One JSON line per (kernel, shape): ms per call, the median of --reps after a warm-up.
// usage: npx tsx bench/kernels_micro.ts [--reps 7]
import '@tensorflow/tfjs-backend-wasm';
import * as tfc from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';
import { emit } from './machine.js';
import { previousConv2DBackpropFilterKernel } from './previous_conv_filter.js';

const { values } = parseArgs({ options: { reps: { type: 'string' } } });
const reps = Number(values.reps ?? 7);
// The stock kernels, read before the project's replace them.
await tfc.setBackend('wasm');
await tfc.ready();
const stockOf = (name: string) => tfc.getKernel(name, 'wasm')?.kernelFunc;
const stock = { Sum: stockOf('Sum'), Pack: stockOf('Pack'), Equal: stockOf('Equal'), Conv2DBackpropInput: stockOf('Conv2DBackpropInput') };
const { initEngine, tf } = await import('../lib/env.js');
const { backpropInputByCol2im } = await import('../lib/kernels/col2im.js');
await initEngine('wasm');
const backend = tf.backend();
type Func = NonNullable<ReturnType<typeof stockOf>>;

/** Median ms of one call of f (its output disposed), after two warm-up calls. */
function msOf(f: () => tfc.TensorInfo): number {
  const times: number[] = [];
  for (let i = 0; i < reps + 2; i++) {
    const t0 = performance.now();
    const out = f();
    const t = performance.now() - t0;
    backend.disposeData(out.dataId);
    if (i >= 2) times.push(t);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]! * 100) / 100;
}

function compare(kernel: string, shape: string, inputs: object, attrs: object, baselines: Record<string, Func | undefined>): void {
  const args = { inputs, backend, attrs } as never;
  const current = tf.getKernel(kernel, 'wasm')!.kernelFunc;
  const record: Record<string, unknown> = { bench: 'kernels_micro', kernel, shape };
  for (const [name, f] of Object.entries(baselines)) if (f) record[`${name}_ms`] = msOf(() => f(args) as tfc.TensorInfo);
  record.project_ms = msOf(() => current(args) as tfc.TensorInfo);
  emit(record);
}

const r = (s: number[]) => tf.randomNormal(s);
const convs: [number[], number[], [number, number]][] = [
  [[128, 1, 512, 16], [1, 7, 16, 32], [1, 2]],
  [[128, 1, 256, 32], [1, 7, 32, 48], [1, 2]],
  [[128, 1, 128, 48], [1, 7, 48, 64], [1, 2]],
  [[128, 24, 24, 16], [3, 3, 16, 32], [2, 2]],
  [[128, 48, 48, 2], [3, 3, 2, 16], [2, 2]],
];
for (const [xs, fs, strides] of convs) {
  const x = r(xs), w = r(fs);
  const dy = tf.conv2d(x as tfc.Tensor4D, w as tfc.Tensor4D, strides, 'same');
  const conv = { strides, pad: 'same', dataFormat: 'NHWC', dimRoundingMode: undefined };
  const shape = `x ${xs} dy ${dy.shape} filter ${fs}`;
  compare('Conv2DBackpropFilter', shape, { x, dy }, { ...conv, filterShape: fs }, { previous: previousConv2DBackpropFilterKernel.kernelFunc });
  const info = tf.backend_util.computeConv2DInfo(xs as never, fs as never, strides, 1, 'same', undefined, false, 'channelsLast');
  compare('Conv2DBackpropInput', shape, { dy, filter: w }, { ...conv, inputShape: xs }, {
    stock: stock.Conv2DBackpropInput, col2im: () => backpropInputByCol2im(dy, w, info, xs, backend),
  });
  emit({ bench: 'kernels_micro', kernel: 'Conv2D (forward, for reference)', shape, project_ms: msOf(() => tf.conv2d(x as tfc.Tensor4D, w as tfc.Tensor4D, strides, 'same')) });
  tf.dispose([x, w, dy]);
}
for (const [s, axis] of [[[12288, 96], [0]], [[12288, 192], [0]], [[12288, 96], [1]], [[128, 96, 96], [0, 1]]] as [number[], number[]][]) {
  const x = r(s);
  compare('Sum', `${s} axis ${axis}`, { x }, { axis, keepDims: false }, { stock: stock.Sum });
  x.dispose();
}
const a = r([128, 48, 48]), b = r([128, 48, 48]);
compare('Pack', 'two [128,48,48] on axis 3', [a, b], { axis: 3 }, { stock: stock.Pack });
const e1 = r([128, 3, 3, 96]), e2 = r([128, 1, 1, 96]);
compare('Equal', '[128,3,3,96] vs [128,1,1,96]', { a: e1, b: e2 }, {}, { stock: stock.Equal });
