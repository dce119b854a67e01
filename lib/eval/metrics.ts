// Evaluation metrics as pure functions of plain arrays: regression errors, classification
// scores with a stated convention for empty classes, and censored targets (values known
// only as a bound, such as an ionic conductivity '<1E-10' S/cm). Retrieval and precursor-set
// metrics live beside this file and are re-exported here, so one import serves all.
import { InputError } from '../errors.js';

export * from './retrieval_metrics.js';
export * from './recommendation_metrics.js';

/** Throws InputError unless both arrays are non-empty, of one length, and finite. */
function checkPair(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, what: string): void {
  if (yTrue.length !== yPred.length) throw new InputError(`${what}: ${yTrue.length} true values but ${yPred.length} predictions`);
  if (yTrue.length === 0) throw new InputError(`${what}: no values`);
  for (let i = 0; i < yTrue.length; i++) {
    if (!Number.isFinite(yTrue[i]!) || !Number.isFinite(yPred[i]!)) throw new InputError(`${what}: non-finite value at row ${i}`);
  }
}

/** Mean absolute error, in the unit of y. */
export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair(yTrue, yPred, 'mae');
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += Math.abs(yTrue[i]! - yPred[i]!);
  return s / yTrue.length;
}

/** Mean squared error, in the unit of y squared. */
export function mse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair(yTrue, yPred, 'mse');
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += (yTrue[i]! - yPred[i]!) ** 2;
  return s / yTrue.length;
}

/** Root mean squared error, in the unit of y. */
export function rmse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  return Math.sqrt(mse(yTrue, yPred));
}

/**
 * Coefficient of determination 1 − SS_res / SS_tot: 1 for a perfect prediction, 0 for
 * predicting the mean of yTrue, negative when worse. Where yTrue is constant (SS_tot = 0)
 * it is 1 for a perfect prediction and 0 otherwise (scikit-learn's finite convention).
 */
export function r2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair(yTrue, yPred, 'r2');
  let mean = 0;
  for (let i = 0; i < yTrue.length; i++) mean += yTrue[i]!;
  mean /= yTrue.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < yTrue.length; i++) {
    ssRes += (yTrue[i]! - yPred[i]!) ** 2;
    ssTot += (yTrue[i]! - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

export interface RegressionMetrics {
  readonly n: number;
  readonly mae: number;
  readonly mse: number;
  readonly rmse: number;
  readonly r2: number;
}

export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionMetrics {
  const m = mse(yTrue, yPred);
  return { n: yTrue.length, mae: mae(yTrue, yPred), mse: m, rmse: Math.sqrt(m), r2: r2(yTrue, yPred) };
}

// ---------------------------------------------------------------- classification

function checkLabels(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number): void {
  if (!(Number.isInteger(numClasses) && numClasses >= 1)) throw new InputError(`numClasses must be a positive integer, got ${numClasses}`);
  if (yTrue.length !== yPred.length) throw new InputError(`${yTrue.length} true labels but ${yPred.length} predictions`);
  if (yTrue.length === 0) throw new InputError('no labels');
  for (let i = 0; i < yTrue.length; i++) {
    for (const v of [yTrue[i]!, yPred[i]!]) {
      if (!(Number.isInteger(v) && v >= 0 && v < numClasses)) throw new InputError(`label ${v} at row ${i} is not a class in 0…${numClasses - 1}`);
    }
  }
}

/** [C, C] counts: rows are true classes, columns predicted classes. Labels are 0…C−1. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number): number[][] {
  checkLabels(yTrue, yPred, numClasses);
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]!]![yPred[i]!]!++;
  return m;
}

/** Fraction of rows predicted correctly. */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  if (yTrue.length !== yPred.length || yTrue.length === 0) throw new InputError(`accuracy: ${yTrue.length} labels vs ${yPred.length} predictions`);
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hits++;
  return hits / yTrue.length;
}

export interface ClassScores {
  /** True samples of the class. */
  readonly support: number;
  /** Rows predicted as the class. */
  readonly predicted: number;
  /** TP / predicted; 0 for a class never predicted. */
  readonly precision: number;
  /** TP / support; NaN for a class with no true samples. */
  readonly recall: number;
  /** 2PR / (P + R); 0 where P + R = 0; NaN where recall is NaN. */
  readonly f1: number;
}

export interface ClassificationMetrics {
  readonly n: number;
  readonly accuracy: number;
  /** Means over the classes with true samples (support > 0) only. */
  readonly macroPrecision: number;
  readonly macroRecall: number;
  readonly macroF1: number;
  /** [C] per class, in label order. */
  readonly perClass: readonly ClassScores[];
  /** [C, C] rows true, columns predicted. */
  readonly confusion: readonly (readonly number[])[];
}

/**
 * Accuracy, per-class and macro precision/recall/F1 and the confusion matrix.
 * Convention for empty classes: a class never predicted has precision 0 (not undefined);
 * a class with no true samples has recall and F1 NaN and is left out of every macro mean
 * (rows wrongly predicted as it still lower the recall of their true classes). So the
 * macro means average over exactly the classes present in yTrue, with never-predicted
 * classes among them counting precision 0.
 */
export function classificationMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number): ClassificationMetrics {
  const confusion = confusionMatrix(yTrue, yPred, numClasses);
  const perClass: ClassScores[] = [];
  for (let c = 0; c < numClasses; c++) {
    const tp = confusion[c]![c]!;
    const support = confusion[c]!.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[c]!, 0);
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : Number.NaN;
    const f1 = support === 0 ? Number.NaN : precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass.push({ support, predicted, precision, recall, f1 });
  }
  const present = perClass.filter((c) => c.support > 0);
  const mean = (f: (c: ClassScores) => number) => present.reduce((a, c) => a + f(c), 0) / present.length;
  return {
    n: yTrue.length, accuracy: accuracy(yTrue, yPred),
    macroPrecision: mean((c) => c.precision), macroRecall: mean((c) => c.recall), macroF1: mean((c) => c.f1),
    perClass, confusion,
  };
}

// ---------------------------------------------------------------- censored targets

/** A table value read as a number, possibly a bound: '<1E-10' is an upper bound of 1e-10. */
export interface CensoredValue {
  readonly value: number;
  /** 'upper': the true value is below `value` ('<x'); 'lower': above ('>x'); null: exact. */
  readonly bound: 'upper' | 'lower' | null;
}

/** Reads '3.2e-07', '<1E-10', '> 5', '≤1e-8'; null for empty or non-numeric text. */
export function parseCensored(text: string | undefined): CensoredValue | null {
  const m = /^\s*([<>≤≥]=?)?\s*([-+0-9.eE]+)\s*$/.exec(text ?? '');
  if (!m) return null;
  const value = Number(m[2]);
  if (!Number.isFinite(value)) return null;
  const sign = m[1]?.[0];
  const bound = sign === '<' || sign === '≤' ? 'upper' : sign === '>' || sign === '≥' ? 'lower' : null;
  return { value, bound };
}

export interface CensoredMetrics {
  /** Regression metrics over the exact (uncensored) rows only; null where there are none. */
  readonly exact: RegressionMetrics | null;
  readonly censoredCount: number;
  /** Fraction of upper-bounded rows predicted below their bound; null where there are none. */
  readonly belowBound: number | null;
  /**
   * Rank check: over all pairs (censored row c, exact row e) whose true value is above c's
   * bound, the fraction where the prediction for c is below the prediction for e (ties
   * count ½); null where there are no such pairs. 1 means every censored row is ranked
   * below every measured row known to exceed it.
   */
  readonly pairOrder: number | null;
}

/**
 * Metrics for a target where some rows are only upper bounds (`censored[i]` true: yTrue[i]
 * is the bound, in the same transformed unit as the prediction). Censored rows are left
 * out of MAE/MSE/R² and scored by the bound and rank checks instead.
 */
export function censoredMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, censored: ArrayLike<boolean>): CensoredMetrics {
  if (censored.length !== yTrue.length) throw new InputError(`${yTrue.length} values but ${censored.length} censoring flags`);
  checkPair(yTrue, yPred, 'censoredMetrics');
  const exactIdx: number[] = [];
  const censIdx: number[] = [];
  for (let i = 0; i < yTrue.length; i++) (censored[i] ? censIdx : exactIdx).push(i);
  const exact = exactIdx.length
    ? regressionMetrics(exactIdx.map((i) => yTrue[i]!), exactIdx.map((i) => yPred[i]!))
    : null;
  const belowBound = censIdx.length ? censIdx.filter((i) => yPred[i]! < yTrue[i]!).length / censIdx.length : null;
  let pairs = 0;
  let ordered = 0;
  for (const c of censIdx) {
    for (const e of exactIdx) {
      if (!(yTrue[e]! > yTrue[c]!)) continue;
      pairs++;
      ordered += yPred[c]! < yPred[e]! ? 1 : yPred[c] === yPred[e] ? 0.5 : 0;
    }
  }
  return { exact, censoredCount: censIdx.length, belowBound, pairOrder: pairs ? ordered / pairs : null };
}
