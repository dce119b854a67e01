// Feature matrices as the probes use them: rows of embeddings or descriptors packed into
// one row-major float64 array, and standardisation whose statistics come from training
// rows only.
import { InputError } from '../errors.js';

/** [N][D]: one feature row per sample (Float32Array embeddings, number[] descriptors …). */
export type FeatureRows = readonly ArrayLike<number>[];

/** [rows, cols] float64, row-major: entry (i, j) at data[i * cols + j]. */
export interface Matrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** Packs rows into a Matrix; InputError for ragged rows, no rows, or non-finite entries. */
export function toMatrix(x: FeatureRows): Matrix {
  if (x.length === 0) throw new InputError('no feature rows');
  const cols = x[0]!.length;
  const data = new Float64Array(x.length * cols);
  x.forEach((row, i) => {
    if (row.length !== cols) throw new InputError(`feature row ${i} has length ${row.length}, expected ${cols}`);
    for (let j = 0; j < cols; j++) {
      const v = row[j]!;
      if (!Number.isFinite(v)) throw new InputError(`feature row ${i} has a non-finite value in column ${j}`);
      data[i * cols + j] = v;
    }
  });
  return { data, rows: x.length, cols };
}

/** The rows of `items` at `indices`, in that order. */
export function selectRows<T>(items: readonly T[], indices: ArrayLike<number>): T[] {
  return Array.from(indices, (i) => {
    if (!(i >= 0 && i < items.length)) throw new InputError(`row index ${i} outside 0…${items.length - 1}`);
    return items[i]!;
  });
}

/** Per-column mean and scale fitted on training rows; constant columns get scale 1 (they become 0). */
export interface Standardizer {
  /** [D] column means of the training rows. */
  readonly mean: Float64Array;
  /** [D] column standard deviations (population), 1 where a column is constant. */
  readonly scale: Float64Array;
}

export function fitStandardizer(x: Matrix): Standardizer {
  const { data, rows, cols } = x;
  const mean = new Float64Array(cols);
  const scale = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j]! += data[i * cols + j]!;
  for (let j = 0; j < cols; j++) mean[j]! /= rows;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) scale[j]! += (data[i * cols + j]! - mean[j]!) ** 2;
  for (let j = 0; j < cols; j++) {
    const s = Math.sqrt(scale[j]! / rows);
    scale[j] = s > 1e-12 ? s : 1;
  }
  return { mean, scale };
}

/** (x − mean) / scale, column-wise; a new Matrix. */
export function applyStandardizer(s: Standardizer, x: Matrix): Matrix {
  if (x.cols !== s.mean.length) throw new InputError(`features have ${x.cols} columns, the standardizer ${s.mean.length}`);
  const data = new Float64Array(x.data.length);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) data[i * x.cols + j] = (x.data[i * x.cols + j]! - s.mean[j]!) / s.scale[j]!;
  }
  return { data, rows: x.rows, cols: x.cols };
}

/** The rows of a Matrix at `indices`, as a new Matrix. */
export function matrixRows(x: Matrix, indices: ArrayLike<number>): Matrix {
  const data = new Float64Array(indices.length * x.cols);
  for (let r = 0; r < indices.length; r++) data.set(x.data.subarray(indices[r]! * x.cols, (indices[r]! + 1) * x.cols), r * x.cols);
  return { data, rows: indices.length, cols: x.cols };
}
