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
import { concatFloat32 } from '../models/params.js';
import type { MaterialBatch } from './batches.js';
import { contrastiveLoss, EmbeddingLoss, embeddingGradients, readValues, StepResult } from './step.js';
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
    /** Parameter name → shape, in the order of the shared parameter buffer. */
    private readonly layout: Map<string, number[]>,
    private readonly params: Float32Array,
    private readonly modalities: readonly Modality[],
    private readonly maxRows: number,
  ) {}

  /** Starts `workers` threads with replicas of `model` (its parameters must all exist already). */
  static async start(model: AlignmentModel, workers: number, backend: 'wasm' | 'cpu', modalities: readonly Modality[], maxRows: number, temperature: number): Promise<DataParallelStepper> {
    if (workers < 1) throw new RangeError(`workers must be ≥ 1, got ${workers}`);
    const vars = model.params.entries();
    const names = [...vars.keys()], shapes = names.map((n) => [...vars.get(n)!.shape]);
    const paramsBuffer = new SharedArrayBuffer(4 * model.params.count());
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
    const stepper = new DataParallelStepper(channels, new Map(names.map((n, i) => [n, shapes[i]!])), new Float32Array(paramsBuffer), modalities, maxRows);
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
    return this.step(model, parts, contrastiveLoss(model, config, { chunks: parts, sizes, groups }), config.loss.learnTemperature, options);
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
    for (const [name, shape] of this.layout) {
      this.params.set(vars.get(name)!.dataSync() as Float32Array, offset);
      offset += tf.util.sizeFromShape(shape);
    }
    const active = this.channels.slice(0, parts.length);
    active.forEach((c, i) => c.worker.postMessage({ seq, batch: parts[i]! } satisfies StepMessage));
    const posted = await Promise.all(active.map((c) => c.next('embeddings')));
    for (const p of posted) if (p.seq !== seq) throw new Error(`embeddings of step ${p.seq} during step ${seq}`);
    // Embeddings of the whole batch per modality, parts concatenated in order.
    const modalities = [...new Set(posted.flatMap((p) => p.modalities))];
    const D = model.config.dim;
    const whole = modalities.map((m) => {
      const values = concatFloat32(posted.flatMap((p) => { const i = p.modalities.indexOf(m); return i < 0 ? [] : [p.values[i]!]; }));
      return tf.tensor2d(values, [values.length / D, D]);
    });
    const { grads: embGrads, ...pending } = embeddingGradients(loss, modalities, whole, model.params.require('logit_scale'));
    tf.dispose(whole);
    // Each worker's rows of each modality's gradient, in the order it posted its modalities.
    const gradData = embGrads.slice(0, modalities.length).map((g) => g.dataSync() as Float32Array);
    const starts = new Map(modalities.map((m) => [m, 0]));
    active.forEach((c, i) => {
      let at = 0;
      posted[i]!.modalities.forEach((m, k) => {
        const n = posted[i]!.values[k]!.length;
        const from = starts.get(m)!;
        c.embeddingGrads.set(gradData[modalities.indexOf(m)]!.subarray(from, from + n), at);
        starts.set(m, from + n);
        at += n;
      });
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
        const size = tf.util.sizeFromShape(this.layout.get(name)!);
        const part = r.values.subarray(at, at + size);
        at += size;
        const sum = total.get(name);
        if (sum) for (let k = 0; k < size; k++) sum[k]! += part[k]!;
        else total.set(name, part.slice());
      });
    }
    const grads = new Map<string, tf.Tensor>();
    for (const [name, g] of total) grads.set(name, tf.tensor(g, this.layout.get(name)!, 'float32'));
    if (withLogit) grads.set('logit_scale', embGrads[embGrads.length - 1]!);
    else embGrads[embGrads.length - 1]!.dispose();
    tf.dispose(embGrads.slice(0, modalities.length));
    return { ...readValues(pending, (t) => t.dataSync()[0]!), grads };
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
