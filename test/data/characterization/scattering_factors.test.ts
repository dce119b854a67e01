import { expect } from 'chai';
import { elementBySymbol } from '../../../lib/data/chemistry/elements.js';
import { ScatteringFactorError, hasScatteringParams, scatteringFactor, scatteringParams } from '../../../lib/data/characterization/scattering_factors.js';

describe('scattering_factors: atomic X-ray form factors', () => {
  it('equals Z in the forward direction and falls off with sin θ / λ', () => {
    for (const symbol of ['H', 'O', 'Fe', 'Ba', 'U']) {
      const e = elementBySymbol(symbol);
      const p = scatteringParams(e);
      expect(scatteringFactor(e.Z, p, 0)).to.equal(e.Z);
      const values = [0.05, 0.1, 0.2, 0.4].map((s2) => scatteringFactor(e.Z, p, s2));
      values.slice(1).forEach((v, i) => expect(v, symbol).to.be.below(values[i]!));
    }
  });

  it('agrees with the Cromer–Mann parameterisation within 2 % up to sin θ / λ = 0.6 Å⁻¹', () => {
    // International Tables for Crystallography Vol. C, Table 6.1.1.4: f = Σ aᵢ exp(−bᵢ s²) + c.
    const cromerMann: Record<string, number[]> = {
      Cu: [13.338, 3.5828, 7.1676, 0.247, 5.6158, 11.3966, 1.6735, 64.8126, 1.191],
      O: [3.0485, 13.2771, 2.2868, 5.7011, 1.5463, 0.3239, 0.867, 32.9089, 0.2508],
    };
    for (const [symbol, c] of Object.entries(cromerMann)) {
      const e = elementBySymbol(symbol);
      for (const s of [0.1, 0.3, 0.5, 0.6]) {
        const reference = [0, 2, 4, 6].reduce((sum, i) => sum + c[i]! * Math.exp(-c[i + 1]! * s * s), c[8]!);
        expect(scatteringFactor(e.Z, scatteringParams(e), s * s), `${symbol} s=${s}`).to.be.closeTo(reference, 0.02 * reference);
      }
    }
  });

  it('covers the elements up to Cf and names those it lacks', () => {
    expect(hasScatteringParams(elementBySymbol('Cf'))).to.equal(true);
    expect(hasScatteringParams(elementBySymbol('Es'))).to.equal(false);
    expect(() => scatteringParams(elementBySymbol('Es'))).to.throw(ScatteringFactorError, /Es/);
  });
});
