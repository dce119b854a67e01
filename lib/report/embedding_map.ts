// Reduces embeddings [N, D] to 2-D map coordinates [N, 2]: PCA (exact, deterministic) or
// UMAP (umap-js, seeded through the project's Rng so a map repeats for a seed).
import { UMAP } from 'umap-js';
import { InputError } from '../errors.js';
import { Rng } from '../rng.js';
import type { EmbeddingPoint } from './metrics_types.js';

function checkMatrix(vectors: readonly (readonly number[])[], what: string): number {
  if (vectors.length === 0) throw new InputError(`${what}: no embeddings`);
  const d = vectors[0]!.length;
  if (d === 0) throw new InputError(`${what}: embeddings have no dimensions`);
  vectors.forEach((v, i) => {
    if (v.length !== d) throw new InputError(`${what}: embedding ${i} has ${v.length} dimensions, the first has ${d}`);
    if (!v.every(Number.isFinite)) throw new InputError(`${what}: embedding ${i} has a non-finite value`);
  });
  return d;
}

/**
 * Projects [N, D] onto the top `components` principal axes: [N, components]. Power iteration
 * with deflation on the D × D covariance; each axis's sign is fixed so that its largest
 * loading is positive, so the map does not flip between runs.
 */
export function pcaProject(vectors: readonly (readonly number[])[], components = 2): number[][] {
  const d = checkMatrix(vectors, 'PCA');
  const n = vectors.length;
  const mean = new Float64Array(d);
  for (const v of vectors) for (let j = 0; j < d; j++) mean[j]! += v[j]! / n;
  const centred = vectors.map((v) => Float64Array.from(v, (x, j) => x - mean[j]!));
  const cov = Array.from({ length: d }, () => new Float64Array(d));
  for (const c of centred) for (let a = 0; a < d; a++) { const ca = c[a]!; if (ca !== 0) for (let b = 0; b < d; b++) cov[a]![b]! += ca * c[b]!; }
  const axes: Float64Array[] = [];
  for (let k = 0; k < Math.min(components, d); k++) {
    const axis = powerIteration(cov, k);
    const lambda = rayleigh(cov, axis);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a]![b]! -= lambda * axis[a]! * axis[b]!;
    axes.push(axis);
  }
  while (axes.length < components) axes.push(new Float64Array(d));
  return centred.map((c) => axes.map((axis) => c.reduce((s, x, j) => s + x * axis[j]!, 0)));
}

function powerIteration(cov: Float64Array[], k: number): Float64Array {
  const d = cov.length;
  // A fixed, non-symmetric start so runs agree and no axis is orthogonal to it by accident.
  let v = Float64Array.from({ length: d }, (_, j) => 1 + ((j * 7 + k * 3) % 11) / 10);
  for (let iter = 0; iter < 500; iter++) {
    const w = new Float64Array(d);
    for (let a = 0; a < d; a++) { let s = 0; for (let b = 0; b < d; b++) s += cov[a]![b]! * v[b]!; w[a] = s; }
    const norm = Math.sqrt(w.reduce((s, x) => s + x * x, 0));
    if (norm < 1e-300) return new Float64Array(d);
    w.forEach((x, j) => { w[j] = x / norm; });
    const change = w.reduce((s, x, j) => s + Math.abs(x - v[j]!), 0);
    v = w;
    if (change < 1e-12) break;
  }
  let big = 0;
  v.forEach((x, j) => { if (Math.abs(x) > Math.abs(v[big]!)) big = j; });
  if (v[big]! < 0) v.forEach((x, j) => { v[j] = -x; });
  return v;
}

function rayleigh(cov: Float64Array[], v: Float64Array): number {
  let s = 0;
  for (let a = 0; a < cov.length; a++) for (let b = 0; b < cov.length; b++) s += v[a]! * cov[a]![b]! * v[b]!;
  return s;
}

export interface UmapOptions {
  seed: number;
  /** Local neighbourhood size; clamped to N − 1. */
  nNeighbors?: number;
  /** Minimum distance between embedded points (dimensionless). */
  minDist?: number;
  nEpochs?: number;
}

/** UMAP of [N, D] to [N, 2]; the same seed and data give the same map. Needs N ≥ 3. */
export function umapProject(vectors: readonly (readonly number[])[], options: UmapOptions): number[][] {
  checkMatrix(vectors, 'UMAP');
  if (vectors.length < 3) throw new InputError(`UMAP: needs at least 3 embeddings, got ${vectors.length}`);
  const rng = new Rng(options.seed).fork('umap');
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(options.nNeighbors ?? 15, vectors.length - 1),
    minDist: options.minDist ?? 0.1,
    ...(options.nEpochs !== undefined ? { nEpochs: options.nEpochs } : {}),
    random: () => rng.uniform(),
  });
  return umap.fit(vectors.map((v) => [...v]));
}

export interface EmbeddingRecord {
  id: string;
  modality: string;
  /** [D] embedding. */
  vector: readonly number[];
  property?: number;
  crystal_system?: string;
}

/** Embedding records → map points, reduced by PCA or by UMAP with the given seed. */
export function buildEmbeddingMap(records: readonly EmbeddingRecord[], method: 'pca' | 'umap', seed = 0): EmbeddingPoint[] {
  const vectors = records.map((r) => r.vector);
  const xy = method === 'pca' ? pcaProject(vectors, 2) : umapProject(vectors, { seed });
  return records.map((r, i) => ({
    id: r.id, modality: r.modality, x: xy[i]![0]!, y: xy[i]![1]!,
    ...(r.property !== undefined ? { property: r.property } : {}),
    ...(r.crystal_system !== undefined ? { crystal_system: r.crystal_system } : {}),
  }));
}
