// Runs test code on a named backend and returns plain arrays, so results from different
// backends can be compared.
import { initEngine, tf } from '../../lib/env.js';
import { Rng } from '../../lib/rng.js';

export async function onBackend<T>(backend: 'wasm' | 'cpu', f: () => T): Promise<T> {
  await initEngine(backend);
  return tf.tidy(f as () => never) as T;
}

/** [n] float32 of N(0, 1) values from a seed. */
export function randomArray(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Runs f on wasm (project kernels) and on the cpu reference; every output must agree within tol (relative to its scale). */
export async function expectBackendParity(f: () => tf.Tensor | tf.Tensor[], tol = 1e-4): Promise<void> {
  const run = (t: tf.Tensor | tf.Tensor[]) => (Array.isArray(t) ? t : [t]).map((x) => Array.from(x.dataSync()));
  const wasm = await onBackend('wasm', () => run(f()));
  const cpu = await onBackend('cpu', () => run(f()));
  if (wasm.length !== cpu.length) throw new Error(`${wasm.length} outputs on wasm vs ${cpu.length} on cpu`);
  wasm.forEach((w, i) => {
    const scale = Math.max(1, ...cpu[i]!.map(Math.abs));
    const diff = maxAbsDiff(w, cpu[i]!);
    if (!(diff < tol * scale)) throw new Error(`output ${i}: wasm and cpu differ by ${diff} (tolerance ${tol * scale})`);
  });
}
