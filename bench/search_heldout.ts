// XRD pattern → structure retrieval on a run's held-out split: queries are the gallery's own
// simulated patterns drawn with a random lattice scale (±config latticeScale, nothing else),
// ranked by embedding cosine, by embedding shortlist (200) + profile re-rank, and by profile
// cosine alone. Used by bench/search_alab.ts.
import { splitOfKey } from '../lib/data/paired/split.js';
import { drawProfile } from '../lib/data/paired/xrd_augment.js';
import { materialFeatures } from '../lib/data/paired/features.js';
import { loadMaterials } from '../lib/data/paired/materials.js';
import { Rng, tf } from '../lib/env.js';
import { candidateProfiles, profileCosine } from '../lib/search/profile_match.js';
import { embedMaterials } from '../lib/train/embedding.js';
import type { LoadedRun } from '../lib/train/run_dir.js';

export async function heldOutRetrieval(run: LoadedRun, structureFiles: readonly string[], split: { train: string[]; val: string[] }): Promise<Record<string, unknown>[]> {
  const c = run.manifest.config;
  const seen = new Set([...split.train, ...split.val]);
  const set = await loadMaterials(structureFiles, [], { maxAtoms: c.data.maxAtoms });
  const held = set.materials.filter((m) => !seen.has(m.id) && splitOfKey(m.key, c.seed, c.data.valFraction, c.data.testFraction) === 'test');
  const features = held.map((m) => materialFeatures(m, c.data, { seed: c.seed, needs: new Set(['structure', 'xrd']) }));
  const keep = features.map((f, i) => (f.graph && f.peaks ? i : -1)).filter((i) => i >= 0);
  const n = keep.length, D = c.model.dim, P = c.data.xrdPoints;
  const gallery = embedMaterials(run.model, { config: c, features, tokenizer: run.tokenizer }, keep, ['structure']).get('structure')!;
  const rng = new Rng(c.seed).fork('heldout-queries');
  const aug = { latticeScale: c.data.xrdAugment.latticeScale, fwhm: [0.2, 0.2] as const, noise: 0, background: 0 };
  const profiles = keep.map((i) => drawProfile(features[i]!.peaks!, P, aug, rng));
  const queries = new Float32Array(n * D);
  for (let s = 0; s < n; s += 128) {
    const part = profiles.slice(s, s + 128);
    const values = new Float32Array(part.length * P);
    part.forEach((p, b) => values.set(p, b * P));
    queries.set(tf.tidy(() => run.model.embed('xrd', { batchSize: part.length, points: P, values }).dataSync() as Float32Array), s * D);
  }
  const candidates = keep.map((i) => candidateProfiles({ peaks_two_theta: features[i]!.peaks!.twoTheta, peaks_intensity: features[i]!.peaks!.intensity }, P));
  const profileScore = (q: number, g: number) => Math.max(...candidates[g]!.map((p) => profileCosine(profiles[q]!, p)));
  const hits = { embedding: [0, 0], 'embedding+profile': [0, 0], profile_only: [0, 0] } as Record<string, [number, number]>;
  const count = (name: string, order: number[], q: number) => {
    const r = order.indexOf(q);
    if (r === 0) hits[name]![0]++;
    if (r >= 0 && r < 10) hits[name]![1]++;
  };
  for (let q = 0; q < n; q++) {
    const sims = Array.from({ length: n }, (_, g) => {
      let s = 0;
      for (let d = 0; d < D; d++) s += queries[q * D + d]! * gallery.values[g * D + d]!;
      return s;
    });
    const byEmbedding = Array.from(sims.keys()).sort((a, b) => sims[b]! - sims[a]!);
    count('embedding', byEmbedding, q);
    const shortlist = byEmbedding.slice(0, 200);
    const rerankScores = new Map(shortlist.map((g) => [g, profileScore(q, g)]));
    count('embedding+profile', [...shortlist].sort((a, b) => rerankScores.get(b)! - rerankScores.get(a)!), q);
    const all = Array.from({ length: n }, (_, g) => (rerankScores.has(g) ? rerankScores.get(g)! : profileScore(q, g)));
    count('profile_only', Array.from(all.keys()).sort((a, b) => all[b]! - all[a]!), q);
  }
  return Object.entries(hits).map(([method, [top1, top10]]) => ({
    bench: 'search_heldout_xrd_to_structure', method, gallery: n, top1: +(top1 / n).toFixed(4), top10: +(top10 / n).toFixed(4),
    chance_top10: +(10 / n).toFixed(4), lattice_scale: aug.latticeScale,
  }));
}
