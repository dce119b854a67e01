// Model input batches for a list of materials: each modality's batch holds only the
// materials that have it, with their positions in the list, so the loss can pair rows.
import type { AlignConfig, Modality } from '../config.js';
import { batchGraphs } from '../data/structure/graph.js';
import type { MaterialFeatures } from '../data/paired/features.js';
import { ELEMENT_FEATURE_DIM } from '../data/paired/features.js';
import { drawProfile } from '../data/paired/xrd_augment.js';
import type { SynthesisTokenizer } from '../data/synthesis/tokenizer.js';
import type { ModalityBatches } from '../models/clip_model.js';
import { Rng } from '../rng.js';

export interface MaterialBatch {
  readonly batches: Partial<ModalityBatches>;
  /** Modality → [b_m] position (0 … n−1) in the material list of each batch row. */
  readonly rows: Map<Modality, Int32Array>;
}

export interface BatchContext {
  readonly config: AlignConfig;
  readonly features: readonly MaterialFeatures[];
  readonly tokenizer: SynthesisTokenizer | null;
}

/** Whether material features have a modality. */
export function hasModality(f: MaterialFeatures, m: Modality, tokenizerReady = true): boolean {
  switch (m) {
    case 'structure': return f.graph !== null;
    case 'composition': return f.composition.elements.length > 0;
    case 'text': return tokenizerReady && f.texts.length > 0;
    case 'xrd': return f.peaks !== null;
    case 'micrograph': return f.micrographs.length > 0;
    default: return false;
  }
}

/**
 * Inputs of `modalities` for the materials `indices` (into ctx.features). With an rng,
 * training draws: augmented XRD, a random micrograph variant, a random linked description,
 * each material's from its own stream (rng forked by modality and material index), so a
 * step's inputs do not depend on how its batch is cut into micro-batches or worker parts;
 * without, evaluation inputs: plain XRD, micrograph variant 0, the first description.
 */
export function buildBatch(ctx: BatchContext, indices: readonly number[], modalities: readonly Modality[], rng: Rng | null): MaterialBatch {
  const batches: Partial<ModalityBatches> = {};
  const rows = new Map<Modality, Int32Array>();
  const d = ctx.config.data;
  for (const m of modalities) {
    const present: number[] = [];
    indices.forEach((idx, pos) => { if (hasModality(ctx.features[idx]!, m, ctx.tokenizer !== null)) present.push(pos); });
    if (present.length === 0) continue;
    const feats = present.map((pos) => ctx.features[indices[pos]!]!);
    const draw = (b: number) => rng!.fork(`${m}:${indices[present[b]!]!}`);
    rows.set(m, Int32Array.from(present));
    const B = feats.length;
    if (m === 'structure') batches.structure = batchGraphs(feats.map((f) => f.graph!));
    else if (m === 'composition') {
      const M = Math.max(...feats.map((f) => f.composition.elements.length));
      const elements = new Int32Array(B * M), fractions = new Float32Array(B * M), features = new Float32Array(B * M * ELEMENT_FEATURE_DIM);
      feats.forEach((f, b) => {
        elements.set(f.composition.elements, b * M);
        fractions.set(f.composition.fractions, b * M);
        features.set(f.composition.features, b * M * ELEMENT_FEATURE_DIM);
      });
      batches.composition = { batchSize: B, maxElements: M, elements, fractions, elementFeatures: features };
    } else if (m === 'text') {
      const texts = feats.map((f, b) => (rng ? draw(b).pick(f.texts) : f.texts[0]!));
      batches.text = ctx.tokenizer!.encodeBatch(texts, { maxLength: ctx.config.model.text.maxLength });
    } else if (m === 'xrd') {
      const P = d.xrdPoints;
      const values = new Float32Array(B * P);
      feats.forEach((f, b) => values.set(drawProfile(f.peaks!, P, rng ? d.xrdAugment : null, rng ? draw(b) : null), b * P));
      batches.xrd = { batchSize: B, points: P, values };
    } else if (m === 'micrograph') {
      const S = d.micrographSize;
      const pixels = new Float32Array(B * S * S);
      feats.forEach((f, b) => pixels.set(rng ? draw(b).pick(f.micrographs) : f.micrographs[0]!, b * S * S));
      batches.micrograph = { batchSize: B, size: S, pixels };
    }
  }
  return { batches, rows };
}
