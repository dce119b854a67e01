// The shared inputs of the TF.js / PyTorch comparison: one training batch of a preset's
// shapes (real MP-20 crystal graphs and their compositions; token ids, XRD profiles and
// micrographs drawn from a seed, since their cost depends only on shape), written to one
// binary file that both sides read, plus the model's initial parameters.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlignConfig, Modality } from '../lib/config.js';
import { compositionArrays, ELEMENT_FEATURE_DIM } from '../lib/data/paired/features.js';
import { batchGraphs, buildCrystalGraph } from '../lib/data/structure/graph.js';
import type { StructureRow } from '../lib/data/structure/structure_table.js';
import { Rng } from '../lib/env.js';
import type { ModalityBatches } from '../lib/models/clip_model.js';
import type { SerializedParams } from '../lib/models/params.js';
import type { MaterialBatch } from '../lib/train/batches.js';

export interface ParityBatch {
  readonly batches: ModalityBatches;
  /** [B] group id (reduced formula) of each material. */
  readonly groups: Int32Array;
  /** [B, D] float32 unit rows: the target each tower's embedding is pulled to in the per-tower benchmark. */
  readonly targets: Float32Array;
}

/** B materials of the preset's shapes; every material has every modality. */
export function buildParityBatch(config: AlignConfig, rows: readonly StructureRow[], seed = 0): ParityBatch {
  const B = config.train.batchSize, d = config.data, m = config.model;
  const usable = rows.filter((r) => r.structure.natoms <= d.maxAtoms).slice(0, B);
  if (usable.length < B) throw new Error(`only ${usable.length} structures of ≤ ${d.maxAtoms} atoms for a batch of ${B}`);
  const structure = batchGraphs(usable.map((r) => buildCrystalGraph(r.structure, { cutoff: d.cutoff, maxNeighbors: d.maxNeighbors })));
  const comps = usable.map((r) => compositionArrays(r.structure.composition()));
  const M = Math.max(...comps.map((c) => c.elements.length));
  const composition = {
    batchSize: B, maxElements: M, elements: new Int32Array(B * M), fractions: new Float32Array(B * M), elementFeatures: new Float32Array(B * M * ELEMENT_FEATURE_DIM),
  };
  comps.forEach((c, b) => {
    composition.elements.set(c.elements, b * M);
    composition.fractions.set(c.fractions, b * M);
    composition.elementFeatures.set(c.features, b * M * ELEMENT_FEATURE_DIM);
  });
  const rng = new Rng(seed);
  const L = m.text.maxLength;
  const ids = new Int32Array(B * L), mask = new Int32Array(B * L);
  for (let b = 0; b < B; b++) {
    const len = Math.floor(L / 2) + Math.floor(rng.uniform() * (L - Math.floor(L / 2) + 1));
    for (let t = 0; t < len; t++) { ids[b * L + t] = 5 + Math.floor(rng.uniform() * (m.text.vocabSize - 5)); mask[b * L + t] = 1; }
  }
  const P = d.xrdPoints, S = d.micrographSize;
  const xrd = { batchSize: B, points: P, values: Float32Array.from({ length: B * P }, () => rng.uniform()) };
  const micrograph = { batchSize: B, size: S, pixels: Float32Array.from({ length: B * S * S }, () => rng.uniform()) };
  const formulas = new Map<string, number>();
  const groups = Int32Array.from(usable, (r) => {
    const f = r.structure.reducedFormula();
    if (!formulas.has(f)) formulas.set(f, formulas.size);
    return formulas.get(f)!;
  });
  const D = m.dim;
  const targets = new Float32Array(B * D);
  for (let b = 0; b < B; b++) {
    let n = 0;
    for (let j = 0; j < D; j++) { const v = rng.normal(); targets[b * D + j] = v; n += v * v; }
    for (let j = 0; j < D; j++) targets[b * D + j]! /= Math.sqrt(n);
  }
  return { batches: { structure, composition, text: { batchSize: B, length: L, ids, mask }, xrd, micrograph }, groups, targets };
}

type Arrays = Record<string, { data: Float32Array | Int32Array; shape: number[] }>;

/** The arrays of a batch by name, shaped as documented on each modality's batch. */
function batchArrays(p: ParityBatch): Arrays {
  const { structure: g, composition: c, text: t, xrd: x, micrograph: im } = p.batches;
  const [B, N, K, M] = [g.batchSize, g.maxAtoms, g.maxNeighbors, c.maxElements];
  return {
    'structure.nodeFeatures': { data: g.nodeFeatures, shape: [B * N, g.nodeFeatures.length / (B * N)] },
    'structure.atomicNumbers': { data: g.atomicNumbers, shape: [B * N] },
    'structure.atomMask': { data: g.atomMask, shape: [B, N] },
    'structure.neighborIndex': { data: g.neighborIndex, shape: [B * N * K] },
    'structure.neighborDistance': { data: g.neighborDistance, shape: [B * N * K, 1] },
    'structure.neighborMask': { data: g.neighborMask, shape: [B * N * K, 1] },
    'structure.globals': { data: g.globals ?? new Float32Array(B * 2), shape: [B, (g.globals?.length ?? B * 2) / B] },
    'composition.elements': { data: c.elements, shape: [B * M] },
    'composition.fractions': { data: c.fractions, shape: [B * M, 1] },
    'composition.elementFeatures': { data: c.elementFeatures, shape: [B * M, c.elementFeatures.length / (B * M)] },
    'text.ids': { data: t.ids, shape: [B * t.length] },
    'text.mask': { data: t.mask, shape: [B, t.length] },
    'xrd.values': { data: x.values, shape: [B, x.points] },
    'micrograph.pixels': { data: im.pixels, shape: [B, im.size, im.size] },
    groups: { data: p.groups, shape: [B] },
    targets: { data: p.targets, shape: [B, p.targets.length / B] },
  };
}

/** Writes `arrays` as <name>.bin (concatenated little-endian values) and <name>.json (name → dtype, shape, offset). */
function writeArrays(dir: string, name: string, arrays: Arrays): void {
  const index: Record<string, { dtype: string; shape: number[]; offset: number }> = {};
  const parts: Buffer[] = [];
  let offset = 0;
  for (const [key, { data, shape }] of Object.entries(arrays)) {
    index[key] = { dtype: data instanceof Int32Array ? 'int32' : 'float32', shape, offset };
    parts.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    offset += data.byteLength;
  }
  writeFileSync(join(dir, `${name}.bin`), Buffer.concat(parts));
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(index));
}

export function writeParityBatch(dir: string, name: string, p: ParityBatch): void {
  writeArrays(dir, name, batchArrays(p));
}

export function writeParams(dir: string, name: string, params: SerializedParams): void {
  const arrays: Arrays = {};
  let offset = 0;
  params.names.forEach((n, i) => {
    const shape = [...params.shapes[i]!];
    const size = shape.reduce((a, b) => a * b, 1);
    arrays[n] = { data: params.values.subarray(offset, offset + size), shape };
    offset += size;
  });
  writeArrays(dir, name, arrays);
}

/** Rows [lo, hi) of every modality of a parity batch, as one material batch (graph neighbour rows re-based). */
function sliceParityBatch(p: ParityBatch, lo: number, hi: number): MaterialBatch {
  const { structure: g, composition: c, text: t, xrd: x, micrograph: im } = p.batches;
  const B = g.batchSize, n = hi - lo, N = g.maxAtoms, K = g.maxNeighbors, M = c.maxElements;
  const per = (a: Float32Array | Int32Array, size: number) => a.slice(lo * size, hi * size);
  const F = g.nodeFeatures.length / (B * N), E = c.elementFeatures.length / (B * M), S2 = im.size * im.size;
  const structure = {
    ...g, batchSize: n, ids: g.ids.slice(lo, hi), nodeFeatures: per(g.nodeFeatures, N * F) as Float32Array, atomicNumbers: per(g.atomicNumbers, N) as Int32Array,
    atomMask: per(g.atomMask, N) as Float32Array, neighborIndex: (per(g.neighborIndex, N * K) as Int32Array).map((r) => r - lo * N),
    neighborDistance: per(g.neighborDistance, N * K) as Float32Array, neighborMask: per(g.neighborMask, N * K) as Float32Array,
    ...(g.globals ? { globals: per(g.globals, g.globals.length / B) as Float32Array } : {}),
  };
  const batches: ModalityBatches = {
    structure,
    composition: { ...c, batchSize: n, elements: per(c.elements, M) as Int32Array, fractions: per(c.fractions, M) as Float32Array, elementFeatures: per(c.elementFeatures, M * E) as Float32Array },
    text: { ...t, batchSize: n, ids: per(t.ids, t.length) as Int32Array, mask: per(t.mask, t.length) as Int32Array },
    xrd: { ...x, batchSize: n, values: per(x.values, x.points) as Float32Array },
    micrograph: { ...im, batchSize: n, pixels: per(im.pixels, S2) as Float32Array },
  };
  const all = Int32Array.from({ length: n }, (_, i) => i);
  return { batches, rows: new Map((Object.keys(batches) as Modality[]).map((m) => [m, all])) };
}

/** The batch cut into `n` contiguous parts (one per data-parallel worker) and their sizes. */
export function splitParityBatch(p: ParityBatch, n: number): { parts: MaterialBatch[]; sizes: number[] } {
  const B = p.batches.structure.batchSize;
  const bounds = Array.from({ length: n + 1 }, (_, i) => Math.floor((i * B) / n));
  const parts = bounds.slice(0, -1).map((lo, i) => sliceParityBatch(p, lo, bounds[i + 1]!));
  return { parts, sizes: parts.map((_, i) => bounds[i + 1]! - bounds[i]!) };
}
