// An image classifier for defect identification: the micrograph tower of the alignment model
// (stride-2 CNN, mean + max pooling) with a softmax head, trained with AdamW on labelled
// images. Its tower starts from a trained run's weights (fine-tuning) or from a seeded
// random initialisation (the from-scratch baseline); both train the same way. Training
// images are augmented by the eight symmetries of the square (a point defect's class does
// not change when the field is flipped or rotated by 90°).
import { Rng, tf } from '../env.js';
import type { CnnEncoderConfig } from '../config.js';
import { InputError } from '../errors.js';
import { encodeImages, ImageBatch } from '../models/cnn_encoders.js';
import { linear } from '../models/layers.js';
import { ParamStore } from '../models/params.js';
import { AdamW, clipByGlobalNorm, scheduledLr } from '../train/optimizer.js';

/** Labelled single-channel images of one side. */
export interface ImageSet {
  /** S, px. */
  readonly size: number;
  /** [n·S·S] float32 in [0, 1], row-major, image after image. */
  readonly pixels: Float32Array;
  /** [n] class index per image. */
  readonly labels: Int32Array;
  /** Class names by index. */
  readonly classes: readonly string[];
}

export function imageCount(set: ImageSet): number {
  return set.labels.length;
}

/**
 * The set with every image scaled to zero mean and unit standard deviation (a constant
 * image becomes zeros): removes dose, background and detector gain differences.
 */
export function standardizeImages<T extends ImageSet>(set: T): T {
  const area = set.size * set.size;
  const pixels = new Float32Array(set.pixels.length);
  for (let i = 0; i < set.labels.length; i++) {
    const img = set.pixels.subarray(i * area, (i + 1) * area);
    let mean = 0;
    for (let k = 0; k < area; k++) mean += img[k]!;
    mean /= area;
    let variance = 0;
    for (let k = 0; k < area; k++) variance += (img[k]! - mean) ** 2;
    const sd = Math.sqrt(variance / area);
    for (let k = 0; k < area; k++) pixels[i * area + k] = sd > 1e-12 ? (img[k]! - mean) / sd : 0;
  }
  return { ...set, pixels };
}

/** Training budget of one classifier. */
export interface ClassifierBudget {
  /** Passes over the training images, capped by maxSteps. */
  readonly epochs: number;
  readonly maxSteps: number;
  readonly batchSize: number;
  /** Peak learning rate (warm-up, then cosine to 5 %). */
  readonly lr: number;
  readonly weightDecay: number;
  readonly clipNorm: number;
  /** Random flips / 90° rotations of training images. */
  readonly augment: boolean;
}

export const DEFAULT_CLASSIFIER_BUDGET: ClassifierBudget = {
  epochs: 20, maxSteps: 300, batchSize: 32, lr: 3e-3, weightDecay: 1e-4, clipNorm: 5, augment: true,
};

export class ImageClassifier {
  readonly params: ParamStore;

  /** A tower of `tower`'s shape and a head to `numClasses` logits; `from` (a trained store) supplies the tower's 'micrograph.*' weights. */
  constructor(readonly tower: CnnEncoderConfig, readonly numClasses: number, seed: number, from: ParamStore | null = null) {
    if (!(Number.isInteger(numClasses) && numClasses >= 2)) throw new InputError(`a classifier needs at least 2 classes, got ${numClasses}`);
    this.params = new ParamStore(new Rng(seed).fork('defect_classifier'));
    if (from) {
      const copied = [...from.entries()].filter(([name]) => name.startsWith('micrograph.'));
      if (copied.length === 0) throw new InputError('the run has no micrograph tower');
      for (const [name, v] of copied) this.params.get(name, v.shape, 'zeros').assign(v);
    }
    // Creates every missing parameter with a two-image dummy batch.
    const S = 2 ** tower.channels.length;
    tf.dispose(this.logits({ batchSize: 2, size: S, pixels: new Float32Array(2 * S * S) }));
  }

  /** [B, C_classes] float32: unnormalised class scores. */
  logits(batch: ImageBatch): tf.Tensor2D {
    return tf.tidy(() => linear(this.params, 'defect_head', encodeImages(this.params, this.tower, batch), this.numClasses));
  }

  dispose(): void {
    this.params.dispose();
  }
}

/** dst ← one of the eight symmetries of the square applied to the S × S image src. */
export function transformSquare(src: Float32Array, size: number, op: number, dst: Float32Array): void {
  const S = size;
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      let u = op & 1 ? S - 1 - x : x;
      let v = op & 2 ? S - 1 - y : y;
      if (op & 4) [u, v] = [v, u];
      dst[y * S + x] = src[v * S + u]!;
    }
  }
}

/** An ImageBatch of the images at `indices`, each transformed by a random symmetry when rng is given. */
export function imageBatch(set: ImageSet, indices: readonly number[], rng: Rng | null = null): ImageBatch {
  const S = set.size;
  const area = S * S;
  const pixels = new Float32Array(indices.length * area);
  indices.forEach((img, k) => {
    const src = set.pixels.subarray(img * area, (img + 1) * area);
    if (rng) transformSquare(src, S, rng.int(8), pixels.subarray(k * area, (k + 1) * area));
    else pixels.set(src, k * area);
  });
  return { batchSize: indices.length, size: S, pixels };
}

/** Steps a budget takes on n training images. */
export function budgetSteps(budget: ClassifierBudget, n: number): number {
  return Math.max(1, Math.min(budget.maxSteps, budget.epochs * Math.ceil(n / budget.batchSize)));
}

/**
 * Trains every parameter of the classifier on the images at `indices` (softmax cross-
 * entropy, AdamW, warm-up + cosine schedule, global-norm clipping); returns the mean loss
 * of each step. `onStep` sees (step, total, loss).
 */
export function trainImageClassifier(
  model: ImageClassifier, set: ImageSet, indices: readonly number[], budget: ClassifierBudget, seed: number,
  onStep?: (step: number, total: number, loss: number) => void,
): number[] {
  if (indices.length === 0) throw new InputError('no training images');
  const rng = new Rng(seed).fork('defect_training');
  const vars = model.params.entries();
  const optimizer = new AdamW({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: budget.weightDecay });
  const total = budgetSteps(budget, indices.length);
  const losses: number[] = [];
  let order: number[] = [];
  try {
    for (let step = 0; step < total; step++) {
      if (order.length < Math.min(budget.batchSize, indices.length)) order = rng.shuffle([...indices]);
      const picked = order.splice(0, budget.batchSize);
      const batch = imageBatch(set, picked, budget.augment ? rng : null);
      const { value, grads } = tf.variableGrads(() => tf.tidy(() => {
        const labels = tf.oneHot(tf.tensor1d(picked.map((i) => set.labels[i]!), 'int32'), model.numClasses);
        return tf.losses.softmaxCrossEntropy(labels, model.logits(batch)) as tf.Scalar;
      }), model.params.variables());
      const named = new Map(Object.entries(grads).map(([k, g]) => [model.params.nameOf(k), g] as [string, tf.Tensor]));
      clipByGlobalNorm(named, budget.clipNorm);
      optimizer.apply(vars, named, scheduledLr(step, total, budget.lr, 0.05, 0.05));
      losses.push(value.dataSync()[0]!);
      tf.dispose([value, ...named.values()]);
      onStep?.(step + 1, total, losses[losses.length - 1]!);
    }
  } finally {
    optimizer.dispose();
  }
  return losses;
}

/** [n] predicted class of each image at `indices`, in chunks of `chunk` images. */
export function predictImages(model: ImageClassifier, set: ImageSet, indices: readonly number[], chunk = 128): Int32Array {
  const out = new Int32Array(indices.length);
  for (let s = 0; s < indices.length; s += chunk) {
    const part = indices.slice(s, s + chunk);
    const predicted = tf.tidy(() => tf.argMax(model.logits(imageBatch(set, part)), 1).dataSync() as Int32Array);
    out.set(predicted, s);
  }
  return out;
}
