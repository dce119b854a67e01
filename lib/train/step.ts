// Loss and parameter gradients of one contrastive batch. A batch larger than the micro-batch
// uses gradient caching (Gao et al. 2021): embed every chunk without gradients, take the
// loss gradient with respect to the embeddings, then re-embed chunk by chunk and back-
// propagate those cached gradients — the same gradient as one big batch, with memory
// bounded by the micro-batch.
import type { AlignConfig, Modality } from '../config.js';
import { tf } from '../env.js';
import type { AlignmentModel, ModalityBatches } from '../models/clip_model.js';
import { multiPairLoss, PairRows } from './loss.js';
import type { MaterialBatch } from './batches.js';

export interface ChunkedBatch {
  /** One MaterialBatch per chunk of consecutive materials. */
  readonly chunks: readonly MaterialBatch[];
  /** Material count of each chunk. */
  readonly sizes: readonly number[];
  /** [n] composition-key group of each material of the whole batch. */
  readonly groups: Int32Array;
}

export interface StepResult {
  readonly loss: number;
  readonly perPair: Record<string, number>;
  /** Parameter name → gradient (caller disposes). */
  readonly grads: Map<string, tf.Tensor>;
}

/** Per modality: the whole batch's rows (material positions), chunk by chunk with offsets. */
export function concatRows(batch: Pick<ChunkedBatch, 'chunks' | 'sizes'>, m: Modality): Int32Array {
  const parts: number[] = [];
  let offset = 0;
  batch.chunks.forEach((c, i) => {
    for (const r of c.rows.get(m) ?? []) parts.push(r + offset);
    offset += batch.sizes[i]!;
  });
  return Int32Array.from(parts);
}

/** The rows of each configured pair among materials that have both modalities. */
export function pairRowsOf(rows: ReadonlyMap<Modality, Int32Array>, pairs: AlignConfig['loss']['pairs'], groups: Int32Array): PairRows[] {
  const out: PairRows[] = [];
  for (const [a, b] of pairs) {
    const ra = rows.get(a), rb = rows.get(b);
    if (!ra || !rb) continue;
    const posB = new Map<number, number>();
    rb.forEach((pos, row) => posB.set(pos, row));
    const rowsA: number[] = [], rowsB: number[] = [], g: number[] = [];
    ra.forEach((pos, row) => {
      const other = posB.get(pos);
      if (other !== undefined) { rowsA.push(row); rowsB.push(other); g.push(groups[pos]!); }
    });
    out.push({ a, b, rowsA: Int32Array.from(rowsA), rowsB: Int32Array.from(rowsB), groups: Int32Array.from(g) });
  }
  return out;
}

/** Scalar 1/τ used by the loss: exp(logit_scale) clamped ≤ maxLogitScale (or fixed at 1/τ₀). */
export function effectiveLogitScale(model: AlignmentModel, config: AlignConfig, logit?: tf.Tensor): tf.Scalar {
  if (!config.loss.learnTemperature) return tf.scalar(1 / config.loss.temperature);
  return tf.minimum(tf.exp(logit ?? model.params.require('logit_scale')), config.loss.maxLogitScale) as tf.Scalar;
}

/**
 * Clamps the learned log scale to ≤ log(maxLogitScale) (the optimizer may step past it) and
 * returns the effective 1/τ as a number: what effectiveLogitScale gives the loss.
 */
export async function clampLogitScale(model: AlignmentModel, config: AlignConfig): Promise<number> {
  if (!config.loss.learnTemperature) return 1 / config.loss.temperature;
  const logit = model.params.require('logit_scale');
  const maxLog = Math.log(config.loss.maxLogitScale);
  const value = (await logit.data())[0]!;
  if (value > maxLog) tf.tidy(() => logit.assign(tf.scalar(maxLog)));
  return Math.exp(Math.min(value, maxLog));
}

function trainableVariables(model: AlignmentModel, config: AlignConfig): tf.Variable[] {
  return model.params.variables().filter((v) => config.loss.learnTemperature || model.params.nameOf(v.name) !== 'logit_scale');
}

function embedAll(model: AlignmentModel, chunk: MaterialBatch): Map<Modality, tf.Tensor2D> {
  const out = new Map<Modality, tf.Tensor2D>();
  for (const m of chunk.rows.keys()) out.set(m, model.embed(m, chunk.batches[m] as ModalityBatches[typeof m]));
  return out;
}

function namedGrads(model: AlignmentModel, grads: tf.NamedTensorMap): Map<string, tf.Tensor> {
  return new Map(Object.entries(grads).map(([k, g]) => [model.params.nameOf(k), g]));
}

/** Loss and gradients with the loss values still on the device (read back by readValues). */
interface PendingStep {
  readonly loss: tf.Scalar;
  readonly perPair: Map<string, tf.Scalar>;
  readonly grads: Map<string, tf.Tensor>;
}

/** Loss and gradients of one batch (gradient caching when it has several chunks). */
export function lossAndGradients(model: AlignmentModel, config: AlignConfig, batch: ChunkedBatch): StepResult {
  const pending = pendingStep(model, config, batch);
  return { ...readValues(pending, (t) => t.dataSync()[0]!), grads: pending.grads };
}

/**
 * The same as lossAndGradients, reading the loss values back asynchronously: the form every
 * backend supports (WebGPU in Node has no synchronous read-back).
 */
export async function lossAndGradientsAsync(model: AlignmentModel, config: AlignConfig, batch: ChunkedBatch): Promise<StepResult> {
  const pending = pendingStep(model, config, batch);
  const scalars = [pending.loss, ...pending.perPair.values()];
  const values = await Promise.all(scalars.map((t) => t.data()));
  const read = new Map(scalars.map((t, i) => [t, values[i]![0]!] as const));
  return { ...readValues(pending, (t) => read.get(t)!), grads: pending.grads };
}

/** Reads the loss and per-pair values with `value` and disposes their tensors. */
export function readValues(pending: Pick<PendingStep, 'loss' | 'perPair'>, value: (t: tf.Scalar) => number): { loss: number; perPair: Record<string, number> } {
  const perPair: Record<string, number> = {};
  for (const [k, t] of pending.perPair) perPair[k] = value(t);
  const loss = value(pending.loss);
  tf.dispose([pending.loss, ...pending.perPair.values()]);
  return { loss, perPair };
}

/** Loss of a batch from its embeddings (modality → [n_m, D], rows in batch order) and the log scale. */
export type EmbeddingLoss = (embeddings: Map<Modality, tf.Tensor2D>, logit: tf.Tensor) => { total: tf.Scalar; perPair: Map<string, tf.Scalar> };

/** The contrastive loss of `batch` (its chunks' rows concatenated in order) as an EmbeddingLoss. */
export function contrastiveLoss(model: AlignmentModel, config: AlignConfig, batch: Pick<ChunkedBatch, 'chunks' | 'sizes' | 'groups'>): EmbeddingLoss {
  const modalities = [...new Set(batch.chunks.flatMap((c) => [...c.rows.keys()]))];
  const pairs = pairRowsOf(new Map(modalities.map((m) => [m, concatRows(batch, m)] as const)), config.loss.pairs, batch.groups);
  return (embeddings, logit) => multiPairLoss(embeddings, pairs, effectiveLogitScale(model, config, logit), config.loss.maskFalseNegatives);
}

/**
 * `loss` and its gradient with respect to each embedding matrix (in `modalities` order) and
 * the log scale (last). 0·Σx ties every input to the loss, so a modality in no pair of the
 * batch, or an unused log scale, gets a zero gradient instead of failing valueAndGrads.
 */
export function embeddingGradients(loss: EmbeddingLoss, modalities: readonly Modality[], embeddings: readonly tf.Tensor2D[], logit: tf.Tensor): { loss: tf.Scalar; perPair: Map<string, tf.Scalar>; grads: tf.Tensor[] } {
  let perPair = new Map<string, tf.Scalar>();
  const { value, grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => {
    const out = loss(new Map(modalities.map((m, i) => [m, xs[i] as tf.Tensor2D])), xs[xs.length - 1]!);
    perPair = new Map([...out.perPair].map(([k, t]) => [k, tf.keep(t)]));
    return tf.add(out.total, tf.mul(0, tf.addN(xs.map((x) => tf.sum(x))))) as tf.Scalar;
  })([...embeddings, logit]);
  return { loss: value as tf.Scalar, perPair, grads };
}

function pendingStep(model: AlignmentModel, config: AlignConfig, batch: ChunkedBatch): PendingStep {
  const loss = contrastiveLoss(model, config, batch);
  const logit = model.params.require('logit_scale');
  const vars = trainableVariables(model, config);
  if (batch.chunks.length === 1) {
    let perPair = new Map<string, tf.Scalar>();
    const { value, grads } = tf.variableGrads(() => {
      const { total, perPair: pp } = loss(embedAll(model, batch.chunks[0]!), logit);
      perPair = new Map([...pp].map(([k, t]) => [k, tf.keep(t)]));
      return total;
    }, vars);
    return { loss: value, perPair, grads: namedGrads(model, grads) };
  }
  return cachedGradients(model, batch, loss, vars.includes(logit));
}

function cachedGradients(model: AlignmentModel, batch: ChunkedBatch, loss: EmbeddingLoss, withLogit: boolean): PendingStep {
  const modalities = [...new Set(batch.chunks.flatMap((c) => [...c.rows.keys()]))];
  // 1. Embeddings of the whole batch, no gradients kept.
  const embeddings = tf.tidy(() => {
    const parts = new Map<Modality, tf.Tensor2D[]>(modalities.map((m) => [m, []]));
    for (const chunk of batch.chunks) for (const [m, e] of embedAll(model, chunk)) parts.get(m)!.push(e);
    return modalities.map((m) => tf.concat(parts.get(m)!, 0) as tf.Tensor2D);
  });
  // 2. Gradient of the loss with respect to each embedding matrix and the log scale.
  const { loss: value, perPair, grads: embGrads } = embeddingGradients(loss, modalities, embeddings, model.params.require('logit_scale'));
  tf.dispose(embeddings);
  // 3. Re-embed each chunk with gradients and back-propagate the cached embedding gradients.
  const total = new Map<string, tf.Tensor>();
  const add = (name: string, g: tf.Tensor) => {
    const prev = total.get(name);
    total.set(name, prev ? tf.add(prev, g) : tf.clone(g));
    prev?.dispose();
  };
  const offsets = new Map<Modality, number>(modalities.map((m) => [m, 0]));
  for (const chunk of batch.chunks) {
    for (const m of chunk.rows.keys()) {
      const n = chunk.rows.get(m)!.length;
      const start = offsets.get(m)!;
      offsets.set(m, start + n);
      const cached = embGrads[modalities.indexOf(m)]!.slice([start, 0], [n, -1]);
      const { value: v, grads } = tf.variableGrads(
        () => tf.sum(tf.mul(model.embed(m, chunk.batches[m] as ModalityBatches[typeof m]), cached)) as tf.Scalar,
        model.towerVariables(m),
      );
      v.dispose();
      cached.dispose();
      for (const [k, g] of Object.entries(grads)) { add(model.params.nameOf(k), g); g.dispose(); }
    }
  }
  if (withLogit) add('logit_scale', embGrads[embGrads.length - 1]!);
  tf.dispose(embGrads);
  return { loss: value, perPair, grads: total };
}
