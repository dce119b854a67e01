import { expect } from 'chai';
import { Lattice } from '../../../lib/data/structure/lattice.js';
import { enumerateReflections } from '../../../lib/data/characterization/xrd_reflections.js';

/** Every (h, k, l) in a generous box whose |g| lies in [gmin, gmax], one of each ± pair. */
function bruteForce(lattice: Lattice, gmin: number, gmax: number): string[] {
  const b = lattice.reciprocalMatrix;
  const out: string[] = [];
  for (let h = -30; h <= 30; h++) for (let k = -30; k <= 30; k++) for (let l = -30; l <= 30; l++) {
    const upper = h > 0 || (h === 0 && (k > 0 || (k === 0 && l > 0)));
    if (!upper) continue;
    const g = [0, 1, 2].map((i) => h * b[i]! + k * b[3 + i]! + l * b[6 + i]!);
    const n = Math.hypot(g[0]!, g[1]!, g[2]!);
    if (n >= gmin && n <= gmax) out.push(`${h},${k},${l}`);
  }
  return out.sort();
}

describe('xrd_reflections: reciprocal-lattice points in a shell', () => {
  it('finds exactly the points a brute-force search finds, for a skewed triclinic cell', () => {
    const lattice = Lattice.fromParameters(3.1, 4.7, 6.3, 71, 103, 118);
    const r = enumerateReflections(lattice, 0.2, 0.9);
    const found = Array.from({ length: r.count }, (_, i) => `${r.h[i]},${r.k[i]},${r.l[i]}`).sort();
    expect(found).to.deep.equal(bruteForce(lattice, 0.2, 0.9));
    for (let i = 0; i < r.count; i++) expect(r.g[i]).to.be.within(0.2, 0.9);
  });

  it('gives |g| = 1/d of a cubic cell', () => {
    const r = enumerateReflections(Lattice.fromParameters(4, 4, 4, 90, 90, 90), 0, 0.26);
    expect(r.count).to.equal(3);
    for (let i = 0; i < r.count; i++) expect(r.g[i]).to.be.closeTo(0.25, 1e-12);
  });
});
