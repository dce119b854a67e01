import { expect } from 'chai';
import { Structure, structureFromCif } from '../../../lib/data/structure/crystal.js';
import { Lattice } from '../../../lib/data/structure/lattice.js';
import { findNeighbors, NeighborList } from '../../../lib/data/structure/neighbors.js';
import { Rng } from '../../../lib/rng.js';
import { cesiumChloride, cifText, diamond, rockSalt } from '../../helpers/cif.js';

/** Every (centre, neighbour, image, distance) by looping over all images: the oracle. */
function bruteForce(s: Structure, cutoff: number): [number, number, string, number][][] {
  const cart = s.cartesianCoords();
  const range = s.lattice.perpendicularWidths.map((w) => Math.ceil(cutoff / w) + 1);
  return s.sites.map((_, a) => {
    const found: [number, number, string, number][] = [];
    for (let i = -range[0]!; i <= range[0]!; i++) for (let j = -range[1]!; j <= range[1]!; j++) for (let k = -range[2]!; k <= range[2]!; k++) {
      const t = s.lattice.toCartesian([i, j, k]);
      for (let b = 0; b < s.natoms; b++) {
        const d = Math.hypot(cart[3 * b]! + t[0] - cart[3 * a]!, cart[3 * b + 1]! + t[1] - cart[3 * a + 1]!, cart[3 * b + 2]! + t[2] - cart[3 * a + 2]!);
        if (d <= cutoff && d > 1e-8) found.push([a, b, `${i},${j},${k}`, d]);
      }
    }
    return found.sort((p, q) => p[3] - q[3]);
  });
}

function asSets(list: NeighborList): Set<string>[] {
  return Array.from({ length: list.natoms }, (_, a) => {
    const set = new Set<string>();
    for (let e = list.offsets[a]!; e < list.offsets[a + 1]!; e++) set.add(`${list.neighbors[e]}|${Array.from(list.images.subarray(3 * e, 3 * e + 3)).join(',')}`);
    return set;
  });
}

function shell(list: NeighborList, atom: number): number[] {
  return Array.from(list.distances.subarray(list.offsets[atom]!, list.offsets[atom + 1]!));
}

/** Random points (built directly: they may sit closer than the CIF reader's physical minimum). */
function randomStructure(seed: number, n: number, cell: [number, number, number, number, number, number]): Structure {
  const rng = new Rng(seed);
  const symbols = ['Li', 'O', 'Fe', 'P'];
  const element = (symbol: string) => structureFromCif(cifText({ cell: [5, 5, 5, 90, 90, 90], sites: [[symbol, 0, 0, 0]] })).sites[0]!.species[0]!.element;
  const sites = Array.from({ length: n }, (_, i) => ({
    species: [{ element: element(rng.pick(symbols)), occupancy: 1 }], label: `X${i}`,
    frac: [rng.uniform(), rng.uniform(), rng.uniform()] as [number, number, number],
  }));
  return new Structure(Lattice.fromParameters(...cell), sites);
}

describe('periodic neighbours', () => {
  it('gives rock salt 6 first neighbours at a/2, then 12 at a/√2', () => {
    const list = findNeighbors(structureFromCif(rockSalt(5.64)), 4.5);
    const d = shell(list, 0);
    expect(d.slice(0, 6).every((x) => Math.abs(x - 2.82) < 1e-9)).to.equal(true);
    expect(d[6]).to.be.closeTo(5.64 / Math.SQRT2, 1e-9);
    expect(d.filter((x) => Math.abs(x - 5.64 / Math.SQRT2) < 1e-6)).to.have.length(12);
  });

  it('gives CsCl 8 first neighbours at a√3/2', () => {
    const d = shell(findNeighbors(structureFromCif(cesiumChloride(4.12)), 4.2), 0);
    expect(d.slice(0, 8).every((x) => Math.abs(x - (4.12 * Math.sqrt(3)) / 2) < 1e-9)).to.equal(true);
    expect(d[8]).to.be.closeTo(4.12, 1e-9);
  });

  it('gives diamond 4 first neighbours at a√3/4', () => {
    const list = findNeighbors(structureFromCif(diamond(5.431)), 3.0);
    for (let a = 0; a < list.natoms; a++) {
      const d = shell(list, a);
      expect(d).to.have.length(4);
      d.forEach((x) => expect(x).to.be.closeTo((5.431 * Math.sqrt(3)) / 4, 1e-9));
    }
  });

  const oracleCases: [string, Structure, number][] = [
    ['a small cubic cell with a long cutoff', randomStructure(1, 3, [3.1, 3.1, 3.1, 90, 90, 90]), 8],
    ['a skewed triclinic cell', randomStructure(2, 7, [4.2, 5.5, 3.3, 62, 105, 118]), 7],
    ['a flat, strongly oblique cell', randomStructure(3, 5, [9, 2.5, 4, 90, 40, 90]), 6],
    ['a large cell', randomStructure(4, 60, [12, 13, 11, 88, 92, 95]), 5],
  ];
  for (const [name, s, cutoff] of oracleCases) {
    it(`finds exactly the brute-force neighbours in ${name}`, () => {
      const list = findNeighbors(s, cutoff);
      const oracle = bruteForce(s, cutoff);
      const got = asSets(list);
      oracle.forEach((pairs, a) => {
        expect(got[a]!.size, `atom ${a}`).to.equal(pairs.length);
        for (const [, b, image] of pairs) expect(got[a]!.has(`${b}|${image}`)).to.equal(true);
        shell(list, a).forEach((d, r) => expect(d).to.be.closeTo(pairs[r]![3], 1e-9));
      });
    });
  }

  it('sorts ties by neighbour index, then image, so the order is reproducible', () => {
    const list = findNeighbors(structureFromCif(cesiumChloride()), 4.0);
    const again = findNeighbors(structureFromCif(cesiumChloride()), 4.0);
    expect(Array.from(list.images)).to.deep.equal(Array.from(again.images));
    // The 8 equidistant Cl neighbours of Cs come in lexicographic image order.
    const images = Array.from({ length: 8 }, (_, e) => Array.from(list.images.subarray(3 * e, 3 * e + 3)));
    const lexLess = (p: number[], q: number[]) => { const i = p.findIndex((v, j) => v !== q[j]); return i >= 0 && p[i]! < q[i]!; };
    for (let e = 1; e < 8; e++) expect(lexLess(images[e - 1]!, images[e]!)).to.equal(true);
  });

  it('keeps an atom’s own periodic images as neighbours but never the atom itself', () => {
    const s = new Structure(Lattice.fromParameters(2, 2, 2, 90, 90, 90), [{ species: [{ element: structureFromCif(rockSalt()).sites[0]!.species[0]!.element, occupancy: 1 }], frac: [0, 0, 0], label: 'Na' }]);
    const list = findNeighbors(s, 2.5);
    expect(shell(list, 0).slice(0, 6).every((d) => Math.abs(d - 2) < 1e-12)).to.equal(true);
    expect(shell(list, 0).every((d) => d > 0)).to.equal(true);
  });

  it('rejects a non-positive cutoff', () => {
    expect(() => findNeighbors(structureFromCif(rockSalt()), 0)).to.throw(RangeError);
  });
});
