// The unified embedding of a material: its aligned embeddings of every modality a structure
// gives (structure, composition, simulated XRD, simulated micrograph — those the run
// trained), concatenated; and the composition embedding alone, which every row has.
import type { Modality } from '../config.js';
import type { AlignmentModel } from '../models/clip_model.js';
import type { BatchContext } from '../train/batches.js';
import { embedMaterials } from '../train/embedding.js';

/** Modalities computable from a structure, in concatenation order. */
export const STRUCTURE_DERIVED: readonly Modality[] = ['structure', 'composition', 'xrd', 'micrograph'];

export interface UnifiedEmbeddings {
  /** Modalities concatenated, in order; each contributes D columns. */
  readonly modalities: Modality[];
  /** Material index → [|modalities|·D] float32 (absent modalities are zero blocks); only materials with a structure. */
  readonly unified: Map<number, Float32Array>;
  /** Material index → [D] float32 composition embedding (every material). */
  readonly composition: Map<number, Float32Array>;
  /** Materials with a structure missing some modality (zero block used). */
  readonly incomplete: number;
}

/** Embeds `indices` (into ctx.features) with the run's towers and builds both views. */
export function unifiedEmbeddings(model: AlignmentModel, ctx: BatchContext, indices: readonly number[], chunk = 128): UnifiedEmbeddings {
  const modalities = STRUCTURE_DERIVED.filter((m) => model.config.modalities.includes(m));
  const D = model.config.dim;
  const emb = embedMaterials(model, ctx, indices, modalities, chunk);
  const unified = new Map<number, Float32Array>();
  const composition = new Map<number, Float32Array>();
  let incomplete = 0;
  indices.forEach((idx) => { if (ctx.features[idx]!.graph) unified.set(idx, new Float32Array(modalities.length * D)); });
  const filled = new Map<number, number>();
  modalities.forEach((m, block) => {
    const e = emb.get(m);
    if (!e) return;
    e.materials.forEach((pos, r) => {
      const idx = indices[pos]!;
      const row = e.values.subarray(r * D, (r + 1) * D);
      if (m === 'composition') composition.set(idx, Float32Array.from(row));
      const u = unified.get(idx);
      if (!u) return;
      u.set(row, block * D);
      filled.set(idx, (filled.get(idx) ?? 0) + 1);
    });
  });
  for (const idx of unified.keys()) if ((filled.get(idx) ?? 0) < modalities.length) incomplete++;
  return { modalities, unified, composition, incomplete };
}
