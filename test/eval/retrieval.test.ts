import { expect } from 'chai';
import { retrievalTable } from '../../lib/eval/retrieval.js';

describe('cross-modal retrieval table', () => {
  const unit = (rows: number[][]) => Float32Array.from(rows.flat());

  it('scores every ordered pair over the materials that have both modalities', () => {
    // Materials 0..3; xrd lacks material 2. Perfectly aligned embeddings (identity-like).
    const structure = { materials: Int32Array.from([0, 1, 2, 3]), values: unit([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]), dim: 4 };
    const xrd = { materials: Int32Array.from([0, 1, 3]), values: unit([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]]), dim: 4 };
    const table = retrievalTable(new Map([['structure', structure], ['xrd', xrd]] as const), 1000, 0);
    expect(table.map((r) => `${r.query}>${r.target}`)).to.deep.equal(['structure>xrd', 'xrd>structure']);
    for (const r of table) {
      expect(r.n).to.equal(3);
      expect(r['R@1']).to.equal(1);
      expect(r.mean_rank).to.equal(1);
      expect(r['chance_R@10']).to.equal(1);
    }
  });

  it('ranks a swapped pair second and caps the gallery by a seeded sample', () => {
    const a = { materials: Int32Array.from([0, 1, 2]), values: unit([[1, 0], [0, 1], [0.6, 0.8]]), dim: 2 };
    const b = { materials: Int32Array.from([0, 1, 2]), values: unit([[0, 1], [1, 0], [0.6, 0.8]]), dim: 2 };
    const [r] = retrievalTable(new Map([['structure', a], ['text', b]] as const), 1000, 0);
    expect(r!['R@1']).to.be.closeTo(1 / 3, 1e-9);
    const capped = retrievalTable(new Map([['structure', a], ['text', b]] as const), 2, 0);
    expect(capped[0]!.n).to.equal(2);
  });
});
