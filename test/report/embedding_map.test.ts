import { expect } from 'chai';
import { InputError } from '../../lib/errors.js';
import { buildEmbeddingMap, pcaProject, umapProject } from '../../lib/report/embedding_map.js';
import { Rng } from '../../lib/rng.js';

function cloud(n: number, d: number, seed: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
}

describe('2-D embedding maps', () => {
  it('finds the dominant axis of an elongated cloud and centres the projection', () => {
    const rng = new Rng(1);
    const data = Array.from({ length: 200 }, () => { const t = rng.normal(0, 10); return [t, t, rng.normal(0, 0.1), 5]; });
    const xy = pcaProject(data, 2);
    const mean = xy.reduce((s, p) => s + p[0]!, 0) / xy.length;
    expect(mean).to.be.closeTo(0, 1e-9);
    // The first coordinate is the centred projection on (1, 1, 0, 0)/√2, sign positive.
    const along = data.map((v) => (v[0]! + v[1]!) / Math.SQRT2);
    const centre = along.reduce((s, x) => s + x, 0) / along.length;
    along.forEach((a, i) => expect(xy[i]![0]!).to.be.closeTo(a - centre, 0.05));
    const var1 = xy.reduce((s, p) => s + p[0]! ** 2, 0), var2 = xy.reduce((s, p) => s + p[1]! ** 2, 0);
    expect(var1).to.be.greaterThan(100 * var2);
  });

  it('gives orthogonal PCA axes that preserve pairwise distances in a 2-D subspace', () => {
    const rng = new Rng(2);
    const data = Array.from({ length: 50 }, () => { const a = rng.normal(), b = rng.normal(0, 0.5); return [a + b, a - b, 2 * a]; });
    const xy = pcaProject(data, 2);
    const dist = (p: readonly number[], q: readonly number[]) => Math.hypot(...p.map((x, i) => x - q[i]!));
    for (let i = 1; i < 10; i++) expect(dist(xy[0]!, xy[i]!)).to.be.closeTo(dist(data[0]!, data[i]!), 1e-6);
  });

  it('repeats a UMAP map for the same seed and changes it for another', () => {
    const data = cloud(40, 8, 3);
    const a = umapProject(data, { seed: 7, nEpochs: 50 });
    expect(a).to.have.length(40);
    expect(a[0]).to.have.length(2);
    expect(umapProject(data, { seed: 7, nEpochs: 50 })).to.deep.equal(a);
    expect(umapProject(data, { seed: 8, nEpochs: 50 })).not.to.deep.equal(a);
  });

  it('keeps ids, modality and labels when building map points', () => {
    const records = cloud(5, 3, 4).map((vector, i) => ({ id: `m${i}`, modality: 'structure', vector, property: i, ...(i ? { crystal_system: 'cubic' } : {}) }));
    const points = buildEmbeddingMap(records, 'pca');
    expect(points.map((p) => p.id)).to.deep.equal(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(points[0]).not.to.have.property('crystal_system');
    expect(points[2]).to.include({ property: 2, crystal_system: 'cubic', modality: 'structure' });
  });

  it('rejects ragged, non-finite and too-small inputs', () => {
    expect(() => pcaProject([[1, 2], [3]])).to.throw(InputError, /dimensions/);
    expect(() => pcaProject([[1, Number.NaN]])).to.throw(InputError, /non-finite/);
    expect(() => umapProject([[1], [2]], { seed: 0 })).to.throw(InputError, /at least 3/);
  });
});
