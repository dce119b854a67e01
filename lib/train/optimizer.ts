// AdamW (Loshchilov & Hutter 2019: weight decay decoupled from the adaptive step) with its
// state held by name, so a checkpoint stores and restores it exactly; the learning-rate
// schedule (linear warm-up, cosine decay) and global-norm gradient clipping.
import { tf } from '../env.js';
import { ADAMW_UPDATE, AdamWUpdateAttrs } from '../kernels/adamw_update.js';
import { SerializedParams, serializeVariables, serializeVariablesAsync } from '../models/params.js';

export interface AdamWSettings {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
}

export const DEFAULT_ADAMW: AdamWSettings = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01 };

export class AdamW {
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();
  /** Updates taken so far. */
  step = 0;

  constructor(readonly settings: AdamWSettings = DEFAULT_ADAMW) {}

  /**
   * One update of `vars` by `grads` (same names) at learning rate `lr`. Decay applies to
   * matrices and kernels only (rank ≥ 2), not to biases, gains, scales or the temperature.
   */
  apply(vars: ReadonlyMap<string, tf.Variable>, grads: ReadonlyMap<string, tf.Tensor>, lr: number): void {
    this.step++;
    const { beta1, beta2, epsilon, weightDecay } = this.settings;
    const c1 = 1 - beta1 ** this.step;
    const c2 = 1 - beta2 ** this.step;
    // One fused kernel per parameter where the backend has it (wasm, cpu), else TF.js ops.
    const fused = tf.getKernel(ADAMW_UPDATE, tf.getBackend()) !== undefined;
    tf.tidy(() => {
      for (const [name, g] of grads) {
        const p = vars.get(name)!;
        const m = this.state(this.m, name, p);
        const v = this.state(this.v, name, p);
        const attrs: AdamWUpdateAttrs = { lr, beta1, beta2, c1, c2, epsilon, decay: p.rank >= 2 ? weightDecay : 0 };
        const [np, nm, nv] = fused
          ? tf.engine().runKernel(ADAMW_UPDATE, { p, m, v, g }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[]
          : adamwUpdateOps(p, m, v, g, attrs);
        p.assign(np!);
        m.assign(nm!);
        v.assign(nv!);
      }
    });
  }

  private state(store: Map<string, tf.Variable>, name: string, like: tf.Variable): tf.Variable {
    let s = store.get(name);
    if (!s) { s = tf.variable(tf.zerosLike(like), false); store.set(name, s); }
    return s;
  }

  serialize(): { step: number; m: SerializedParams; v: SerializedParams } {
    return { step: this.step, m: serializeVariables(this.m), v: serializeVariables(this.v) };
  }

  /** serialize() with asynchronous read-back (every backend, WebGPU included). */
  async serializeAsync(): Promise<{ step: number; m: SerializedParams; v: SerializedParams }> {
    return { step: this.step, m: await serializeVariablesAsync(this.m), v: await serializeVariablesAsync(this.v) };
  }

  load(state: { step: number; m: SerializedParams; v: SerializedParams }): void {
    this.step = state.step;
    loadMap(this.m, state.m);
    loadMap(this.v, state.v);
  }

  dispose(): void {
    for (const s of [...this.m.values(), ...this.v.values()]) s.dispose();
    this.m.clear();
    this.v.clear();
  }
}

/** [p', m', v'] of one AdamW update written as TF.js ops (the kernels/adamw_update math). */
export function adamwUpdateOps(p: tf.Tensor, m: tf.Tensor, v: tf.Tensor, g: tf.Tensor, a: AdamWUpdateAttrs): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const m2 = tf.add(tf.mul(m, a.beta1), tf.mul(g, 1 - a.beta1));
  const v2 = tf.add(tf.mul(v, a.beta2), tf.mul(tf.square(g), 1 - a.beta2));
  const update = tf.div(tf.div(m2, a.c1), tf.add(tf.sqrt(tf.div(v2, a.c2)), a.epsilon));
  const step = a.decay > 0 ? tf.add(update, tf.mul(p, a.decay)) : update;
  return [tf.sub(p, tf.mul(step, a.lr)), m2, v2];
}

function loadMap(map: Map<string, tf.Variable>, saved: SerializedParams): void {
  for (const s of map.values()) s.dispose();
  map.clear();
  let o = 0;
  saved.names.forEach((name, i) => {
    const shape = saved.shapes[i]!;
    const size = shape.reduce((a, b) => a * b, 1);
    map.set(name, tf.tidy(() => tf.variable(tf.tensor(saved.values.slice(o, o + size), [...shape], 'float32'), false)));
    o += size;
  });
}

/** Learning rate at `step` of `total`: linear warm-up over warmup·total steps, then cosine to lr·minRatio. */
export function scheduledLr(step: number, total: number, lr: number, warmup: number, minRatio: number): number {
  const warm = Math.max(1, Math.round(warmup * total));
  if (step < warm) return (lr * (step + 1)) / warm;
  const progress = Math.min(1, (step - warm) / Math.max(1, total - warm));
  return lr * (minRatio + (1 - minRatio) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}

/** Scales gradients in place so their global L2 norm is ≤ maxNorm; returns the norm before clipping. */
export function clipByGlobalNorm(grads: Map<string, tf.Tensor>, maxNorm: number): number {
  const norm = Math.sqrt(tf.tidy(() => squaredNorm(grads).dataSync()[0]!));
  scaleToNorm(grads, norm, maxNorm);
  return norm;
}

/** clipByGlobalNorm with asynchronous read-back (every backend, WebGPU included). */
export async function clipByGlobalNormAsync(grads: Map<string, tf.Tensor>, maxNorm: number): Promise<number> {
  const sq = squaredNorm(grads);
  const norm = Math.sqrt((await sq.data())[0]!);
  sq.dispose();
  scaleToNorm(grads, norm, maxNorm);
  return norm;
}

/** Σ‖g‖² as a pairwise sum: an addN over every gradient exceeds WebGPU's storage-buffer limit per shader. */
function squaredNorm(grads: Map<string, tf.Tensor>): tf.Scalar {
  return tf.tidy(() => [...grads.values()].map((g) => tf.sum(tf.square(g))).reduce((a, b) => tf.add(a, b), tf.scalar(0)) as tf.Scalar);
}

function scaleToNorm(grads: Map<string, tf.Tensor>, norm: number, maxNorm: number): void {
  if (Number.isFinite(norm) && norm > maxNorm && maxNorm > 0) {
    const scale = maxNorm / norm;
    for (const [name, g] of grads) {
      grads.set(name, tf.mul(g, scale));
      g.dispose();
    }
  }
}
