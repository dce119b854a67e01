// Probes: regressors and classifiers fitted on frozen feature matrices (composition
// features, or embeddings from an aligned model), deterministic for a seed. Every probe
// fits its preprocessing on the training rows only. Also: baselines (mean, majority class)
// and the seeded label-fraction subsampling of the few-label settings.
import { InputError } from '../errors.js';
import { Rng } from '../rng.js';
import { FeatureRows, Matrix, Standardizer, applyStandardizer, fitStandardizer, toMatrix } from './feature_matrix.js';
import { MlpOptions, fitMlp, mlpOutputs } from './mlp_probe.js';
import { RidgeOptions, fitRidge, predictRidge } from './ridge.js';

export type RegressorKind = 'mean' | 'ridge' | 'knn' | 'mlp';
export type ClassifierKind = 'majority' | 'logistic' | 'knn' | 'mlp';

export interface KnnOptions {
  /** Neighbours (default 5; at most the training rows). */
  readonly k?: number;
  readonly metric?: 'euclidean' | 'cosine';
  /** Standardise features on the training rows first (default false: raw, e.g. element fractions). */
  readonly standardize?: boolean;
}

export interface ProbeOptions {
  readonly seed?: number;
  readonly ridge?: RidgeOptions;
  readonly knn?: KnnOptions;
  /** For 'mlp' (and 'logistic', which forces hidden = []). */
  readonly mlp?: MlpOptions;
}

export interface Regressor {
  readonly kind: RegressorKind;
  /** [N] predictions in the unit of the training targets. */
  predict(x: FeatureRows): Float64Array;
  /** What was chosen or learnt (α, epochs …), for reports. */
  readonly info: Readonly<Record<string, number | string>>;
}

export interface Classifier {
  readonly kind: ClassifierKind;
  /** [N] predicted labels 0…C−1. */
  predict(x: FeatureRows): Int32Array;
  readonly info: Readonly<Record<string, number | string>>;
}

// ---------------------------------------------------------------- k nearest neighbours

/**
 * [Nq, k] indices of the k nearest training rows of every query (nearest first; ties by
 * lower index). Euclidean distance, or cosine distance 1 − cos (zero rows are at distance 1).
 */
export function nearestNeighbours(train: Matrix, query: Matrix, k: number, metric: KnnOptions['metric'] = 'euclidean'): Int32Array[] {
  if (train.cols !== query.cols) throw new InputError(`query has ${query.cols} features, training rows ${train.cols}`);
  const kk = Math.min(k, train.rows);
  const d = train.cols;
  const norm = (m: Matrix, r: number) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += m.data[r * d + j]! ** 2;
    return Math.sqrt(s);
  };
  const trainNorms = Float64Array.from({ length: train.rows }, (_, r) => norm(train, r));
  const out: Int32Array[] = [];
  for (let q = 0; q < query.rows; q++) {
    const qn = norm(query, q);
    const bestIdx = new Int32Array(kk).fill(-1);
    const bestDist = new Float64Array(kk).fill(Infinity);
    for (let r = 0; r < train.rows; r++) {
      let dist = 0;
      if (metric === 'cosine') {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += query.data[q * d + j]! * train.data[r * d + j]!;
        dist = qn > 0 && trainNorms[r]! > 0 ? 1 - dot / (qn * trainNorms[r]!) : 1;
      } else {
        for (let j = 0; j < d; j++) dist += (query.data[q * d + j]! - train.data[r * d + j]!) ** 2;
      }
      if (dist >= bestDist[kk - 1]!) continue;
      let p = kk - 1;
      while (p > 0 && bestDist[p - 1]! > dist) {
        bestDist[p] = bestDist[p - 1]!;
        bestIdx[p] = bestIdx[p - 1]!;
        p--;
      }
      bestDist[p] = dist;
      bestIdx[p] = r;
    }
    out.push(bestIdx);
  }
  return out;
}

function knnSpace(x: Matrix, o: KnnOptions): { prepare: (m: Matrix) => Matrix; train: Matrix } {
  const s: Standardizer | null = o.standardize ? fitStandardizer(x) : null;
  const prepare = (m: Matrix) => (s ? applyStandardizer(s, m) : m);
  return { prepare, train: prepare(x) };
}

/** k-NN regression: the mean target of the k nearest training rows. */
export function fitKnnRegressor(x: FeatureRows, y: ArrayLike<number>, o: KnnOptions = {}): Regressor {
  const m = toMatrix(x);
  if (y.length !== m.rows) throw new InputError(`${m.rows} feature rows but ${y.length} targets`);
  const k = o.k ?? 5;
  const space = knnSpace(m, o);
  const yy = Float64Array.from(y);
  return {
    kind: 'knn', info: { k, metric: o.metric ?? 'euclidean' },
    predict: (q) => Float64Array.from(nearestNeighbours(space.train, space.prepare(toMatrix(q)), k, o.metric),
      (nn) => nn.reduce((a, i) => a + yy[i]!, 0) / nn.length),
  };
}

/** k-NN classification: majority label of the k nearest; a tie goes to the tied label met first (nearest). */
export function fitKnnClassifier(x: FeatureRows, labels: ArrayLike<number>, o: KnnOptions = {}): Classifier {
  const m = toMatrix(x);
  if (labels.length !== m.rows) throw new InputError(`${m.rows} feature rows but ${labels.length} labels`);
  const k = o.k ?? 5;
  const space = knnSpace(m, o);
  const vote = (nn: Int32Array) => {
    const counts = new Map<number, number>();
    for (const i of nn) counts.set(labels[i]!, (counts.get(labels[i]!) ?? 0) + 1);
    let best = labels[nn[0]!]!;
    for (const [label, c] of counts) if (c > counts.get(best)!) best = label;
    return best;
  };
  return {
    kind: 'knn', info: { k, metric: o.metric ?? 'euclidean' },
    predict: (q) => Int32Array.from(nearestNeighbours(space.train, space.prepare(toMatrix(q)), k, o.metric), vote),
  };
}

// ---------------------------------------------------------------- baselines

/** Predicts the training mean for every row. */
export function fitMeanRegressor(y: ArrayLike<number>): Regressor {
  if (y.length === 0) throw new InputError('mean of no targets');
  const mean = Array.from(y).reduce((a, b) => a + b, 0) / y.length;
  return { kind: 'mean', info: { mean }, predict: (x) => new Float64Array(x.length).fill(mean) };
}

/** Predicts the most frequent training label (the lowest label on ties). */
export function fitMajorityClassifier(labels: ArrayLike<number>, numClasses: number): Classifier {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]!++;
  const label = counts.indexOf(Math.max(...counts));
  return { kind: 'majority', info: { label }, predict: (x) => new Int32Array(x.length).fill(label) };
}

// ---------------------------------------------------------------- one entry point

/** Fits a regressor of the given kind on x [N][D] and y [N]. */
export async function fitRegressor(kind: RegressorKind, x: FeatureRows, y: ArrayLike<number>, o: ProbeOptions = {}): Promise<Regressor> {
  if (x.length !== y.length) throw new InputError(`${x.length} feature rows but ${y.length} targets`);
  const seed = o.seed ?? 0;
  switch (kind) {
    case 'mean': return fitMeanRegressor(y);
    case 'knn': return fitKnnRegressor(x, y, o.knn);
    case 'ridge': {
      const model = fitRidge(toMatrix(x), y, { seed, ...o.ridge });
      return { kind, info: { alpha: model.alpha }, predict: (q) => predictRidge(model, toMatrix(q)) };
    }
    case 'mlp': {
      const model = await fitMlp(toMatrix(x), y, 'regression', 1, { seed, ...o.mlp });
      return { kind, info: { epochs: model.epochs }, predict: (q) => Float64Array.from(mlpOutputs(model, toMatrix(q))) };
    }
    default: throw new InputError(`unknown regressor '${kind as string}'`);
  }
}

/** Fits a classifier of the given kind on x [N][D] and labels [N] in 0…numClasses−1. */
export async function fitClassifier(
  kind: ClassifierKind, x: FeatureRows, labels: ArrayLike<number>, numClasses: number, o: ProbeOptions = {},
): Promise<Classifier> {
  if (x.length !== labels.length) throw new InputError(`${x.length} feature rows but ${labels.length} labels`);
  for (let i = 0; i < labels.length; i++) {
    if (!(Number.isInteger(labels[i]) && labels[i]! >= 0 && labels[i]! < numClasses)) throw new InputError(`label ${labels[i]} at row ${i} is not in 0…${numClasses - 1}`);
  }
  if (kind === 'majority') return fitMajorityClassifier(labels, numClasses);
  if (kind === 'knn') return fitKnnClassifier(x, labels, o.knn);
  if (kind !== 'mlp' && kind !== 'logistic') throw new InputError(`unknown classifier '${kind as string}'`);
  const mlp = kind === 'logistic' ? { ...o.mlp, hidden: [] } : o.mlp;
  const model = await fitMlp(toMatrix(x), labels, 'classification', numClasses, { seed: o.seed ?? 0, ...mlp });
  const argmax = (p: Float32Array, r: number) => {
    let best = 0;
    for (let c = 1; c < numClasses; c++) if (p[r * numClasses + c]! > p[r * numClasses + best]!) best = c;
    return best;
  };
  return {
    kind, info: { epochs: model.epochs },
    predict: (q) => {
      const p = mlpOutputs(model, toMatrix(q));
      return Int32Array.from({ length: q.length }, (_, r) => argmax(p, r));
    },
  };
}

/** The label fractions of the few-label settings. */
export const LABEL_FRACTIONS: readonly number[] = [0.01, 0.1, 1];

/**
 * Sorted indices of a seeded subsample of n rows: max(minCount, round(fraction · n)) rows,
 * at most n. Subsamples of one seed are nested (the 1 % rows are among the 10 % rows), so
 * label-fraction curves differ only by the added labels.
 */
export function subsampleIndices(n: number, fraction: number, seed: number, minCount = 8): number[] {
  if (!(fraction > 0 && fraction <= 1)) throw new InputError(`label fraction must be in (0, 1], got ${fraction}`);
  const count = Math.min(n, Math.max(minCount, Math.round(fraction * n)));
  const order = new Rng(seed).fork('label_fraction').shuffle(Array.from({ length: n }, (_, i) => i));
  return order.slice(0, count).sort((a, b) => a - b);
}
