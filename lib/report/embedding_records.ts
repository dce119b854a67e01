// Embedding-map records of one modality's embeddings: each material's vector with a numeric
// property (e.g. formation energy) and its crystal system, from the table's space-group
// number or, where the table has none, from the structure's symmetry.
import type { Modality } from '../config.js';
import type { PairedMaterial } from '../data/paired/materials.js';
import { crystalSystemOf } from '../data/structure/crystal_system.js';
import { spaceGroup } from '../data/structure/spacegroup.js';
import type { ModalityEmbeddings } from '../eval/retrieval.js';
import type { EmbeddingRecord } from './embedding_map.js';

function crystalSystem(m: PairedMaterial): string | undefined {
  let number = m.spacegroup;
  if (number === null && m.structure) {
    try { number = spaceGroup(m.structure).number; } catch { number = null; }
  }
  return number !== null && Number.isInteger(number) && number >= 1 && number <= 230 ? crystalSystemOf(number) : undefined;
}

/**
 * Records of `modality`'s embeddings, where `materials[i]` is the material of embedding
 * material index i (ModalityEmbeddings.materials holds such indices); `property` names the
 * numeric column coloured by (absent or non-finite values are left out of that colouring).
 */
export function embeddingRecords(
  embeddings: ReadonlyMap<Modality, ModalityEmbeddings>, modality: Modality, materials: readonly PairedMaterial[], property?: string,
): EmbeddingRecord[] {
  const e = embeddings.get(modality);
  if (!e) return [];
  return Array.from(e.materials, (mi, row) => {
    const m = materials[mi]!;
    const value = property !== undefined ? m.properties[property] : undefined;
    const system = crystalSystem(m);
    return {
      id: m.id, modality,
      vector: Array.from(e.values.subarray(row * e.dim, (row + 1) * e.dim)),
      ...(value !== undefined && Number.isFinite(value) ? { property: value } : {}),
      ...(system ? { crystal_system: system } : {}),
    };
  });
}
