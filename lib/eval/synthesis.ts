// Precursor recommendation through the aligned space. Each target (test) and reference
// (training) composition is embedded — by the structure tower where a structure of that
// composition is given, else by the composition tower — and references are ranked by
//   score = α · cos(aligned embeddings) + (1 − α) · cos(element fractions),
// α chosen from a grid by success@5 on a held-out part of the training targets (never the
// test targets). The reported sets of the top references vote for adapted precursor sets,
// each vote weighted by score^20 (VOTE_POWER) × the set's share of its reference's recipes; the firing
// temperature of a set is the vote-weighted mean of its voters' median temperatures.
import type { MaterialFeatures, PeakList } from '../data/paired/features.js';
import { compositionArrays } from '../data/paired/features.js';
import type { AlignmentModel } from '../models/clip_model.js';
import { Rng } from '../rng.js';
import type { BatchContext } from '../train/batches.js';
import { embedMaterials } from '../train/embedding.js';
import { elementFractions } from './composition_features.js';
import { setKey, successAtK } from './recommendation_metrics.js';
import { Recommendation, adaptPrecursors } from './synthesis_baselines.js';
import { PrecursorStats, SynthesisExample, TargetGroup, buildPrecursorStats } from './synthesis_examples.js';

/** Embeddings of target groups in the shared space: [n·D] unit rows, and which tower gave each. */
export interface GroupEmbeddings {
  readonly values: Float32Array;
  readonly dim: number;
  /** [n] true where the structure tower embedded the group. */
  readonly fromStructure: boolean[];
}

/**
 * Embeds groups: a group whose composition key has a crystal graph in `graphs` goes through
 * the structure tower, every other through the composition tower.
 */
export function embedGroups(model: AlignmentModel, config: BatchContext['config'], groups: readonly TargetGroup[], graphs: ReadonlyMap<string, MaterialFeatures['graph']>, keyOf: (g: TargetGroup) => string): GroupEmbeddings {
  const useStructure = model.config.modalities.includes('structure');
  const features: MaterialFeatures[] = groups.map((g) => ({
    graph: useStructure ? graphs.get(keyOf(g)) ?? null : null, peaks: null as PeakList | null, micrographs: [], composition: compositionArrays(g.composition), texts: [],
  }));
  const ctx: BatchContext = { config, features, tokenizer: null };
  const indices = groups.map((_, i) => i);
  const emb = embedMaterials(model, ctx, indices, useStructure ? ['structure', 'composition'] : ['composition']);
  const D = model.config.dim;
  const values = new Float32Array(groups.length * D);
  const fromStructure = groups.map(() => false);
  for (const m of ['composition', 'structure'] as const) {
    const e = emb.get(m);
    if (!e) continue;
    e.materials.forEach((pos, r) => { values.set(e.values.subarray(r * D, (r + 1) * D), pos * D); fromStructure[pos] = m === 'structure'; });
  }
  return { values, dim: D, fromStructure };
}

/** [n·103] unit rows of element fractions. */
export function fractionRows(groups: readonly TargetGroup[]): Float32Array {
  const out = new Float32Array(groups.length * 103);
  groups.forEach((g, i) => {
    const f = elementFractions(g.composition);
    const n = Math.hypot(...f) || 1;
    for (let j = 0; j < 103; j++) out[i * 103 + j] = f[j]! / n;
  });
  return out;
}

function dot(a: Float32Array, i: number, b: Float32Array, j: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += a[i * d + k]! * b[j * d + k]!;
  return s;
}

export interface SpaceRows {
  readonly embedding: GroupEmbeddings;
  /** [n·103] fractionRows. */
  readonly fractions: Float32Array;
}

/** Top `k` references of query q by α-mixed similarity: [reference index, score] best first. */
export function topReferences(q: SpaceRows, qi: number, refs: SpaceRows, alpha: number, k: number, exclude?: (j: number) => boolean): [number, number][] {
  const n = refs.fractions.length / 103;
  const best: [number, number][] = [];
  for (let j = 0; j < n; j++) {
    if (exclude?.(j)) continue;
    const s = (alpha > 0 ? alpha * dot(q.embedding.values, qi, refs.embedding.values, j, q.embedding.dim) : 0)
      + (alpha < 1 ? (1 - alpha) * dot(q.fractions, qi, refs.fractions, j, 103) : 0);
    if (best.length === k && s <= best[k - 1]![1]) continue;
    let p = best.length < k ? best.length : k - 1;
    if (best.length < k) best.push([j, s]);
    while (p > 0 && best[p - 1]![1] < s) { best[p] = best[p - 1]!; p--; }
    best[p] = [j, s];
  }
  return best;
}

/**
 * Exponent of the similarity in a vote: high values let the nearest references dominate
 * (20 beat 1 and 8 on validation success@1/5 of the shared solid-state recipes).
 */
export const VOTE_POWER = 20;

/** Ranked adapted precursor sets voted by scored references (see the file comment). */
export function voteSets(neighbours: readonly [number, number][], refs: readonly TargetGroup[], targetElements: ReadonlySet<string>, stats: PrecursorStats, maxSets = 10, power = VOTE_POWER): Recommendation[] {
  const votes = new Map<string, { precursors: string[]; weight: number; tWeight: number; tSum: number; reference: string }>();
  for (const [j, s] of neighbours) {
    const g = refs[j]!;
    const total = g.setCounts.reduce((a, b) => a + b, 0);
    const t = [...g.temperaturesC].sort((a, b) => a - b);
    const temperature = t.length ? t[t.length >> 1]! : null;
    g.precursorSets.forEach((set, k) => {
      const precursors = adaptPrecursors(set, targetElements, stats);
      if (!precursors.length) return;
      const w = Math.max(s, 0) ** power * (g.setCounts[k]! / total);
      const key = setKey(precursors);
      const v = votes.get(key) ?? { precursors, weight: 0, tWeight: 0, tSum: 0, reference: g.targetKey };
      v.weight += w;
      if (temperature !== null) { v.tWeight += w; v.tSum += w * temperature; }
      votes.set(key, v);
    });
  }
  return [...votes.values()].sort((a, b) => b.weight - a.weight).slice(0, maxSets).map((v) => ({
    precursors: v.precursors, reference: v.reference,
    temperatureC: v.tWeight > 0 ? v.tSum / v.tWeight : stats.medianTemperatureC,
  }));
}

/** Recommendations for every query row against the references. */
export function recommendAligned(queries: readonly TargetGroup[], q: SpaceRows, refs: readonly TargetGroup[], r: SpaceRows, stats: PrecursorStats, alpha: number, neighbours = 30): Recommendation[][] {
  return queries.map((g, i) => voteSets(topReferences(q, i, r, alpha, neighbours), refs, new Set(g.composition.keys()), stats));
}

/** The rows of a SpaceRows at given indices. */
export function subsetRows(s: SpaceRows, idx: readonly number[]): SpaceRows {
  const D = s.embedding.dim;
  const values = new Float32Array(idx.length * D), fractions = new Float32Array(idx.length * 103);
  idx.forEach((j, i) => { values.set(s.embedding.values.subarray(j * D, (j + 1) * D), i * D); fractions.set(s.fractions.subarray(j * 103, (j + 1) * 103), i * 103); });
  return { embedding: { values, dim: D, fromStructure: idx.map((j) => s.embedding.fromStructure[j]!) }, fractions };
}

export const ALPHA_GRID: readonly number[] = [1, 0.75, 0.5, 0.25, 0];

/**
 * α with the best success@5 on a seeded `fraction` of the training targets, each scored
 * against the other training targets (precursor statistics of those only). Ties go to the
 * larger α (more of the aligned space). Returns the α and its validation score per grid value.
 */
export function chooseAlpha(train: readonly SynthesisExample[], groups: readonly TargetGroup[], rows: SpaceRows, seed: number, fraction = 0.1, maxVal = 400): { alpha: number; validation: Record<string, number> } {
  const order = new Rng(seed).fork('alpha_validation').shuffle(groups.map((_, i) => i));
  const val = order.slice(0, Math.min(maxVal, Math.max(1, Math.round(fraction * groups.length))));
  const valSet = new Set(val);
  const fitIdx = groups.map((_, i) => i).filter((i) => !valSet.has(i));
  const valKeys = new Set(val.map((i) => groups[i]!.targetKey));
  const stats = buildPrecursorStats(train.filter((e) => !valKeys.has(e.targetKey)));
  const fitGroups = fitIdx.map((i) => groups[i]!), valGroups = val.map((i) => groups[i]!);
  const fitRows = subsetRows(rows, fitIdx), valRows = subsetRows(rows, val);
  const validation: Record<string, number> = {};
  let alpha = ALPHA_GRID[0]!;
  for (const a of ALPHA_GRID) {
    const recs = recommendAligned(valGroups, valRows, fitGroups, fitRows, stats, a);
    validation[String(a)] = successAtK(recs.map((r) => r.map((x) => x.precursors)), valGroups.map((g) => g.precursorSets), 5)['success@5']!;
    if (validation[String(a)]! > validation[String(alpha)]!) alpha = a;
  }
  return { alpha, validation };
}


