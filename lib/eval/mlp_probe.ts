// A small multilayer perceptron probe in TF.js (ReLU hidden layers, Adam, early stopping
// on a held-out part of the training rows) for regression (MSE on standardised y) and
// classification (softmax cross-entropy). With no hidden layers it is linear/softmax
// (logistic) regression. Deterministic for a seed on one backend: initial weights and
// batch order come from the project Rng. The fitted model holds plain arrays, no tensors.
import { tf } from '../env.js';
import { InputError } from '../errors.js';
import { Rng } from '../rng.js';
import { Matrix, Standardizer, applyStandardizer, fitStandardizer } from './feature_matrix.js';

export interface MlpOptions {
  /** Hidden layer widths (default [128, 64]); [] gives linear / softmax regression. */
  readonly hidden?: readonly number[];
  readonly learningRate?: number;
  /** Most epochs (default 200). */
  readonly maxEpochs?: number;
  readonly batchSize?: number;
  /** Epochs without a better validation loss before stopping (default 10). */
  readonly patience?: number;
  /** Part of the training rows held out for early stopping (default 0.1; at least 1 row). */
  readonly validationFraction?: number;
  /** L2 penalty on the weights (not biases), added to the loss (default 1e-4). */
  readonly weightDecay?: number;
  readonly seed?: number;
}

export interface MlpModel {
  readonly task: 'regression' | 'classification';
  readonly standardizer: Standardizer;
  /** Per layer: weights [in, out] row-major and bias [out], float32. */
  readonly layers: readonly { readonly w: Float32Array; readonly b: Float32Array; readonly shape: readonly [number, number] }[];
  /** Regression only: y = output · yScale + yMean. */
  readonly yMean: number;
  readonly yScale: number;
  readonly epochs: number;
  readonly bestValidationLoss: number;
}

interface Resolved { hidden: number[]; lr: number; maxEpochs: number; batch: number; patience: number; valFraction: number; decay: number; seed: number }

function resolve(o: MlpOptions): Resolved {
  return {
    hidden: [...(o.hidden ?? [128, 64])], lr: o.learningRate ?? 1e-3, maxEpochs: o.maxEpochs ?? 200,
    batch: o.batchSize ?? 64, patience: o.patience ?? 10, valFraction: o.validationFraction ?? 0.1,
    decay: o.weightDecay ?? 1e-4, seed: o.seed ?? 0,
  };
}

/** Glorot-uniform weights from the Rng, zero biases. */
function initLayers(sizes: number[], rng: Rng): { w: Float32Array; b: Float32Array; shape: [number, number] }[] {
  const layers = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [fanIn, fanOut] = [sizes[l]!, sizes[l + 1]!];
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const w = Float32Array.from({ length: fanIn * fanOut }, () => (rng.uniform() * 2 - 1) * limit);
    layers.push({ w, b: new Float32Array(fanOut), shape: [fanIn, fanOut] as [number, number] });
  }
  return layers;
}

function forward(vars: { w: tf.Tensor2D; b: tf.Tensor1D }[], x: tf.Tensor2D): tf.Tensor2D {
  let h = x;
  vars.forEach((v, l) => {
    h = tf.add(tf.matMul(h, v.w), v.b);
    if (l + 1 < vars.length) h = tf.relu(h);
  });
  return h;
}

function lossOf(task: MlpModel['task'], out: tf.Tensor2D, y: tf.Tensor): tf.Scalar {
  return task === 'regression'
    ? tf.mean(tf.square(tf.sub(out.squeeze([1]), y))) as tf.Scalar
    : tf.losses.softmaxCrossEntropy(tf.oneHot(y as tf.Tensor1D, out.shape[1]), out) as tf.Scalar;
}

function rowsTensor(x: Matrix, idx: readonly number[]): tf.Tensor2D {
  const buf = new Float32Array(idx.length * x.cols);
  idx.forEach((r, i) => buf.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), i * x.cols));
  return tf.tensor2d(buf, [idx.length, x.cols]);
}

function targetTensor(task: MlpModel['task'], y: Float32Array, idx: readonly number[]): tf.Tensor {
  const v = idx.map((i) => y[i]!);
  return task === 'regression' ? tf.tensor1d(v) : tf.tensor1d(v, 'int32');
}

/**
 * Trains an MLP on x [N, D] (raw features; standardised here on the training rows) and
 * y [N]: real values (regression) or labels 0…C−1 (classification, numClasses = C).
 */
export async function fitMlp(
  x: Matrix, y: ArrayLike<number>, task: MlpModel['task'], numClasses: number, options: MlpOptions = {},
): Promise<MlpModel> {
  if (y.length !== x.rows) throw new InputError(`${x.rows} feature rows but ${y.length} targets`);
  if (x.rows < 2) throw new InputError('an MLP probe needs at least 2 training rows');
  const o = resolve(options);
  const rng = new Rng(o.seed);
  const standardizer = fitStandardizer(x);
  const xs = applyStandardizer(standardizer, x);
  let yMean = 0;
  let yScale = 1;
  if (task === 'regression') {
    yMean = Array.from(y).reduce((a, b) => a + b, 0) / y.length;
    yScale = Math.sqrt(Array.from(y).reduce((a, b) => a + (b - yMean) ** 2, 0) / y.length) || 1;
  }
  const yt = Float32Array.from(y, (v) => (task === 'regression' ? (v - yMean) / yScale : v));
  const order = rng.fork('split').shuffle(Array.from({ length: x.rows }, (_, i) => i));
  const nVal = Math.max(1, Math.round(o.valFraction * x.rows));
  const valIdx = order.slice(0, nVal);
  const trainIdx = order.slice(nVal);
  const outDim = task === 'regression' ? 1 : numClasses;
  const init = initLayers([x.cols, ...o.hidden, outDim], rng.fork('init'));
  // tidy disposes the initial-value tensors; the variables survive it.
  const vars = tf.tidy(() => init.map((l) => ({ w: tf.variable(tf.tensor2d(l.w, l.shape)), b: tf.variable(tf.tensor1d(l.b)) })));
  const optimizer = tf.train.adam(o.lr);
  const xVal = rowsTensor(xs, valIdx);
  const yVal = targetTensor(task, yt, valIdx);
  let best = { loss: Infinity, layers: init, epoch: 0 };
  let epoch = 0;
  try {
    for (; epoch < o.maxEpochs && epoch - best.epoch < o.patience; epoch++) {
      const shuffled = rng.fork(`epoch${epoch}`).shuffle([...trainIdx]);
      for (let s = 0; s < shuffled.length; s += o.batch) {
        const idx = shuffled.slice(s, s + o.batch);
        tf.tidy(() => {
          const xb = rowsTensor(xs, idx);
          const yb = targetTensor(task, yt, idx);
          optimizer.minimize(() => {
            const penalty = vars.reduce((acc, v) => tf.add(acc, tf.sum(tf.square(v.w))), tf.scalar(0));
            return tf.add(lossOf(task, forward(vars, xb), yb), tf.mul(o.decay, penalty)) as tf.Scalar;
          });
        });
      }
      const loss = tf.tidy(() => lossOf(task, forward(vars, xVal), yVal).dataSync()[0]!);
      if (loss < best.loss) {
        best = { loss, epoch: epoch + 1, layers: vars.map((v, i) => ({ w: Float32Array.from(v.w.dataSync()), b: Float32Array.from(v.b.dataSync()), shape: init[i]!.shape })) };
      }
    }
  } finally {
    tf.dispose([xVal, yVal]);
    vars.forEach((v) => tf.dispose([v.w, v.b]));
    optimizer.dispose();
  }
  return { task, standardizer, layers: best.layers, yMean, yScale, epochs: epoch, bestValidationLoss: best.loss };
}

/** [N, out] float32 network outputs (regression: back in y units; classification: class probabilities). */
export function mlpOutputs(model: MlpModel, x: Matrix): Float32Array {
  const xs = applyStandardizer(model.standardizer, x);
  return tf.tidy(() => {
    const vars = model.layers.map((l) => ({ w: tf.tensor2d(l.w, l.shape as [number, number]), b: tf.tensor1d(l.b) }));
    const out = forward(vars, tf.tensor2d(Float32Array.from(xs.data), [xs.rows, xs.cols]));
    return (model.task === 'regression' ? tf.add(tf.mul(out, model.yScale), model.yMean) : tf.softmax(out)).dataSync() as Float32Array;
  });
}
