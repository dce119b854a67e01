// Data-parallel training steps on CPU cores: worker threads (step_worker.ts), each with its
// own TF.js engine and model replica, embed and back-propagate one part of the batch each,
// while the main thread owns the master parameters, the loss and the optimizer. A step:
//   1. the main thread writes the parameters into shared memory and posts each part;
//   2. each worker embeds its part (keeping its tape) and posts the embeddings [n_m, D];
//   3. the main thread computes the loss of the whole batch and its gradient with respect
//      to every embedding row (the loss couples all rows), writes each worker's rows into
//      that worker's shared buffer and wakes it;
//   4. each worker back-propagates those rows through its towers and posts the parameter
//      gradients, which the main thread sums.
// The gradient equals the single-thread one (sums in another order); each worker's memory
// is that of its part only.
import type { Worker } from 'node:worker_threads';
import type { AlignConfig, Modality, ModelConfig } from '../config.js';
import { tf } from '../env.js';
import type { AlignmentModel, ModelDimensions } from '../models/clip_model.js';
import type { MaterialBatch } from './batches.js';
import { multiPairLoss } from './loss.js';
import { concatRows, effectiveLogitScale, pairRowsOf, StepResult } from './step.js';
import { defaultThreadCount, startProjectWorker } from './worker_thread.js';

export interface WorkerInit {
  readonly backend: 'wasm' | 'cpu';
  readonly model: { readonly config: ModelConfig; readonly dims: ModelDimensions; readonly seed: number; readonly temperature: number };
  readonly modalities: readonly Modality[];
  /** Parameter names and shapes in the order of the shared parameter buffer. */
  readonly layout: { readonly names: readonly string[]; readonly shapes: readonly (readonly number[])[] };
  /** float32 [Σ parameter sizes]: written by the main thread before each step. */
  readonly paramsBuffer: SharedArrayBuffer;
  /** int32 [1]: the number of the step whose embedding gradients are ready. */
  readonly controlBuffer: SharedArrayBuffer;
  /** float32 [Σ_m n_m·D]: loss gradient of this worker's embeddings, modalities in the order it posted them. */
  readonly embeddingGradBuffer: SharedArrayBuffer;
}

export interface StepMessage {
  readonly seq: number;
  readonly batch: MaterialBatch;
}

export interface GradientsMessage {
  readonly type: 'gradients';
  readonly seq: number;
  readonly names: readonly string[];
  /** Concatenated float32 gradients in `names` order. */
  readonly values: Float32Array;
}

export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'embeddings'; readonly seq: number; readonly modalities: readonly Modality[]; readonly values: readonly Float32Array[] }
  | GradientsMessage;

/** Loss of the whole batch from its embeddings (modality → [n_m, D]) and the log scale. */
export type EmbeddingLoss = (embeddings: Map<Modality, tf.Tensor2D>, logit: tf.Tensor) => { total: tf.Scalar; perPair: Map<string, tf.Scalar> };

/** Worker threads a wasm/cpu training uses by default: one per core, at most 4, none on a single core. */
export function defaultWorkerCount(backend: string): number {
  return backend === 'wasm' || backend === 'cpu' ? defaultThreadCount() : 0;
}

/** One worker's messages, awaited in order; an error or exit fails every wait. */
class WorkerChannel {
  private readonly queue: WorkerReply[] = [];
  private waiting: ((m: WorkerReply) => void) | null = null;
  private failure: Error | null = null;
  private failWaiting: ((e: Error) => void) | null = null;

  constructor(readonly worker: Worker, readonly control: Int32Array, readonly embeddingGrads: Float32Array) {
    worker.on('message', (m: WorkerReply) => {
      if (m.type === 'error') return this.fail(new Error(`training worker: ${m.message}`));
      if (this.waiting) { const w = this.waiting; this.waiting = null; this.failWaiting = null; w(m); } else this.queue.push(m);
    });
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => this.fail(new Error(`training worker exited (code ${code})`)));
  }

  private fail(e: Error): void {
    this.failure ??= e;
    if (this.failWaiting) { const f = this.failWaiting; this.waiting = null; this.failWaiting = null; f(this.failure); }
  }

  next<T extends WorkerReply['type']>(type: T): Promise<Extract<WorkerReply, { type: T }>> {
    const check = (m: WorkerReply) => {
      if (m.type !== type) throw new Error(`training worker sent '${m.type}' where '${type}' was due`);
      return m as Extract<WorkerReply, { type: T }>;
    };
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(check(queued));
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = (m) => { try { resolve(check(m)); } catch (e) { reject(e); } };
      this.failWaiting = reject;
    });
  }
}

export interface ParallelStepOptions {
  /** Runs on the main thread while the workers back-propagate (e.g. preparing the next batch). */
  readonly whileBackward?: () => void;
}

export class DataParallelStepper {
  private seq = 0;
  private closed = false;

  private constructor(
    private readonly channels: WorkerChannel[],
    private readonly layout: { names: string[]; shapes: number[][]; sizes: number[] },
    private readonly params: Float32Array,
    private readonly modalities: readonly Modality[],
    private readonly maxRows: number,
  ) {}

  /** Starts `workers` threads with replicas of `model` (its parameters must all exist already). */
  static async start(model: AlignmentModel, workers: number, backend: 'wasm' | 'cpu', modalities: readonly Modality[], maxRows: number, temperature: number): Promise<DataParallelStepper> {
    if (workers < 1) throw new RangeError(`workers must be ≥ 1, got ${workers}`);
    const vars = model.params.entries();
    const names = [...vars.keys()], shapes = names.map((n) => [...vars.get(n)!.shape]), sizes = names.map((n) => vars.get(n)!.size);
    const paramsBuffer = new SharedArrayBuffer(4 * sizes.reduce((a, b) => a + b, 0));
    const channels: WorkerChannel[] = [];
    for (let w = 0; w < workers; w++) {
      const init: WorkerInit = {
        backend, model: { config: model.config, dims: model.dims, seed: 0, temperature },
        modalities, layout: { names, shapes }, paramsBuffer,
        controlBuffer: new SharedArrayBuffer(4), embeddingGradBuffer: new SharedArrayBuffer(4 * maxRows * model.config.dim * modalities.length),
      };
      const worker = startProjectWorker('step_worker', init);
      channels.push(new WorkerChannel(worker, new Int32Array(init.controlBuffer), new Float32Array(init.embeddingGradBuffer)));
    }
    const stepper = new DataParallelStepper(channels, { names, shapes, sizes }, new Float32Array(paramsBuffer), modalities, maxRows);
    try {
      await Promise.all(channels.map((c) => c.next('ready')));
    } catch (e) {
      await stepper.close();
      throw e;
    }
    return stepper;
  }

  get workers(): number {
    return this.channels.length;
  }

  /** Contrastive loss and gradients of a batch split into parts (one per worker, in material order). */
  async lossAndGradients(model: AlignmentModel, config: AlignConfig, parts: readonly MaterialBatch[], sizes: readonly number[], groups: Int32Array, options: ParallelStepOptions = {}): Promise<StepResult> {
    const loss: EmbeddingLoss = (embeddings, logit) => {
      const rows = new Map<Modality, Int32Array>();
      for (const m of embeddings.keys()) rows.set(m, concatRows({ chunks: parts, sizes }, m));
      const pairs = pairRowsOf(rows, config.loss.pairs, groups);
      return multiPairLoss(embeddings, pairs, effectiveLogitScale(model, config, logit), config.loss.maskFalseNegatives);
    };
    return this.step(model, parts, loss, config.loss.learnTemperature, options);
  }

  /**
   * Gradients of `loss` over the parts' embeddings: the parameters of each tower (summed
   * over workers) and, with `withLogit`, of logit_scale. Loss values are read back here.
   */
  async step(model: AlignmentModel, parts: readonly MaterialBatch[], loss: EmbeddingLoss, withLogit: boolean, options: ParallelStepOptions = {}): Promise<StepResult> {
    if (this.closed) throw new Error('data-parallel stepper is closed');
    if (parts.length > this.channels.length) throw new RangeError(`${parts.length} parts for ${this.channels.length} workers`);
    for (const part of parts) {
      const unknown = [...part.rows.keys()].filter((m) => !this.modalities.includes(m));
      if (unknown.length) throw new RangeError(`the workers' models have no ${unknown.join(', ')} tower`);
      const largest = Math.max(...[...part.rows.values()].map((r) => r.length));
      if (largest > this.maxRows) throw new RangeError(`a part of ${largest} rows exceeds the workers' ${this.maxRows}`);
    }
    const seq = ++this.seq;
    const vars = model.params.entries();
    let offset = 0;
    this.layout.names.forEach((name, i) => {
      this.params.set(vars.get(name)!.dataSync() as Float32Array, offset);
      offset += this.layout.sizes[i]!;
    });
    const active = this.channels.slice(0, parts.length);
    active.forEach((c, i) => c.worker.postMessage({ seq, batch: parts[i]! } satisfies StepMessage));
    const posted = await Promise.all(active.map((c) => c.next('embeddings')));
    for (const p of posted) if (p.seq !== seq) throw new Error(`embeddings of step ${p.seq} during step ${seq}`);
    // Embeddings of the whole batch per modality, parts concatenated in order.
    const modalities = [...new Set(posted.flatMap((p) => p.modalities))];
    const D = model.config.dim;
    const whole = modalities.map((m) => {
      const pieces = posted.flatMap((p) => { const i = p.modalities.indexOf(m); return i < 0 ? [] : [p.values[i]!]; });
      const values = new Float32Array(pieces.reduce((a, x) => a + x.length, 0));
      let at = 0;
      for (const x of pieces) { values.set(x, at); at += x.length; }
      return tf.tensor2d(values, [values.length / D, D]);
    });
    const logit = model.params.require('logit_scale');
    let perPair = new Map<string, tf.Scalar>();
    const { value, grads: embGrads } = tf.valueAndGrads((...xs: tf.Tensor[]) => {
      const out = loss(new Map(modalities.map((m, i) => [m, xs[i] as tf.Tensor2D])), xs[xs.length - 1]!);
      perPair = new Map([...out.perPair].map(([k, t]) => [k, tf.keep(t)]));
      // 0·Σx ties every input to the loss, so a modality in no pair of this batch (or an
      // unused log scale) gets a zero gradient instead of failing valueAndGrads.
      return tf.add(out.total, tf.mul(0, tf.addN(xs.map((x) => tf.sum(x))))) as tf.Scalar;
    })([...whole, logit]);
    tf.dispose(whole);
    // Each worker's rows of each modality's gradient, in the order it posted its modalities.
    const gradData = embGrads.slice(0, modalities.length).map((g) => g.dataSync() as Float32Array);
    const starts = new Map(modalities.map((m) => [m, 0]));
    active.forEach((c, i) => {
      let at = 0;
      for (const m of posted[i]!.modalities) {
        const n = posted[i]!.values[posted[i]!.modalities.indexOf(m)]!.length;
        const from = starts.get(m)!;
        c.embeddingGrads.set(gradData[modalities.indexOf(m)]!.subarray(from, from + n), at);
        starts.set(m, from + n);
        at += n;
      }
      Atomics.store(c.control, 0, seq);
      Atomics.notify(c.control, 0);
    });
    options.whileBackward?.();
    const replies = await Promise.all(active.map((c) => c.next('gradients')));
    const total = new Map<string, Float32Array>();
    for (const r of replies) {
      if (r.seq !== seq) throw new Error(`gradients of step ${r.seq} during step ${seq}`);
      let at = 0;
      r.names.forEach((name) => {
        const size = this.layout.sizes[this.layout.names.indexOf(name)]!;
        const part = r.values.subarray(at, at + size);
        at += size;
        const sum = total.get(name);
        if (sum) for (let k = 0; k < size; k++) sum[k]! += part[k]!;
        else total.set(name, part.slice());
      });
    }
    const grads = new Map<string, tf.Tensor>();
    for (const [name, g] of total) grads.set(name, tf.tensor(g, this.layout.shapes[this.layout.names.indexOf(name)]!, 'float32'));
    if (withLogit) grads.set('logit_scale', embGrads[embGrads.length - 1]!);
    else embGrads[embGrads.length - 1]!.dispose();
    tf.dispose(embGrads.slice(0, modalities.length));
    const result: Record<string, number> = {};
    for (const [k, t] of perPair) result[k] = t.dataSync()[0]!;
    const lossValue = value.dataSync()[0]!;
    tf.dispose([value, ...perPair.values()]);
    return { loss: lossValue, perPair: result, grads };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.channels.map((c) => c.worker.terminate()));
  }
}

/** Splits material indices into `n` contiguous parts of near-equal size (no empty part). */
export function splitParts<T>(items: readonly T[], n: number): T[][] {
  const k = Math.max(1, Math.min(n, items.length));
  const out: T[][] = [];
  for (let i = 0; i < k; i++) out.push(items.slice(Math.floor((i * items.length) / k), Math.floor(((i + 1) * items.length) / k)));
  return out;
}
