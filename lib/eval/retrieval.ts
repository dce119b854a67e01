// Cross-modal retrieval: for each ordered modality pair, every material's query embedding
// ranks a gallery of target embeddings (the same materials); the rank of its own target
// gives R@k, mean and median rank (retrieval_metrics.ts: ties count against the query, so
// identical targets — equal compositions of two polymorphs — never give a spurious hit).
import type { Modality } from '../config.js';
import { Rng } from '../rng.js';
import { retrievalMetrics } from './retrieval_metrics.js';

/** Embeddings of one modality: materials (by index) that have it and their unit rows. */
export interface ModalityEmbeddings {
  /** [n] material index of each row. */
  readonly materials: Int32Array;
  /** [n·D] float32 unit rows. */
  readonly values: Float32Array;
  readonly dim: number;
}

export interface RetrievalResult {
  readonly query: Modality;
  readonly target: Modality;
  readonly n: number;
  readonly 'R@1': number;
  readonly 'R@5': number;
  readonly 'R@10': number;
  readonly mean_rank: number;
  readonly median_rank: number;
  readonly 'chance_R@10': number;
}

/**
 * Retrieval from `query` to `target` over the materials having both, with at most `gallery`
 * of them (a seeded sample) as queries and gallery; null when fewer than 2 materials qualify.
 */
export function retrieve(
  a: ModalityEmbeddings, b: ModalityEmbeddings, query: Modality, target: Modality, gallery: number, seed: number,
): RetrievalResult | null {
  const rowB = new Map<number, number>();
  b.materials.forEach((m, r) => rowB.set(m, r));
  let common: [number, number][] = [];
  a.materials.forEach((m, r) => { const rb = rowB.get(m); if (rb !== undefined) common.push([r, rb]); });
  if (common.length < 2) return null;
  if (common.length > gallery) common = new Rng(seed).fork(`${query}->${target}`).shuffle(common).slice(0, gallery);
  const n = common.length, D = a.dim;
  const sims = new Float32Array(n * n);
  for (let q = 0; q < n; q++) {
    const qa = common[q]![0] * D;
    for (let g = 0; g < n; g++) {
      const gb = common[g]![1] * D;
      let s = 0;
      for (let d = 0; d < D; d++) s += a.values[qa + d]! * b.values[gb + d]!;
      sims[q * n + g] = s;
    }
  }
  const m = retrievalMetrics({ data: sims, queries: n, gallery: n }, Int32Array.from({ length: n }, (_, i) => i));
  return {
    query, target, n, 'R@1': m.recall['R@1']!, 'R@5': m.recall['R@5']!, 'R@10': m.recall['R@10']!,
    mean_rank: m.meanRank, median_rank: m.medianRank, 'chance_R@10': m.chance['R@10']!,
  };
}

/** Every ordered pair of the modalities present. */
export function retrievalTable(embeddings: ReadonlyMap<Modality, ModalityEmbeddings>, gallery: number, seed: number): RetrievalResult[] {
  const out: RetrievalResult[] = [];
  for (const [qa, a] of embeddings) {
    for (const [tb, b] of embeddings) {
      if (qa === tb) continue;
      const r = retrieve(a, b, qa, tb, gallery, seed);
      if (r) out.push(r);
    }
  }
  return out;
}
