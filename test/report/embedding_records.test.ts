import { expect } from 'chai';
import type { Modality } from '../../lib/config.js';
import type { PairedMaterial } from '../../lib/data/paired/materials.js';
import { structuresFromCif } from '../../lib/data/structure/crystal.js';
import type { ModalityEmbeddings } from '../../lib/eval/retrieval.js';
import { embeddingRecords } from '../../lib/report/embedding_records.js';
import { rockSalt } from '../helpers/cif.js';

function material(id: string, spacegroup: number | null, properties: Record<string, number>, withStructure = false): PairedMaterial {
  return {
    id, key: `C:${id}`, formula: 'NaCl', composition: new Map([['Na', 1], ['Cl', 1]]),
    structure: withStructure ? structuresFromCif(rockSalt())[0]! : null, recipes: [], source: 't', spacegroup, properties, fields: {},
  };
}

describe('embedding-map records', () => {
  const materials = [
    material('a', 62, { formation_energy_per_atom: -1.5 }),
    material('b', null, { formation_energy_per_atom: Number.NaN }, true),
    material('c', null, {}),
  ];
  // Materials 2 and 0 have structure embeddings (D = 2), in that row order.
  const embeddings = new Map<Modality, ModalityEmbeddings>([['structure', { materials: Int32Array.from([2, 0]), values: Float32Array.from([1, 0, 0, 1]), dim: 2 }]]);

  it('pairs each embedding row with its material, property and crystal system', () => {
    const records = embeddingRecords(embeddings, 'structure', materials, 'formation_energy_per_atom');
    expect(records).to.deep.equal([
      { id: 'c', modality: 'structure', vector: [1, 0] },
      { id: 'a', modality: 'structure', vector: [0, 1], property: -1.5, crystal_system: 'orthorhombic' },
    ]);
  });

  it('finds the crystal system from the structure where the table has no space group, and drops non-finite properties', () => {
    const one = new Map<Modality, ModalityEmbeddings>([['structure', { materials: Int32Array.from([1]), values: Float32Array.from([1, 0]), dim: 2 }]]);
    expect(embeddingRecords(one, 'structure', materials, 'formation_energy_per_atom')).to.deep.equal([{ id: 'b', modality: 'structure', vector: [1, 0], crystal_system: 'cubic' }]);
  });

  it('gives no records for a modality without embeddings', () => {
    expect(embeddingRecords(embeddings, 'xrd', materials)).to.deep.equal([]);
  });
});
