// The classic powder-pattern search-match: the cosine between a measured profile and each
// candidate's simulated profile on the same 2θ grid. Used alone (the baseline) or to re-rank
// an embedding shortlist.
import { drawProfile, scaledTwoTheta } from '../data/paired/xrd_augment.js';

/** Simulated peaks of a candidate: 2θ in °, intensity 0–100. */
export interface PeakColumns {
  readonly peaks_two_theta: ArrayLike<number>;
  readonly peaks_intensity: ArrayLike<number>;
}

/** Relative lattice scales tried per candidate: DFT cells run ~1 % large, measured ones at room temperature differ. */
export const MATCH_SCALES: readonly number[] = [0.985, 0.99, 0.995, 1, 1.005, 1.01, 1.015];

/** Cosine of two equal-length non-negative profiles (0 when either is all zeros). */
export function profileCosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** [S][P] profiles of one candidate at each scale of MATCH_SCALES, on the P-point 10–80° grid. */
export function candidateProfiles(c: PeakColumns, points: number, scales: readonly number[] = MATCH_SCALES): Float32Array[] {
  const twoTheta = Float64Array.from(c.peaks_two_theta as ArrayLike<number>);
  const intensity = Float64Array.from(c.peaks_intensity as ArrayLike<number>);
  return scales.map((s) => {
    const shifted = s === 1 ? twoTheta : twoTheta.map((t) => scaledTwoTheta(t, s));
    const keep = Array.from(shifted.keys()).filter((i) => Number.isFinite(shifted[i]));
    return drawProfile({ twoTheta: Float64Array.from(keep, (i) => shifted[i]!), intensity: Float64Array.from(keep, (i) => intensity[i]!) }, points, null, null);
  });
}

/** Cache of candidate profiles by id (queries against one gallery reuse them). */
export type ProfileCache = Map<string, Float32Array[]>;

/** Best cosine over lattice scales between a profile and a candidate (0 without peaks). */
export function profileScore(profile: Float32Array, candidate: PeakColumns & { id: string }, cache?: ProfileCache): number {
  if (candidate.peaks_two_theta.length === 0) return 0;
  let profiles = cache?.get(candidate.id);
  if (!profiles) {
    profiles = candidateProfiles(candidate, profile.length);
    cache?.set(candidate.id, profiles);
  }
  return Math.max(...profiles.map((p) => profileCosine(profile, p)));
}

/** Candidates sorted by profile score, best first (stable: ties keep their order). */
export function rankByProfile<T extends PeakColumns & { id: string }>(profile: Float32Array, candidates: readonly T[], cache?: ProfileCache): { item: T; score: number }[] {
  return candidates.map((item, i) => ({ item, score: profileScore(profile, item, cache), i }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map(({ item, score }) => ({ item, score }));
}
