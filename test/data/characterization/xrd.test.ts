import { expect } from 'chai';
import { Site, Structure } from '../../../lib/data/structure/crystal.js';
import { elementBySymbol } from '../../../lib/data/chemistry/elements.js';
import { Lattice, Vec3 } from '../../../lib/data/structure/lattice.js';
import { scatteringFactor, scatteringParams } from '../../../lib/data/characterization/scattering_factors.js';
import {
  WAVELENGTHS, XrdError, XrdPattern, hklFamilies, lorentzPolarization, resolveWavelength, simulateXrd,
} from '../../../lib/data/characterization/xrd.js';

const CU_KA = 1.54184;

function site(symbols: string | Record<string, number>, frac: Vec3): Site {
  const species = typeof symbols === 'string'
    ? [{ element: elementBySymbol(symbols), occupancy: 1 }]
    : Object.entries(symbols).map(([s, occupancy]) => ({ element: elementBySymbol(s), occupancy }));
  return { species, frac, label: typeof symbols === 'string' ? symbols : Object.keys(symbols).join('') };
}

function cubic(a: number, sites: Site[]): Structure {
  return new Structure(Lattice.fromParameters(a, a, a, 90, 90, 90), sites);
}

const FCC: Vec3[] = [[0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]];
const fcc = (symbols: string | Record<string, number>, a: number) => cubic(a, FCC.map((f) => site(symbols, f)));

function rockSaltConventional(): Structure {
  return cubic(5.64, [...FCC.map((f) => site('Na', f)), ...FCC.map((f) => site('Cl', f.map((x) => (x + 0.5) % 1) as Vec3))]);
}

function rockSaltPrimitive(): Structure {
  const a = 5.64 / 2;
  return new Structure(new Lattice([0, a, a, a, 0, a, a, a, 0]), [site('Na', [0, 0, 0]), site('Cl', [0.5, 0.5, 0.5])]);
}

const sumSquares = (hkl: readonly number[]) => hkl.reduce((s, x) => s + x * x, 0);

function expectSamePattern(p: XrdPattern, q: XrdPattern): void {
  expect(q.peaks.length).to.equal(p.peaks.length);
  p.peaks.forEach((peak, i) => {
    expect(q.peaks[i]!.twoTheta).to.be.closeTo(peak.twoTheta, 1e-8);
    expect(q.peaks[i]!.intensity).to.be.closeTo(peak.intensity, 1e-6);
  });
}

describe('xrd: powder pattern simulation', () => {
  it('places the reflections of a simple cubic cell at the Bragg angles computed by hand', () => {
    const a = 4;
    const pattern = simulateXrd(cubic(a, [site('Po', [0, 0, 0])]), { wavelength: 'CuKa', twoThetaRange: [10, 80] });
    const expected = [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]
      .map((n) => (2 * Math.asin(CU_KA / (2 * (a / Math.sqrt(n)))) * 180) / Math.PI)
      .filter((t) => t <= 80);
    expect(pattern.peaks.map((p) => p.twoTheta)).to.have.length(expected.length);
    pattern.peaks.forEach((p, i) => expect(p.twoTheta).to.be.closeTo(expected[i]!, 1e-9));
    expect(pattern.peaks[0]!.d).to.be.closeTo(4, 1e-12);
    expect(pattern.peaks.slice(0, 3).map((p) => p.hkls.length)).to.deep.equal([6, 12, 8]);
  });

  it('finds only unmixed hkl (all even or all odd) for an fcc lattice', () => {
    const pattern = simulateXrd(fcc('Cu', 3.615), { twoThetaRange: [10, 100] });
    const firstHkls = pattern.peaks.map((p) => p.hkls[0]!);
    for (const hkl of firstHkls) {
      const parities = new Set(hkl.map((x) => Math.abs(x) % 2));
      expect(parities.size, `hkl ${hkl}`).to.equal(1);
    }
    expect(firstHkls.map(sumSquares)).to.deep.equal([3, 4, 8, 11, 12]);
  });

  it('finds only h + k + l even for a bcc lattice', () => {
    const pattern = simulateXrd(cubic(2.8665, [site('Fe', [0, 0, 0]), site('Fe', [0.5, 0.5, 0.5])]), { twoThetaRange: [10, 100] });
    for (const peak of pattern.peaks) {
      for (const hkl of peak.hkls) expect((hkl[0] + hkl[1] + hkl[2]) % 2).to.equal(0);
    }
    expect(pattern.peaks.map((p) => sumSquares(p.hkls[0]!))).to.deep.equal([2, 4, 6, 8]);
  });

  it('gives the same pattern for the primitive and the conventional cell of rock salt', () => {
    expectSamePattern(simulateXrd(rockSaltConventional()), simulateXrd(rockSaltPrimitive()));
  });

  it('is unchanged by a rotation of the lattice and by the order of the atoms', () => {
    const base = rockSaltPrimitive();
    const [c, s] = [Math.cos(0.7), Math.sin(0.7)];
    const rot = [c, -s, 0, s, c, 0, 0, 0, 1];
    const m = base.lattice.matrix;
    const rotated = Array.from({ length: 9 }, (_, k) => {
      const [i, j] = [Math.floor(k / 3), k % 3];
      return m[3 * i]! * rot[3 * j]! + m[3 * i + 1]! * rot[3 * j + 1]! + m[3 * i + 2]! * rot[3 * j + 2]!;
    });
    expectSamePattern(simulateXrd(base), simulateXrd(new Structure(new Lattice(rotated), base.sites)));
    const conv = rockSaltConventional();
    expectSamePattern(simulateXrd(conv), simulateXrd(new Structure(conv.lattice, [...conv.sites].reverse())));
  });

  it('matches a hand computation of scattering factor, multiplicity and Lorentz-polarisation, with occupancy-weighted sites', () => {
    const mixed = { Cu: 0.5, Ag: 0.5 };
    const a = 3.9;
    const pattern = simulateXrd(fcc(mixed, a), { wavelength: CU_KA });
    const raw = [[1, 1, 1, 8], [2, 0, 0, 6]].map(([h, k, l, mult]) => {
      const d = a / Math.sqrt(h! * h! + k! * k! + l! * l!);
      const theta = Math.asin(CU_KA / (2 * d));
      const s2 = 1 / (4 * d * d);
      const f = ['Cu', 'Ag'].reduce((sum, el) => sum + 0.5 * scatteringFactor(elementBySymbol(el).Z, scatteringParams(elementBySymbol(el)), s2), 0);
      return mult! * (4 * f) ** 2 * lorentzPolarization(theta);
    });
    expect(pattern.peaks[0]!.intensity).to.be.closeTo(100, 1e-9);
    expect(pattern.peaks[1]!.intensity).to.be.closeTo((100 * raw[1]!) / raw[0]!, 1e-6);
  });

  it('weakens high-angle peaks relative to low-angle ones with a Debye–Waller factor', () => {
    const cold = simulateXrd(fcc('Cu', 3.615));
    const hot = simulateXrd(fcc('Cu', 3.615), { debyeWaller: { Cu: 1.5 } });
    const last = cold.peaks.length - 1;
    expect(hot.peaks[last]!.intensity).to.be.below(cold.peaks[last]!.intensity * 0.8);
    expect(hot.peaks[0]!.intensity).to.equal(100);
  });

  it('reads radiation names and wavelengths in Å, and rejects unknown ones', () => {
    expect(resolveWavelength('CuKa')).to.equal(WAVELENGTHS.CuKa);
    expect(resolveWavelength('cu')).to.equal(1.54184);
    expect(resolveWavelength('MoKa')).to.equal(0.71073);
    expect(resolveWavelength('Mo K-alpha1')).to.equal(0.7093);
    expect(resolveWavelength('1.2')).to.equal(1.2);
    expect(resolveWavelength(0.5)).to.equal(0.5);
    expect(() => resolveWavelength('Unobtainium')).to.throw(XrdError);
    expect(() => resolveWavelength(-1)).to.throw(XrdError);
    expect(() => simulateXrd(fcc('Cu', 3.6), { twoThetaRange: [80, 10] })).to.throw(XrdError);
  });

  it('moves peaks to lower angles for a shorter wavelength', () => {
    const cu = simulateXrd(fcc('Cu', 3.615));
    const mo = simulateXrd(fcc('Cu', 3.615), { wavelength: 'MoKa' });
    expect(mo.peaks[0]!.twoTheta).to.be.below(cu.peaks[0]!.twoTheta);
    expect(mo.peaks[0]!.d).to.be.closeTo(cu.peaks[0]!.d, 1e-12);
  });

  it('scales every d spacing by the lattice scale', () => {
    const base = simulateXrd(fcc('Cu', 3.615));
    const shrunk = simulateXrd(fcc('Cu', 3.615), { latticeScale: 0.99 });
    shrunk.peaks.forEach((p, i) => expect(p.d).to.be.closeTo(0.99 * base.peaks[i]!.d, 1e-12));
    expect(() => simulateXrd(fcc('Cu', 3.615), { latticeScale: 0 })).to.throw(XrdError);
  });

  it('groups hkl into permutation families like pymatgen', () => {
    const fam = hklFamilies([[1, 0, 0], [0, -1, 0], [0, 0, 1], [1, 1, 0]]);
    expect(fam).to.deep.equal([{ hkl: [1, 0, 0], multiplicity: 3 }, { hkl: [1, 1, 0], multiplicity: 1 }]);
  });
});
