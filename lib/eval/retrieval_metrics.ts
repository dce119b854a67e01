// Cross-modal retrieval scores from a similarity matrix: the rank of the true gallery item
// for every query, recall at k, mean/median rank, and what chance would give.
import { InputError } from '../errors.js';

/** A row-major [Q, G] similarity matrix: entry (q, g) at data[q * G + g]. */
export interface SimilarityMatrix {
  readonly data: ArrayLike<number>;
  readonly queries: number;
  readonly gallery: number;
}

/**
 * [Q, G] cosine similarities between query rows [Q][D] and gallery rows [G][D]. Rows of
 * zero length have similarity 0 with everything.
 */
export function cosineSimilarityMatrix(queries: readonly ArrayLike<number>[], gallery: readonly ArrayLike<number>[]): SimilarityMatrix {
  const dim = queries[0]?.length ?? gallery[0]?.length ?? 0;
  for (const r of [...queries, ...gallery]) if (r.length !== dim) throw new InputError(`rows of length ${r.length} and ${dim}`);
  const normed = (rows: readonly ArrayLike<number>[]) => rows.map((r) => {
    let n = 0;
    for (let j = 0; j < dim; j++) n += r[j]! * r[j]!;
    const s = n > 0 ? 1 / Math.sqrt(n) : 0;
    return Float64Array.from({ length: dim }, (_, j) => r[j]! * s);
  });
  const q = normed(queries);
  const g = normed(gallery);
  const data = new Float64Array(q.length * g.length);
  for (let i = 0; i < q.length; i++) {
    for (let k = 0; k < g.length; k++) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += q[i]![j]! * g[k]![j]!;
      data[i * g.length + k] = s;
    }
  }
  return { data, queries: q.length, gallery: g.length };
}

/**
 * [Q] int32: 1-based rank of each query's true gallery item (trueIndex[q] in 0…G−1).
 * Ties count against the query: rank = 1 + #(items scoring ≥ the true one, itself excluded),
 * so a constant similarity gives rank G, never a spurious 1.
 */
export function retrievalRanks(similarity: SimilarityMatrix, trueIndex: ArrayLike<number>): Int32Array {
  const { data, queries: Q, gallery: G } = similarity;
  if (data.length !== Q * G) throw new InputError(`similarity has ${data.length} entries, not ${Q} × ${G}`);
  if (trueIndex.length !== Q) throw new InputError(`${Q} queries but ${trueIndex.length} true indices`);
  const ranks = new Int32Array(Q);
  for (let q = 0; q < Q; q++) {
    const t = trueIndex[q]!;
    if (!(Number.isInteger(t) && t >= 0 && t < G)) throw new InputError(`true index ${t} of query ${q} outside 0…${G - 1}`);
    const s = data[q * G + t]!;
    let rank = 1;
    for (let g = 0; g < G; g++) if (g !== t && data[q * G + g]! >= s) rank++;
    ranks[q] = rank;
  }
  return ranks;
}

/** Fraction of queries whose true item ranks in the top k. */
export function recallAtK(ranks: ArrayLike<number>, k: number): number {
  if (ranks.length === 0) throw new InputError('recallAtK: no ranks');
  let hits = 0;
  for (let i = 0; i < ranks.length; i++) if (ranks[i]! <= k) hits++;
  return hits / ranks.length;
}

/** Expected R@k of a random ordering of G gallery items: min(k, G) / G. */
export function chanceRecallAtK(k: number, gallery: number): number {
  return Math.min(k, gallery) / gallery;
}

export function median(values: ArrayLike<number>): number {
  if (values.length === 0) throw new InputError('median of no values');
  const s = Array.from(values).sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface RetrievalMetrics {
  readonly queries: number;
  readonly gallery: number;
  /** 'R@1' → fraction, for every requested k. */
  readonly recall: Readonly<Record<string, number>>;
  /** 'R@1' → k / G. */
  readonly chance: Readonly<Record<string, number>>;
  readonly meanRank: number;
  readonly medianRank: number;
}

/** R@k for each k (default 1, 5, 10), mean and median rank, and chance R@k. */
export function retrievalMetrics(
  similarity: SimilarityMatrix, trueIndex: ArrayLike<number>, ks: readonly number[] = [1, 5, 10],
): RetrievalMetrics {
  const ranks = retrievalRanks(similarity, trueIndex);
  if (ranks.length === 0) throw new InputError('retrieval with no queries');
  const recall: Record<string, number> = {};
  const chance: Record<string, number> = {};
  for (const k of ks) {
    recall[`R@${k}`] = recallAtK(ranks, k);
    chance[`R@${k}`] = chanceRecallAtK(k, similarity.gallery);
  }
  const meanRank = ranks.reduce((a, b) => a + b, 0) / ranks.length;
  return { queries: ranks.length, gallery: similarity.gallery, recall, chance, meanRank, medianRank: median(ranks) };
}
