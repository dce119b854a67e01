// Scores of precursor recommendation: exact-set success@k over ranked candidate sets
// (He et al. 2023) and per-precursor precision/recall/F1 of one predicted set.
import { InputError } from '../errors.js';

/** A precursor set as a canonical string: sorted, deduplicated, joined. */
export function setKey(set: readonly string[]): string {
  return [...new Set(set)].sort().join(' + ');
}

/**
 * 1-based rank of the first candidate set equal (as a set) to any of the true sets, or null
 * when none of the candidates matches. Several true sets: a target reported with different
 * precursors is hit by any of them.
 */
export function firstHitRank(candidates: readonly (readonly string[])[], trueSets: readonly (readonly string[])[]): number | null {
  const truth = new Set(trueSets.map(setKey));
  const seen = new Set<string>();
  let rank = 0;
  for (const c of candidates) {
    const key = setKey(c);
    if (seen.has(key)) continue; // a repeated candidate takes no extra rank
    seen.add(key);
    rank++;
    if (truth.has(key)) return rank;
  }
  return null;
}

/**
 * success@k for k = 1…maxK (default 10): the fraction of targets whose first hit is within
 * the top k distinct candidate sets. `candidates[t]` are target t's ranked sets,
 * `trueSets[t]` its reported sets. Returns { 'success@1': …, … }.
 */
export function successAtK(
  candidates: readonly (readonly (readonly string[])[])[],
  trueSets: readonly (readonly (readonly string[])[])[],
  maxK = 10,
): Record<string, number> {
  if (candidates.length !== trueSets.length) throw new InputError(`${candidates.length} candidate lists but ${trueSets.length} targets`);
  if (candidates.length === 0) throw new InputError('successAtK: no targets');
  const ranks = candidates.map((c, t) => firstHitRank(c, trueSets[t]!));
  const out: Record<string, number> = {};
  for (let k = 1; k <= maxK; k++) out[`success@${k}`] = ranks.filter((r) => r !== null && r <= k).length / ranks.length;
  return out;
}

export interface SetScores {
  /** |P ∩ T| / |P|; 0 for an empty prediction. */
  readonly precision: number;
  /** |P ∩ T| / |T|; 0 for an empty true set. */
  readonly recall: number;
  /** 2PR / (P + R); 0 where both are 0. */
  readonly f1: number;
  /** Index of the true set scored against (the best-matching one). */
  readonly matched: number;
}

function scoreAgainst(predicted: ReadonlySet<string>, truth: readonly string[]): Omit<SetScores, 'matched'> {
  const t = new Set(truth);
  let common = 0;
  for (const p of predicted) if (t.has(p)) common++;
  const precision = predicted.size ? common / predicted.size : 0;
  const recall = t.size ? common / t.size : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

/**
 * Per-precursor precision/recall/F1 of one predicted set against the best-matching of the
 * true sets (highest F1; the first on ties).
 */
export function precursorScores(predicted: readonly string[], trueSets: readonly (readonly string[])[]): SetScores {
  if (trueSets.length === 0) throw new InputError('precursorScores: no true set');
  const p = new Set(predicted);
  let best: SetScores | null = null;
  trueSets.forEach((truth, matched) => {
    const s = scoreAgainst(p, truth);
    if (!best || s.f1 > best.f1) best = { ...s, matched };
  });
  return best!;
}

/** Macro means over targets of precursorScores of each target's top prediction (an empty list scores 0). */
export function meanPrecursorScores(
  predicted: readonly (readonly string[])[], trueSets: readonly (readonly (readonly string[])[])[],
): { precision: number; recall: number; f1: number } {
  if (predicted.length !== trueSets.length || predicted.length === 0) {
    throw new InputError(`${predicted.length} predictions for ${trueSets.length} targets`);
  }
  const scores = predicted.map((p, t) => precursorScores(p, trueSets[t]!));
  const mean = (f: (s: SetScores) => number) => scores.reduce((a, s) => a + f(s), 0) / scores.length;
  return { precision: mean((s) => s.precision), recall: mean((s) => s.recall), f1: mean((s) => s.f1) };
}
