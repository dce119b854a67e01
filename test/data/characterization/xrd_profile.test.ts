import { expect } from 'chai';
import { Site, Structure } from '../../../lib/data/structure/crystal.js';
import { elementBySymbol } from '../../../lib/data/chemistry/elements.js';
import { Lattice, Vec3 } from '../../../lib/data/structure/lattice.js';
import { simulateXrd } from '../../../lib/data/characterization/xrd.js';
import { XrdProfileCache, broadenPeaks, maxNormalize, twoThetaGrid, xrdProfile } from '../../../lib/data/characterization/xrd_profile.js';

const FCC: Vec3[] = [[0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]];
const fcc = (symbol: string, a: number) => new Structure(
  Lattice.fromParameters(a, a, a, 90, 90, 90),
  FCC.map((frac): Site => ({ species: [{ element: elementBySymbol(symbol), occupancy: 1 }], frac, label: symbol })),
);

describe('xrd_profile: patterns on a fixed 2θ grid', () => {
  it('gives a [P] float32 profile in [0, 1] with the strongest peak at its 2θ', () => {
    const structure = fcc('Cu', 3.615);
    const profile = xrdProfile(structure, {}, { points: 3501, shape: 'gaussian' });
    const grid = twoThetaGrid({ points: 3501 });
    expect(profile).to.be.instanceOf(Float32Array).with.length(3501);
    expect(grid[0]).to.equal(10);
    expect(grid[3500]).to.be.closeTo(80, 1e-9);
    const top = profile.indexOf(Math.max(...profile));
    expect(profile[top]).to.equal(1);
    expect(grid[top]).to.be.closeTo(simulateXrd(structure).peaks[0]!.twoTheta, 0.02);
    expect(Math.min(...profile)).to.be.at.least(0);
  });

  it('draws peaks with the configured full width at half maximum', () => {
    for (const shape of ['gaussian', 'pseudo-voigt'] as const) {
      const profile = broadenPeaks([45], [1], { twoThetaRange: [40, 50], points: 10001, fwhm: 0.3, shape, eta: 0.5 });
      const above = profile.filter((v) => v >= 0.5).length;
      expect(above * 0.001, shape).to.be.closeTo(0.3, 0.003);
    }
  });

  it('divides by the maximum and leaves all-zero signals at zero', () => {
    expect(Array.from(maxNormalize([0, 2, 4]))).to.deep.equal([0, 0.5, 1]);
    expect(Array.from(maxNormalize([0, 0]))).to.deep.equal([0, 0]);
  });

  it('is deterministic and served from a content-keyed cache', () => {
    const cache = new XrdProfileCache(4);
    const a = cache.profile(fcc('Cu', 3.615));
    const b = cache.profile(fcc('Cu', 3.615));
    expect(b).to.equal(a);
    expect(cache.size).to.equal(1);
    expect(Array.from(xrdProfile(fcc('Cu', 3.615)))).to.deep.equal(Array.from(a));
    cache.profile(fcc('Cu', 3.7));
    expect(cache.size).to.equal(2);
  });
});
