import { expect } from 'chai';
import { candidateProfiles, profileCosine, rankByProfile } from '../../lib/search/profile_match.js';
import { drawProfile } from '../../lib/data/paired/xrd_augment.js';

const peaks = (twoTheta: number[], intensity: number[]) => ({ twoTheta: Float64Array.from(twoTheta), intensity: Float64Array.from(intensity) });

describe('profile matching', () => {
  it('scores identical profiles 1, disjoint ones 0 and all-zero ones 0', () => {
    const a = drawProfile(peaks([30, 45], [100, 50]), 512, null, null);
    const b = drawProfile(peaks([60], [100]), 512, null, null);
    expect(profileCosine(a, a)).to.be.closeTo(1, 1e-6);
    expect(profileCosine(a, b)).to.be.below(0.01);
    expect(profileCosine(a, new Float32Array(512))).to.equal(0);
  });

  it('tolerates a 1 % lattice mismatch by trying lattice scales', () => {
    const query = drawProfile(peaks([30 * 1.01, 52 * 1.01, 70 * 1.01], [100, 60, 40]), 512, null, null);
    const candidate = { id: 'a', peaks_two_theta: [30, 52, 70], peaks_intensity: [100, 60, 40] };
    const unscaled = profileCosine(query, candidateProfiles(candidate, 512, [1])[0]!);
    const best = Math.max(...candidateProfiles(candidate, 512).map((p) => profileCosine(query, p)));
    expect(best).to.be.above(0.8);
    expect(best).to.be.above(unscaled + 0.3);
  });

  it('ranks candidates by profile similarity and scores candidates without peaks 0', () => {
    const query = drawProfile(peaks([35, 48], [100, 70]), 512, null, null);
    const ranked = rankByProfile(query, [
      { id: 'none', peaks_two_theta: [], peaks_intensity: [] },
      { id: 'other', peaks_two_theta: [35, 62], peaks_intensity: [100, 80] },
      { id: 'same', peaks_two_theta: [35, 48], peaks_intensity: [100, 70] },
    ], new Map());
    expect(ranked.map((r) => r.item.id)).to.deep.equal(['same', 'other', 'none']);
    expect(ranked[2]!.score).to.equal(0);
  });
});
