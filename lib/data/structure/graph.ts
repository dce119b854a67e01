// Crystal graphs for the structure tower: node features per site, a fixed-K neighbour list
// with a mask, Gaussian-expanded distances, and batching into dense padded arrays.
import { Structure } from './crystal.js';
import { ELEMENT_FEATURE_NAMES, elementFeatures } from '../chemistry/elements.js';
import { NeighborList, findNeighbors } from './neighbors.js';

export interface GraphConfig {
  /** Neighbour cutoff, Å. */
  readonly cutoff: number;
  /** Neighbours kept per atom (K); the nearest, ties broken deterministically. */
  readonly maxNeighbors: number;
}

export const DEFAULT_GRAPH_CONFIG: GraphConfig = { cutoff: 8, maxNeighbors: 12 };

/** Node features: F = ELEMENT_FEATURE_NAMES plus 'occupancy' (1 for ordered sites). */
export const NODE_FEATURE_NAMES = [...ELEMENT_FEATURE_NAMES, 'occupancy'] as const;
export const NODE_FEATURE_DIM = NODE_FEATURE_NAMES.length;

export interface CrystalGraph {
  readonly id: string;
  readonly natoms: number;
  readonly maxNeighbors: number;
  /** [N, F] float32: node features (virtual crystal mean for mixed sites). */
  readonly nodeFeatures: Float32Array;
  /** [N] int32: atomic number of the majority species on each site. */
  readonly atomicNumbers: Int32Array;
  /** [N, K] int32: neighbour site index (0 where masked). */
  readonly neighborIndex: Int32Array;
  /** [N, K] float32: neighbour distance, Å (0 where masked). */
  readonly neighborDistance: Float32Array;
  /** [N, K] float32: 1 for a real neighbour, 0 for padding. */
  readonly neighborMask: Float32Array;
  /** [GLOBAL_FEATURE_DIM] float32: cell-level features that do not depend on the choice of cell (see crystalGlobals). */
  readonly globals?: Float32Array;
}

/** Crystal-level features, invariant to rotation, translation, atom order and supercell: volume per atom (Å³ / 20) and density (g/cm³ / 5), scaled to order 1. */
export const GLOBAL_FEATURE_DIM = 2;

export function crystalGlobals(structure: Structure): Float32Array {
  return Float32Array.from([structure.volume / structure.natoms / 20, structure.density / 5]);
}

/** [N, F] float32: per-site features; a mixed site averages its species by occupancy. */
export function siteFeatures(structure: Structure): Float32Array {
  const out = new Float32Array(structure.natoms * NODE_FEATURE_DIM);
  structure.sites.forEach((site, i) => {
    const total = site.species.reduce((a, s) => a + s.occupancy, 0);
    for (const { element, occupancy } of site.species) {
      const f = elementFeatures(element);
      for (let j = 0; j < f.length; j++) out[i * NODE_FEATURE_DIM + j]! += (f[j]! * occupancy) / total;
    }
    out[i * NODE_FEATURE_DIM + NODE_FEATURE_DIM - 1] = total;
  });
  return out;
}

/** Keeps the first K pairs of each centre of a (sorted) neighbour list. */
export function truncateNeighbors(list: NeighborList, k: number) {
  const n = list.natoms;
  const neighborIndex = new Int32Array(n * k);
  const neighborDistance = new Float32Array(n * k);
  const neighborMask = new Float32Array(n * k);
  for (let a = 0; a < n; a++) {
    const begin = list.offsets[a]!;
    const count = Math.min(k, list.offsets[a + 1]! - begin);
    for (let r = 0; r < count; r++) {
      neighborIndex[a * k + r] = list.neighbors[begin + r]!;
      neighborDistance[a * k + r] = list.distances[begin + r]!;
      neighborMask[a * k + r] = 1;
    }
  }
  return { neighborIndex, neighborDistance, neighborMask };
}

/** Builds the fixed-K crystal graph of a structure. */
export function buildCrystalGraph(structure: Structure, config: GraphConfig = DEFAULT_GRAPH_CONFIG): CrystalGraph {
  const list = findNeighbors(structure, config.cutoff);
  const atomicNumbers = Int32Array.from(structure.sites, (s) =>
    s.species.reduce((best, sp) => (sp.occupancy > best.occupancy ? sp : best)).element.Z);
  return {
    id: structure.id,
    natoms: structure.natoms,
    maxNeighbors: config.maxNeighbors,
    nodeFeatures: siteFeatures(structure),
    atomicNumbers,
    ...truncateNeighbors(list, config.maxNeighbors),
    globals: crystalGlobals(structure),
  };
}

export interface GaussianBasis {
  /** Centres μ_g, Å. */
  readonly centers: Float32Array;
  /** Width σ, Å: exp(−(d − μ)² / σ²). */
  readonly width: number;
}

/** G centres evenly from `min` to `max` Å, width = spacing unless given (CGCNN: 0–8 Å, step 0.2). */
export function gaussianBasis(min: number, max: number, count: number, width?: number): GaussianBasis {
  if (!(count >= 2 && max > min)) throw new RangeError('gaussianBasis needs count ≥ 2 and max > min');
  const step = (max - min) / (count - 1);
  return { centers: Float32Array.from({ length: count }, (_, g) => min + g * step), width: width ?? step };
}

/** [..., G] float32: exp(−(d − μ_g)² / σ²) for each distance, times its mask (0 for padding). */
export function expandDistances(distances: Float32Array, mask: Float32Array, basis: GaussianBasis): Float32Array {
  const G = basis.centers.length;
  const out = new Float32Array(distances.length * G);
  const inv = 1 / (basis.width * basis.width);
  for (let e = 0; e < distances.length; e++) {
    if (!mask[e]) continue;
    const d = distances[e]!;
    for (let g = 0; g < G; g++) {
      const x = d - basis.centers[g]!;
      out[e * G + g] = Math.exp(-x * x * inv);
    }
  }
  return out;
}

/**
 * Many crystal graphs as one dense padded batch (B crystals, N = largest natoms, K).
 * neighborIndex holds *global* row indices into the flattened [B·N] node rows, so a model
 * gathers with one flat gather (batched gathers are wrong on some backends).
 */
export interface GraphBatch {
  readonly batchSize: number;
  readonly maxAtoms: number;
  readonly maxNeighbors: number;
  readonly ids: readonly string[];
  /** [B, N, F] float32 */
  readonly nodeFeatures: Float32Array;
  /** [B, N] int32: atomic numbers, 0 for padding. */
  readonly atomicNumbers: Int32Array;
  /** [B, N] float32: 1 for a real atom. */
  readonly atomMask: Float32Array;
  /** [B, N, K] int32: global row in [0, B·N). Padded slots point at their own centre row. */
  readonly neighborIndex: Int32Array;
  /** [B, N, K] float32, Å */
  readonly neighborDistance: Float32Array;
  /** [B, N, K] float32 */
  readonly neighborMask: Float32Array;
  /** [B, GLOBAL_FEATURE_DIM] float32: crystal-level features (zeros where a graph has none). */
  readonly globals?: Float32Array;
}

export function batchGraphs(graphs: readonly CrystalGraph[], maxAtoms?: number): GraphBatch {
  if (graphs.length === 0) throw new RangeError('batchGraphs needs at least one graph');
  const K = graphs[0]!.maxNeighbors;
  if (graphs.some((g) => g.maxNeighbors !== K)) throw new RangeError('graphs in a batch must share maxNeighbors');
  const N = maxAtoms ?? Math.max(...graphs.map((g) => g.natoms));
  const B = graphs.length;
  const F = NODE_FEATURE_DIM;
  const batch = {
    batchSize: B, maxAtoms: N, maxNeighbors: K, ids: graphs.map((g) => g.id),
    nodeFeatures: new Float32Array(B * N * F), atomicNumbers: new Int32Array(B * N), atomMask: new Float32Array(B * N),
    neighborIndex: new Int32Array(B * N * K), neighborDistance: new Float32Array(B * N * K), neighborMask: new Float32Array(B * N * K),
    globals: new Float32Array(B * GLOBAL_FEATURE_DIM),
  };
  graphs.forEach((g, b) => {
    if (g.natoms > N) throw new RangeError(`graph ${g.id} has ${g.natoms} atoms > maxAtoms ${N}`);
    batch.nodeFeatures.set(g.nodeFeatures, b * N * F);
    batch.atomicNumbers.set(g.atomicNumbers, b * N);
    batch.atomMask.fill(1, b * N, b * N + g.natoms);
    batch.neighborDistance.set(g.neighborDistance, b * N * K);
    batch.neighborMask.set(g.neighborMask, b * N * K);
    if (g.globals) batch.globals.set(g.globals, b * GLOBAL_FEATURE_DIM);
    for (let r = 0; r < N * K; r++) {
      const row = b * N + Math.floor(r / K);
      batch.neighborIndex[b * N * K + r] = r < g.natoms * K && g.neighborMask[r] ? b * N + g.neighborIndex[r]! : row;
    }
  });
  return batch;
}
