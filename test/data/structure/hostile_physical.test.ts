import { expect } from 'chai';
import { MIN_INTERATOMIC_DISTANCE, StructureError, structureFromCif } from '../../../lib/data/structure/crystal.js';
import { parseSymmetryOp, SymmetryOpError } from '../../../lib/data/structure/symmetry_ops.js';
import { cifText } from '../../helpers/cif.js';

const cubic = (a: number, sites: [string, number, number, number, number?][], ops?: string[]) =>
  cifText({ cell: [a, a, a, 90, 90, 90], sites, ops });

describe('physically impossible structures', () => {
  it('refuses symmetry operations that divide by zero, scale or collapse the cell', () => {
    expect(() => parseSymmetryOp('x+1/0, y, z')).to.throw(SymmetryOpError, /division by zero/);
    expect(() => parseSymmetryOp('2x, y, z')).to.throw(SymmetryOpError, /determinant 2/);
    expect(() => parseSymmetryOp('x, x, z')).to.throw(SymmetryOpError, /determinant 0/);
    expect(() => parseSymmetryOp('1.5x, y, z')).to.throw(SymmetryOpError, /integer/);
    expect(parseSymmetryOp('-y, x-y, z+.5').translation[2]).to.equal(0.5);
  });

  it(`refuses atoms closer than ${MIN_INTERATOMIC_DISTANCE} Å, periodic images included`, () => {
    expect(() => structureFromCif(cubic(5, [['Na', 0, 0, 0], ['Cl', 0.06, 0, 0]]))).to.throw(StructureError, /0\.300 Å apart/);
    expect(() => structureFromCif(cubic(0.1, [['Na', 0, 0, 0]]))).to.throw(StructureError, /periodic image/);
    expect(structureFromCif(cubic(5, [['Na', 0, 0, 0], ['Cl', 0.2, 0, 0]])).natoms).to.equal(2);
  });

  it('accepts split positions of a disordered site closer than the minimum', () => {
    const s = structureFromCif(cubic(5, [['Li', 0, 0, 0, 0.5], ['Li', 0.06, 0, 0, 0.5], ['O', 0.5, 0.5, 0.5]]), { allowDisorder: true });
    expect(s.natoms).to.equal(3);
  });

  it('refuses coordinates that are not finite after symmetry expansion', () => {
    expect(() => structureFromCif(cubic(5, [['Na', 1.7e308, 1.7e308, 0]], ['x+y, y, z']))).to.throw(StructureError, /non-finite coordinates after symmetry expansion/);
    expect(() => structureFromCif(cubic(5, [['Na', 1e400, 0, 0]]))).to.throw(StructureError, /coordinates/);
  });
});
