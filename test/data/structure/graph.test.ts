import { expect } from 'chai';
import { Structure, structureFromCif } from '../../../lib/data/structure/crystal.js';
import { batchGraphs, buildCrystalGraph, CrystalGraph, expandDistances, gaussianBasis, NODE_FEATURE_DIM } from '../../../lib/data/structure/graph.js';
import { Lattice } from '../../../lib/data/structure/lattice.js';
import { Rng } from '../../../lib/rng.js';
import { cifText, rockSalt } from '../../helpers/cif.js';

const CONFIG = { cutoff: 6, maxNeighbors: 12 };

function sampleStructure(): Structure {
  const rng = new Rng(7);
  const sites = Array.from({ length: 6 }, (_, i) => [['Li', 'Fe', 'P', 'O'][i % 4]!, rng.uniform(), rng.uniform(), rng.uniform()] as const);
  return structureFromCif(cifText({ cell: [4.8, 5.9, 6.3, 84, 97, 103], sites }));
}

/** Per atom: its K distances (rounded to 1e-6 Å) with the neighbour's Z, as sorted strings. */
function atomSignatures(g: CrystalGraph): string[] {
  return Array.from({ length: g.natoms }, (_, a) => {
    const entries: string[] = [];
    for (let r = 0; r < g.maxNeighbors; r++) {
      const e = a * g.maxNeighbors + r;
      if (g.neighborMask[e]) entries.push(`${g.neighborDistance[e]!.toFixed(4)}:${g.atomicNumbers[g.neighborIndex[e]!]}`);
    }
    return `${g.atomicNumbers[a]}|${entries.sort().join(',')}`;
  });
}

function rotated(s: Structure, axis: [number, number, number], angle: number): Structure {
  const [x, y, z] = axis.map((v) => v / Math.hypot(...axis)) as [number, number, number];
  const c = Math.cos(angle), sn = Math.sin(angle), t = 1 - c;
  const R = [t * x * x + c, t * x * y - sn * z, t * x * z + sn * y, t * x * y + sn * z, t * y * y + c, t * y * z - sn * x, t * x * z - sn * y, t * y * z + sn * x, t * z * z + c];
  const m = s.lattice.matrix;
  const rows = [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => R[3 * j]! * m[3 * i]! + R[3 * j + 1]! * m[3 * i + 1]! + R[3 * j + 2]! * m[3 * i + 2]!));
  return new Structure(new Lattice(rows), s.sites);
}

describe('crystal graphs', () => {
  const base = sampleStructure();
  const baseSig = atomSignatures(buildCrystalGraph(base, CONFIG));

  it('keeps the K nearest neighbours with their distances, masked past the cutoff', () => {
    const g = buildCrystalGraph(structureFromCif(rockSalt(5.64)), { cutoff: 3.0, maxNeighbors: 8 });
    expect(Array.from(g.neighborMask.subarray(0, 8))).to.deep.equal([1, 1, 1, 1, 1, 1, 0, 0]);
    expect(g.neighborDistance[0]).to.be.closeTo(2.82, 1e-6);
    expect(g.nodeFeatures.length).to.equal(8 * NODE_FEATURE_DIM);
  });

  it('is invariant to rotating the whole crystal', () => {
    expect(atomSignatures(buildCrystalGraph(rotated(base, [1, 2, -0.5], 1.1), CONFIG))).to.deep.equal(baseSig);
  });

  it('is invariant to translating every atom', () => {
    const moved = new Structure(base.lattice, base.sites.map((s) => ({ ...s, frac: s.frac.map((v, i) => (v + [0.31, -0.12, 0.77][i]! + 1) % 1) as [number, number, number] })));
    expect(atomSignatures(buildCrystalGraph(moved, CONFIG))).to.deep.equal(baseSig);
  });

  it('permutes with the atoms when the atom order changes', () => {
    const order = [3, 0, 5, 1, 4, 2];
    const permuted = new Structure(base.lattice, order.map((i) => base.sites[i]!));
    expect(atomSignatures(buildCrystalGraph(permuted, CONFIG))).to.deep.equal(order.map((i) => baseSig[i]));
  });

  it('gives every atom of a supercell the environment of its original', () => {
    const sig = atomSignatures(buildCrystalGraph(base.supercell(2, 1, 2), CONFIG));
    sig.forEach((s, i) => expect(s).to.equal(baseSig[i % base.natoms]));
  });

  it('expands distances in Gaussians centred on a grid, zero for padding', () => {
    const basis = gaussianBasis(0, 8, 41);
    expect(basis.width).to.be.closeTo(0.2, 1e-6);
    const out = expandDistances(Float32Array.from([2, 5]), Float32Array.from([1, 0]), basis);
    expect(out[10]).to.be.closeTo(1, 1e-6); // centre 2.0 Å
    expect(out[11]).to.be.closeTo(Math.exp(-1), 1e-6);
    expect(Array.from(out.subarray(41)).every((v) => v === 0)).to.equal(true);
  });

  it('batches graphs into padded arrays with global neighbour rows', () => {
    const g1 = buildCrystalGraph(structureFromCif(rockSalt()), CONFIG);
    const g2 = buildCrystalGraph(base, CONFIG);
    const batch = batchGraphs([g2, g1]);
    expect(batch.maxAtoms).to.equal(8);
    expect(Array.from(batch.atomMask.subarray(0, 8))).to.deep.equal([1, 1, 1, 1, 1, 1, 0, 0]);
    const K = CONFIG.maxNeighbors;
    // Second crystal's rows start at 8; its neighbour indices point there.
    expect(batch.neighborIndex[8 * K]).to.equal(8 + g1.neighborIndex[0]!);
    // Padded atoms point at themselves with zero mask.
    expect(batch.neighborIndex[7 * K]).to.equal(7);
    expect(batch.neighborMask[7 * K]).to.equal(0);
    expect(() => batchGraphs([g1], 4)).to.throw(RangeError, /maxAtoms/);
  });
});
