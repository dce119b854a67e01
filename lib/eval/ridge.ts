// Ridge regression in closed form: standardised features, centred targets,
// (XᵀX + αI) w = Xᵀy solved by Cholesky, α chosen by k-fold cross-validation on the
// training rows only.
import { InputError } from '../errors.js';
import { Rng } from '../rng.js';
import { Matrix, Standardizer, applyStandardizer, fitStandardizer, matrixRows } from './feature_matrix.js';

/** α grid (in units of the standardised Gram matrix, which scales with N). */
export const DEFAULT_ALPHAS: readonly number[] = [1e-3, 1e-2, 1e-1, 1, 10, 100, 1e3, 1e4];

export interface RidgeOptions {
  readonly alphas?: readonly number[];
  /** Folds of the α search (default 5; at most the number of rows). */
  readonly folds?: number;
  readonly seed?: number;
}

export interface RidgeModel {
  readonly standardizer: Standardizer;
  /** [D] weights on standardised features. */
  readonly weights: Float64Array;
  readonly intercept: number;
  readonly alpha: number;
  /** Cross-validated MSE per α of the grid, in grid order. */
  readonly cvMse: readonly number[];
}

/** Solves A w = b in place for symmetric positive-definite A [n, n] (row-major); returns w. */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) throw new InputError('matrix is not positive definite (increase α)');
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j]!;
      }
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * z[k]!;
    z[i] = s / l[i * n + i]!;
  }
  const w = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * w[k]!;
    w[i] = s / l[i * n + i]!;
  }
  return w;
}

/** XᵀX [D, D] and Xᵀy [D] of a matrix and a centred target. */
function gram(x: Matrix, y: ArrayLike<number>): { xtx: Float64Array; xty: Float64Array } {
  const { data, rows, cols: d } = x;
  const xtx = new Float64Array(d * d);
  const xty = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    const off = r * d;
    for (let i = 0; i < d; i++) {
      const xi = data[off + i]!;
      if (xi === 0) continue;
      xty[i]! += xi * y[r]!;
      for (let j = i; j < d; j++) xtx[i * d + j]! += xi * data[off + j]!;
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) xtx[i * d + j] = xtx[j * d + i]!;
  return { xtx, xty };
}

function solveRidge(xtx: Float64Array, xty: Float64Array, d: number, alpha: number): Float64Array {
  const a = Float64Array.from(xtx);
  for (let i = 0; i < d; i++) a[i * d + i]! += alpha;
  return choleskySolve(a, xty, d);
}

/** Ridge with a fixed α on raw features (standardised here); y in any unit. */
export function fitRidgeFixed(x: Matrix, y: ArrayLike<number>, alpha: number): Omit<RidgeModel, 'cvMse'> {
  if (y.length !== x.rows) throw new InputError(`${x.rows} feature rows but ${y.length} targets`);
  const standardizer = fitStandardizer(x);
  const xs = applyStandardizer(standardizer, x);
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i]!;
  mean /= y.length;
  const yc = Float64Array.from(y, (v) => v - mean);
  const { xtx, xty } = gram(xs, yc);
  return { standardizer, weights: solveRidge(xtx, xty, x.cols, alpha), intercept: mean, alpha };
}

/** [N] predictions of a ridge model. */
export function predictRidge(model: Omit<RidgeModel, 'cvMse'>, x: Matrix): Float64Array {
  const xs = applyStandardizer(model.standardizer, x);
  const out = new Float64Array(x.rows);
  for (let r = 0; r < x.rows; r++) {
    let s = model.intercept;
    for (let j = 0; j < x.cols; j++) s += xs.data[r * x.cols + j]! * model.weights[j]!;
    out[r] = s;
  }
  return out;
}

/** Fold id per row: a seeded permutation dealt round-robin into k folds. */
export function foldAssignment(n: number, folds: number, seed: number): Int32Array {
  const order = new Rng(seed).shuffle(Array.from({ length: n }, (_, i) => i));
  const fold = new Int32Array(n);
  order.forEach((row, i) => (fold[row] = i % folds));
  return fold;
}

/** Ridge with α chosen by k-fold CV (lowest mean squared error; the later α of the grid on ties), refitted on all rows. */
export function fitRidge(x: Matrix, y: ArrayLike<number>, options: RidgeOptions = {}): RidgeModel {
  const alphas = options.alphas ?? DEFAULT_ALPHAS;
  if (alphas.length === 0 || alphas.some((a) => !(a > 0))) throw new InputError('ridge α grid must hold positive values');
  const folds = Math.min(options.folds ?? 5, x.rows);
  if (folds < 2 || alphas.length === 1) return { ...fitRidgeFixed(x, y, alphas[0]!), cvMse: alphas.map(() => Number.NaN) };
  const fold = foldAssignment(x.rows, folds, options.seed ?? 0);
  const sse = new Float64Array(alphas.length);
  for (let f = 0; f < folds; f++) {
    const trainIdx: number[] = [];
    const testIdx: number[] = [];
    for (let i = 0; i < x.rows; i++) (fold[i] === f ? testIdx : trainIdx).push(i);
    const base = fitRidgeFixed(matrixRows(x, trainIdx), trainIdx.map((i) => y[i]!), alphas[0]!);
    const xs = applyStandardizer(base.standardizer, matrixRows(x, trainIdx));
    const { xtx, xty } = gram(xs, trainIdx.map((i) => y[i]! - base.intercept));
    const xTest = matrixRows(x, testIdx);
    alphas.forEach((alpha, a) => {
      const pred = predictRidge({ ...base, weights: solveRidge(xtx, xty, x.cols, alpha), alpha }, xTest);
      testIdx.forEach((row, t) => (sse[a]! += (pred[t]! - y[row]!) ** 2));
    });
  }
  const cvMse = Array.from(sse, (s) => s / x.rows);
  let best = 0;
  cvMse.forEach((m, a) => { if (m <= cvMse[best]!) best = a; });
  return { ...fitRidgeFixed(x, y, alphas[best]!), cvMse };
}
