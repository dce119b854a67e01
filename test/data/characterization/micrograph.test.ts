import { expect } from 'chai';
import { conventionalCell } from '../../../lib/data/structure/conventional_cell.js';
import { Site, Structure } from '../../../lib/data/structure/crystal.js';
import { elementBySymbol } from '../../../lib/data/chemistry/elements.js';
import { Lattice, Vec3 } from '../../../lib/data/structure/lattice.js';
import {
  DEFECT_KINDS, MicrographConfig, MicrographError, SHIFTED_MICROGRAPH_CONFIG, simulateMicrograph,
} from '../../../lib/data/characterization/micrograph.js';
import { ZoneAxis, primitiveZoneAxis, projectColumns } from '../../../lib/data/characterization/micrograph_columns.js';
import { applyDose, pixelOf, samplePosition } from '../../../lib/data/characterization/micrograph_render.js';
import { Rng } from '../../../lib/rng.js';

const site = (symbol: string, frac: Vec3): Site => ({ species: [{ element: elementBySymbol(symbol), occupancy: 1 }], frac, label: symbol });

function perovskite(): Structure {
  return new Structure(Lattice.fromParameters(3.905, 3.905, 3.905, 90, 90, 90), [
    site('Sr', [0, 0, 0]), site('Ti', [0.5, 0.5, 0.5]), site('O', [0.5, 0.5, 0]), site('O', [0.5, 0, 0.5]), site('O', [0, 0.5, 0.5]),
  ]);
}

/** No noise, no scan distortion: differences come from the defect alone. */
const CLEAN: Partial<MicrographConfig> = { dose: null, detectorNoise: 0, scanJitter: 0, drift: 0, cell: 'as-given', size: 96 };

/** Mean of the 3 × 3 pixels around a (fractional) pixel position. */
function around(image: Float32Array, size: number, [x, y]: readonly [number, number]): number {
  let sum = 0;
  for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum += image[(Math.round(y) + dy) * size + Math.round(x) + dx]!;
  return sum / 9;
}

function variance(values: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i]! / values.length;
  let v = 0;
  for (let i = 0; i < values.length; i++) v += (values[i]! - mean) ** 2 / (values.length - 1);
  return v;
}

describe('micrograph: STEM-HAADF-like images with point defects', () => {
  it('gives a [S, S] float32 image in [0, 1] with its label and a defect position near the centre', () => {
    for (const kind of DEFECT_KINDS) {
      const m = simulateMicrograph(perovskite(), kind, 11, { size: 64 });
      expect(m.image).to.be.instanceOf(Float32Array).with.length(64 * 64);
      expect(m.label).to.equal(kind);
      expect(Math.min(...m.image)).to.be.at.least(0);
      expect(Math.max(...m.image)).to.be.at.most(1).and.above(0.3);
      if (kind === 'pristine') expect(m.defectPixel).to.equal(null);
      else expect(Math.hypot(m.defectPixel![0] - 32, m.defectPixel![1] - 32)).to.be.below(0.12 * 64 + 4);
    }
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = simulateMicrograph(perovskite(), 'vacancy', 5, { size: 48 });
    const b = simulateMicrograph(perovskite(), 'vacancy', 5, { size: 48 });
    const c = simulateMicrograph(perovskite(), 'vacancy', 6, { size: 48 });
    expect(Array.from(b.image)).to.deep.equal(Array.from(a.image));
    expect(b.defectPixel).to.deep.equal(a.defectPixel);
    expect(Array.from(c.image)).to.not.deep.equal(Array.from(a.image));
  });

  it('shows a vacancy as a dimmer column and a heavier substitution as a brighter one', () => {
    for (const seed of [1, 2, 3, 4]) {
      const pristine = simulateMicrograph(perovskite(), 'pristine', seed, CLEAN);
      const vacancy = simulateMicrograph(perovskite(), 'vacancy', seed, CLEAN);
      const substitution = simulateMicrograph(perovskite(), 'substitution', seed, CLEAN);
      expect(vacancy.defectPixel).to.deep.equal(substitution.defectPixel);
      const at = vacancy.defectPixel!;
      expect(around(vacancy.image, 96, at), `seed ${seed}`).to.be.below(around(pristine.image, 96, at) - 0.005);
      expect(around(substitution.image, 96, at), `seed ${seed}`).to.be.above(around(pristine.image, 96, at) + 0.005);
    }
  });

  it('adds intensity between columns for an interstitial and leaves the rest of the image unchanged', () => {
    const pristine = simulateMicrograph(perovskite(), 'pristine', 8, CLEAN);
    const m = simulateMicrograph(perovskite(), 'interstitial', 8, CLEAN);
    expect(around(m.image, 96, m.defectPixel!)).to.be.above(around(pristine.image, 96, m.defectPixel!) + 0.01);
    const far = Array.from(m.image).filter((v, i) => Math.hypot((i % 96) - m.defectPixel![0], Math.floor(i / 96) - m.defectPixel![1]) > 30 && Math.abs(v - pristine.image[i]!) > 1e-6);
    expect(far).to.deep.equal([]);
  });

  it('swaps atoms of two elements for an antisite, and refuses antisites in an element', () => {
    const pristine = simulateMicrograph(perovskite(), 'pristine', 9, CLEAN);
    const m = simulateMicrograph(perovskite(), 'antisite', 9, CLEAN);
    const changed = Array.from(m.image).map((v, i) => v - pristine.image[i]!);
    expect(Math.max(...changed)).to.be.above(0.005);
    expect(Math.min(...changed)).to.be.below(-0.005);
    const copper = new Structure(Lattice.fromParameters(3.6, 3.6, 3.6, 90, 90, 90), [site('Cu', [0, 0, 0]), site('Cu', [0.5, 0.5, 0]), site('Cu', [0.5, 0, 0.5]), site('Cu', [0, 0.5, 0.5])]);
    expect(() => simulateMicrograph(copper, 'antisite', 1, CLEAN)).to.throw(MicrographError, /two elements/);
  });

  it('has Poisson shot noise: variance equal to the mean and proportional to the dose', () => {
    const flat = new Float64Array(40000).fill(0.5);
    const counts = [100, 200].map((perUnit) => applyDose(flat, perUnit, 0, new Rng(3)));
    const [v1, v2] = counts.map(variance);
    expect(v1! / 50).to.be.closeTo(1, 0.05);
    expect(v2! / v1!).to.be.closeTo(2, 0.1);
    const low = new Float64Array(40000).fill(0.05);
    expect(variance(applyDose(low, 100, 0, new Rng(4))) / 5).to.be.closeTo(1, 0.05);
  });

  it('makes image noise shrink as 1/dose', () => {
    const base = { ...CLEAN, size: 64 };
    const clean = simulateMicrograph(perovskite(), 'pristine', 2, base).image;
    const residual = (dose: number) => variance(simulateMicrograph(perovskite(), 'pristine', 2, { ...base, dose }).image.map((v, i) => v - clean[i]!));
    expect(residual(2e4) / residual(8e4)).to.be.closeTo(4, 0.4);
  });

  it('projects one atom per zone-axis repeat into each column, with V/|T| of area per column', () => {
    const cubic = new Structure(Lattice.fromParameters(4, 4, 4, 90, 90, 90), [site('Po', [0, 0, 0])]);
    for (const axis of [[0, 0, 1], [1, 1, 0], [1, 1, 1], [1, 2, 0], [2, 2, 0]] as ZoneAxis[]) {
      const geometry = { halfWidth: 30, thickness: 24, rotation: 0.4 };
      const { columns, repeats, repeat } = projectColumns(cubic, axis, geometry, [0.3, 0.1, 0.7], new Rng(1));
      const [u, v, w] = primitiveZoneAxis(axis);
      expect(repeat).to.be.closeTo(4 * Math.hypot(u, v, w), 1e-9);
      expect(columns.every((c) => c.atoms.length === repeats), `[${axis}]`).to.equal(true);
      expect(columns.length / (60 * 60 / (64 / repeat)), `[${axis}]`).to.be.closeTo(1, 0.08);
    }
  });

  it('reads zone axes in the conventional cell: rock salt [001] shows mixed Na–Cl columns a/2 apart', () => {
    const a = 5.64;
    const primitive = new Structure(new Lattice([0, a / 2, a / 2, a / 2, 0, a / 2, a / 2, a / 2, 0]), [site('Na', [0, 0, 0]), site('Cl', [0.5, 0.5, 0.5])]);
    const conventional = conventionalCell(primitive);
    expect(conventional.natoms).to.equal(8);
    const { columns, repeats } = projectColumns(conventional, [0, 0, 1], { halfWidth: 30, thickness: 12, rotation: 0.3 }, [0.1, 0.2, 0.3], new Rng(1));
    expect(repeats).to.equal(2);
    expect(columns.every((c) => c.atoms.filter((x) => x.Z === 11).length === 2 && c.atoms.length === 4)).to.equal(true);
    expect(columns.length / (60 * 60 / (a * a / 4))).to.be.closeTo(1, 0.05);
  });

  it('maps positions to pixels consistently with the jittered, drifting scan', () => {
    const rng = new Rng(1);
    const scan = { size: 64, pixelSize: 0.25, lineOffsets: Float64Array.from({ length: 64 }, () => rng.normal(0, 0.1)), drift: [0.8, -0.5] as const };
    const [x, y] = samplePosition(scan, 20, 37);
    const [col, row] = pixelOf(scan, x, y);
    expect(col).to.be.closeTo(37, 0.05);
    expect(row).to.be.closeTo(20, 0.05);
  });

  it('offers a shifted acquisition with another noise, probe and drift', () => {
    const a = simulateMicrograph(perovskite(), 'substitution', 4, { size: 64 });
    const b = simulateMicrograph(perovskite(), 'substitution', 4, { ...SHIFTED_MICROGRAPH_CONFIG, size: 64 });
    expect(b.label).to.equal('substitution');
    expect(Array.from(b.image)).to.not.deep.equal(Array.from(a.image));
    expect(() => simulateMicrograph(perovskite(), 'vacancy', 1, { dose: -1 })).to.throw(MicrographError);
    expect(() => simulateMicrograph(perovskite(), 'vacancy', 1, { zoneAxis: [0, 0, 0] })).to.throw(MicrographError);
  });
});
