// Fine-tuning a structure tower on one property: the tower (pretrained weights of an aligned
// run, or a random initialisation for the single-modality baseline) plus a small MLP head,
// trained end to end with AdamW under a bounded budget (epochs and steps), early stopping
// on a held-out part of the training rows, best weights restored at the end.
import type { Modality } from '../config.js';
import { tf } from '../env.js';
import { InputError } from '../errors.js';
import { mlp } from '../models/layers.js';
import { AlignmentModel } from '../models/clip_model.js';
import type { GraphBatch } from '../data/structure/graph.js';
import { Rng } from '../rng.js';
import { BatchContext, buildBatch } from '../train/batches.js';
import { AdamW, clipByGlobalNorm, scheduledLr } from '../train/optimizer.js';

export interface FinetuneOptions {
  /** Most passes over the training rows (default 8). */
  readonly maxEpochs?: number;
  /** Most optimiser steps in all (default 80): bounds the cost at 100 % labels. */
  readonly maxSteps?: number;
  readonly batchSize?: number;
  /** Peak learning rate of the head (default 2e-3); the tower gets towerLrScale × it. */
  readonly lr?: number;
  /** Default 0.5: a pretrained tower moves more slowly than the new head. */
  readonly towerLrScale?: number;
  readonly weightDecay?: number;
  /** Epochs without a better validation loss before stopping (default 3). */
  readonly patience?: number;
  /** Part of the training rows held out for early stopping (default 0.1; at least 1 row). */
  readonly validationFraction?: number;
  /** Hidden width of the head (default 64). */
  readonly headHidden?: number;
  readonly seed?: number;
}

export const DEFAULT_FINETUNE: Required<FinetuneOptions> = {
  maxEpochs: 8, maxSteps: 80, batchSize: 32, lr: 2e-3, towerLrScale: 0.5, weightDecay: 0.01, patience: 3,
  validationFraction: 0.1, headHidden: 64, seed: 0,
};

export interface FinetuneTask {
  readonly task: 'regression' | 'classification';
  /** C for classification (labels 0…C−1); ignored for regression. */
  readonly numClasses?: number;
}

export interface FinetunedModel {
  /** [n] predictions for materials (indices into ctx.features): values in y units, or labels. */
  predict(indices: readonly number[]): Float64Array;
  /** Mean loss on (at most 512 of) the training rows of the fit part, before training and with the restored weights. */
  readonly initialTrainLoss: number;
  readonly finalTrainLoss: number;
  readonly epochs: number;
  readonly steps: number;
  dispose(): void;
}

const HEAD = 'finetune.head';

/** A fresh model holding only the structure tower: the source run's weights copied in, or random (seeded). */
export function structureTowerModel(source: AlignmentModel, pretrained: boolean, seed: number): AlignmentModel {
  const model = new AlignmentModel(source.config, source.dims, seed);
  model.initialize(['structure' as Modality]);
  if (pretrained) {
    for (const [name, v] of source.params.entries()) {
      if (name.startsWith('structure.')) model.params.require(name).assign(v);
    }
  }
  return model;
}

function graphBatch(ctx: BatchContext, indices: readonly number[]): GraphBatch {
  const b = buildBatch(ctx, indices, ['structure'], null);
  if ((b.rows.get('structure')?.length ?? 0) !== indices.length) throw new InputError('fine-tuning needs a crystal graph for every row');
  return b.batches.structure!;
}

/** [b, out] head outputs of a batch of materials. */
function forward(model: AlignmentModel, ctx: BatchContext, indices: readonly number[], out: number, hidden: number): tf.Tensor2D {
  return mlp(model.params, HEAD, model.towerFeatures('structure', graphBatch(ctx, indices)), hidden, out);
}

function lossOf(task: FinetuneTask['task'], out: tf.Tensor2D, y: readonly number[]): tf.Scalar {
  return task === 'regression'
    ? tf.mean(tf.square(tf.sub(out.squeeze([1]), tf.tensor1d([...y])))) as tf.Scalar
    : tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d([...y], 'int32'), out.shape[1]), out) as tf.Scalar;
}

function snapshot(vars: ReadonlyMap<string, tf.Variable>): Map<string, Float32Array> {
  return new Map([...vars].map(([n, v]) => [n, Float32Array.from(v.dataSync() as Float32Array)]));
}

/**
 * Fine-tunes `model` (from structureTowerModel; owned by the result) on materials `train`
 * (indices into ctx.features, each with a crystal graph) and targets y [n]: real values or
 * labels. Regression targets are standardised on the training rows.
 */
export function finetuneStructureTower(
  model: AlignmentModel, ctx: BatchContext, train: readonly number[], y: ArrayLike<number>, task: FinetuneTask, options: FinetuneOptions = {},
): FinetunedModel {
  const o = { ...DEFAULT_FINETUNE, ...options };
  if (train.length !== y.length) throw new InputError(`${train.length} training rows but ${y.length} targets`);
  if (train.length < 2) throw new InputError('fine-tuning needs at least 2 training rows');
  const regression = task.task === 'regression';
  const out = regression ? 1 : task.numClasses ?? 2;
  const yy = Array.from(y);
  const mean = regression ? yy.reduce((a, b) => a + b, 0) / yy.length : 0;
  const scale = regression ? Math.sqrt(yy.reduce((a, b) => a + (b - mean) ** 2, 0) / yy.length) || 1 : 1;
  const yt = yy.map((v) => (regression ? (v - mean) / scale : v));
  const rng = new Rng(o.seed);
  const order = rng.fork('finetune_split').shuffle(Array.from({ length: train.length }, (_, i) => i));
  const nVal = Math.max(1, Math.round(o.validationFraction * train.length));
  const valPos = order.slice(0, nVal);
  const fitPos = order.slice(nVal).length ? order.slice(nVal) : valPos;
  tf.tidy(() => { forward(model, ctx, [train[0]!], out, o.headHidden); }); // creates the head
  const vars = new Map([...model.params.entries()].filter(([n]) => n.startsWith('structure.') || n.startsWith(HEAD)));
  const meanLoss = (pos: readonly number[]) => {
    let total = 0;
    for (let s = 0; s < pos.length; s += 64) {
      const part = pos.slice(s, s + 64);
      total += part.length * tf.tidy(() => lossOf(task.task, forward(model, ctx, part.map((p) => train[p]!), out, o.headHidden), part.map((p) => yt[p]!)).dataSync()[0]!);
    }
    return total / pos.length;
  };
  // The reported training loss reads at most 512 fit rows: a full pass would cost as much as training.
  const lossRows = fitPos.slice(0, 512);
  const initialTrainLoss = meanLoss(lossRows);
  const perEpoch = Math.ceil(fitPos.length / o.batchSize);
  const total = Math.max(1, Math.min(o.maxSteps, o.maxEpochs * perEpoch));
  const optimizer = new AdamW({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: o.weightDecay });
  let best = { loss: meanLoss(valPos), weights: snapshot(vars), epoch: 0 };
  let step = 0;
  let epoch = 0;
  try {
    for (; step < total && epoch - best.epoch < o.patience; epoch++) {
      const shuffled = rng.fork(`epoch${epoch}`).shuffle([...fitPos]);
      for (let s = 0; s < shuffled.length && step < total; s += o.batchSize, step++) {
        const part = shuffled.slice(s, s + o.batchSize);
        const { value, grads } = tf.variableGrads(
          () => lossOf(task.task, forward(model, ctx, part.map((p) => train[p]!), out, o.headHidden), part.map((p) => yt[p]!)),
          [...vars.values()],
        );
        value.dispose();
        const named = new Map(Object.entries(grads).map(([k, g]) => [model.params.nameOf(k), g as tf.Tensor]));
        clipByGlobalNorm(named, 5);
        const lr = scheduledLr(step, total, o.lr, 0.05, 0.1);
        const tower = new Map([...named].filter(([n]) => n.startsWith('structure.')));
        const head = new Map([...named].filter(([n]) => !n.startsWith('structure.')));
        optimizer.apply(vars, tower, lr * o.towerLrScale);
        optimizer.step--; // one update of both groups is one optimiser step
        optimizer.apply(vars, head, lr);
        tf.dispose([...named.values()]);
      }
      const loss = meanLoss(valPos);
      if (loss < best.loss) best = { loss, weights: snapshot(vars), epoch: epoch + 1 };
    }
  } finally {
    optimizer.dispose();
  }
  for (const [n, w] of best.weights) tf.tidy(() => vars.get(n)!.assign(tf.tensor(w, vars.get(n)!.shape)));
  const finalTrainLoss = meanLoss(lossRows);
  return {
    initialTrainLoss, finalTrainLoss, epochs: epoch, steps: step,
    predict: (indices) => {
      const res = new Float64Array(indices.length);
      for (let s = 0; s < indices.length; s += 64) {
        const part = indices.slice(s, s + 64);
        const o2 = tf.tidy(() => forward(model, ctx, part, out, o.headHidden).dataSync() as Float32Array);
        part.forEach((_, i) => {
          if (regression) res[s + i] = o2[i]! * scale + mean;
          else {
            let bestC = 0;
            for (let c = 1; c < out; c++) if (o2[i * out + c]! > o2[i * out + bestC]!) bestC = c;
            res[s + i] = bestC;
          }
        });
      }
      return res;
    },
    dispose: () => model.dispose(),
  };
}
