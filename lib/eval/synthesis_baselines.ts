// Precursor recommendation for an unseen target, and its evaluation. Two baselines from
// training recipes: `frequency` (per element of the target, the precursors that most often
// bring it) and `composition_similarity` (the recipes of the nearest training targets by
// composition, adapted to the target's elements). `recommendFromNeighbours` is the shared
// second half: any ranking of reference recipes (composition neighbours here, embedding
// neighbours of an aligned model elsewhere) becomes ranked precursor sets.
import { InputError } from '../errors.js';
import { elementFractions } from './composition_features.js';
import { toMatrix } from './feature_matrix.js';
import { nearestNeighbours } from './probes.js';
import { meanPrecursorScores, setKey, successAtK } from './recommendation_metrics.js';
import {
  PrecursorStats, TargetGroup, candidatesFor, fitsTarget, precursorElements, sourceElements,
} from './synthesis_examples.js';

export interface Recommendation {
  /** Sorted canonical precursor formulas. */
  readonly precursors: readonly string[];
  /** Predicted firing temperature, °C, or null. */
  readonly temperatureC: number | null;
  /** Which reference produced it (target key or recipe id), '' for the frequency baseline. */
  readonly reference: string;
}

/** A reference recipe ranked for a target: its precursors and firing temperature (°C). */
export interface ReferenceRecipe {
  readonly precursors: readonly string[];
  readonly temperatureC: number | null;
  readonly reference: string;
}

/**
 * A reference precursor set adapted to the target: precursors bringing an element the
 * target lacks are dropped; each target element no kept precursor brings gets that
 * element's most frequent fitting training precursor. Sorted, deduplicated.
 */
export function adaptPrecursors(precursors: readonly string[], targetElements: ReadonlySet<string>, stats: PrecursorStats): string[] {
  const kept = precursors.filter((p) => fitsTarget(p, targetElements));
  const covered = new Set<string>();
  for (const p of kept) for (const e of precursorElements(p) ?? []) covered.add(e);
  for (const el of sourceElements(targetElements)) {
    if (covered.has(el)) continue;
    const best = candidatesFor(el, targetElements, stats, 1)[0];
    if (!best) continue;
    kept.push(best.precursor);
    for (const e of precursorElements(best.precursor) ?? []) covered.add(e);
  }
  return [...new Set(kept)].sort();
}

/**
 * Ranked precursor sets from reference recipes in rank order: each adapted to the target
 * (adaptPrecursors), repeats and empty sets skipped, at most maxSets. The temperature is
 * the reference's, or the training median where the reference gives none.
 */
export function recommendFromNeighbours(
  neighbours: Iterable<ReferenceRecipe>, targetElements: ReadonlySet<string>, stats: PrecursorStats, maxSets = 10,
): Recommendation[] {
  const out: Recommendation[] = [];
  const seen = new Set<string>();
  for (const n of neighbours) {
    const precursors = adaptPrecursors(n.precursors, targetElements, stats);
    const key = setKey(precursors);
    if (precursors.length === 0 || seen.has(key)) continue;
    seen.add(key);
    out.push({ precursors, temperatureC: n.temperatureC ?? stats.medianTemperatureC, reference: n.reference });
    if (out.length >= maxSets) break;
  }
  return out;
}

/**
 * Frequency baseline: for each source element of the target, its fitting precursors
 * ranked by training frequency; sets are combinations of one candidate per element,
 * enumerated best-first by the product of the per-element frequencies, deduplicated, at
 * most maxSets. Temperature: the training median.
 */
export function recommendByFrequency(targetElements: ReadonlySet<string>, stats: PrecursorStats, maxSets = 10): Recommendation[] {
  const lists = sourceElements(targetElements)
    .map((el) => {
      const c = candidatesFor(el, targetElements, stats, maxSets);
      const total = c.reduce((a, x) => a + x.count, 0);
      return c.map((x) => ({ precursor: x.precursor, logp: Math.log(x.count / total) }));
    })
    .filter((l) => l.length > 0);
  if (lists.length === 0) return [];
  const score = (idx: number[]) => idx.reduce((a, i, e) => a + lists[e]![i]!.logp, 0);
  const frontier = [{ idx: lists.map(() => 0), score: score(lists.map(() => 0)) }];
  const visited = new Set([frontier[0]!.idx.join()]);
  const out: Recommendation[] = [];
  const seen = new Set<string>();
  for (let pops = 0; frontier.length && out.length < maxSets && pops < 50 * maxSets; pops++) {
    let b = 0;
    frontier.forEach((f, i) => { if (f.score > frontier[b]!.score) b = i; });
    const { idx } = frontier.splice(b, 1)[0]!;
    const precursors = [...new Set(idx.map((i, e) => lists[e]![i]!.precursor))].sort();
    const key = setKey(precursors);
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ precursors, temperatureC: stats.medianTemperatureC, reference: '' });
    }
    idx.forEach((i, e) => {
      if (i + 1 >= lists[e]!.length) return;
      const next = idx.slice();
      next[e] = i + 1;
      if (visited.has(next.join())) return;
      visited.add(next.join());
      frontier.push({ idx: next, score: score(next) });
    });
  }
  return out;
}

/** A group's reported sets as reference recipes, most reported first; temperature = median of the group's. */
export function groupReferences(group: TargetGroup): ReferenceRecipe[] {
  const t = [...group.temperaturesC].sort((a, b) => a - b);
  const temperatureC = t.length ? (t.length % 2 ? t[t.length >> 1]! : (t[(t.length >> 1) - 1]! + t[t.length >> 1]!) / 2) : null;
  return group.precursorSets.map((precursors) => ({ precursors, temperatureC, reference: group.targetKey }));
}

/**
 * Composition-similarity baseline for many targets at once: training targets ranked by
 * cosine similarity of element fractions, their reported sets (groupReferences) adapted
 * by recommendFromNeighbours. `neighbours` training targets are consulted per target.
 */
export function recommendBySimilarity(
  targets: readonly TargetGroup[], train: readonly TargetGroup[], stats: PrecursorStats,
  options: { maxSets?: number; neighbours?: number } = {},
): Recommendation[][] {
  if (train.length === 0) throw new InputError('no training targets');
  const features = (gs: readonly TargetGroup[]) => toMatrix(gs.map((g) => elementFractions(g.composition)));
  const ranked = nearestNeighbours(features(train), features(targets), options.neighbours ?? 30, 'cosine');
  return targets.map((t, i) => {
    const refs = Array.from(ranked[i]!, (j) => groupReferences(train[j]!)).flat();
    return recommendFromNeighbours(refs, new Set(t.composition.keys()), stats, options.maxSets ?? 10);
  });
}

export interface SynthesisEvaluation {
  readonly targets: number;
  /** success@1 … success@10 over targets (exact set equality with any reported set). */
  readonly success: Readonly<Record<string, number>>;
  /** Per-precursor scores of each target's top set vs its best-matching reported set, macro over targets. */
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Mean |top set's temperature − reported| over test recipes that report one (targets with a prediction), °C; null where none. */
  readonly temperatureMaeC: number | null;
  readonly temperatureRecipes: number;
}

/** Scores ranked recommendations (one list per target group) against the groups' reported sets. */
export function evaluateRecommendations(groups: readonly TargetGroup[], recommendations: readonly (readonly Recommendation[])[]): SynthesisEvaluation {
  if (groups.length !== recommendations.length) throw new InputError(`${groups.length} targets but ${recommendations.length} recommendation lists`);
  const truths = groups.map((g) => g.precursorSets);
  const success = successAtK(recommendations.map((r) => r.map((x) => x.precursors)), truths);
  const prf = meanPrecursorScores(recommendations.map((r) => r[0]?.precursors ?? []), truths);
  let err = 0;
  let n = 0;
  groups.forEach((g, i) => {
    const t = recommendations[i]![0]?.temperatureC;
    if (t === undefined || t === null) return;
    for (const truth of g.temperaturesC) { err += Math.abs(t - truth); n++; }
  });
  return { targets: groups.length, success, ...prf, temperatureMaeC: n ? err / n : null, temperatureRecipes: n };
}
