// Embeddings of many materials in every modality they have, in fixed-size chunks, without
// augmentation (evaluation inputs).
import type { Modality } from '../config.js';
import { tf } from '../env.js';
import type { ModalityEmbeddings } from '../eval/retrieval.js';
import type { AlignmentModel, ModalityBatches } from '../models/clip_model.js';
import { BatchContext, buildBatch } from './batches.js';

/** Modality → embeddings of the materials `indices` (material index = position in `indices`). */
export function embedMaterials(
  model: AlignmentModel, ctx: BatchContext, indices: readonly number[], modalities: readonly Modality[], chunk = 128,
  onProgress?: (done: number, total: number) => void,
): Map<Modality, ModalityEmbeddings> {
  const parts = new Map<Modality, { materials: number[]; values: Float32Array[] }>();
  for (let start = 0; start < indices.length; start += chunk) {
    const batch = buildBatch(ctx, indices.slice(start, start + chunk), modalities, null);
    for (const [m, rows] of batch.rows) {
      collect(parts, m, start, rows, tf.tidy(() => model.embed(m, batch.batches[m] as ModalityBatches[typeof m]).dataSync() as Float32Array));
    }
    onProgress?.(Math.min(indices.length, start + chunk), indices.length);
  }
  return assemble(parts, modalities, model.config.dim);
}

/** embedMaterials with asynchronous read-back (every backend, WebGPU included). */
export async function embedMaterialsAsync(
  model: AlignmentModel, ctx: BatchContext, indices: readonly number[], modalities: readonly Modality[], chunk = 128,
  onProgress?: (done: number, total: number) => void,
): Promise<Map<Modality, ModalityEmbeddings>> {
  const parts = new Map<Modality, { materials: number[]; values: Float32Array[] }>();
  for (let start = 0; start < indices.length; start += chunk) {
    const batch = buildBatch(ctx, indices.slice(start, start + chunk), modalities, null);
    for (const [m, rows] of batch.rows) {
      const z = model.embed(m, batch.batches[m] as ModalityBatches[typeof m]);
      collect(parts, m, start, rows, (await z.data()) as Float32Array);
      z.dispose();
    }
    onProgress?.(Math.min(indices.length, start + chunk), indices.length);
  }
  return assemble(parts, modalities, model.config.dim);
}

type Parts = Map<Modality, { materials: number[]; values: Float32Array[] }>;

function collect(parts: Parts, m: Modality, start: number, rows: Int32Array, values: Float32Array): void {
  const entry = parts.get(m) ?? { materials: [], values: [] };
  rows.forEach((pos) => entry.materials.push(start + pos));
  entry.values.push(values);
  parts.set(m, entry);
}

function assemble(parts: Parts, modalities: readonly Modality[], D: number): Map<Modality, ModalityEmbeddings> {
  const out = new Map<Modality, ModalityEmbeddings>();
  for (const m of modalities) {
    const entry = parts.get(m);
    if (!entry) continue;
    const values = new Float32Array(entry.materials.length * D);
    let o = 0;
    for (const v of entry.values) { values.set(v, o); o += v.length; }
    out.set(m, { materials: Int32Array.from(entry.materials), values, dim: D });
  }
  return out;
}
