import { expect } from 'chai';
import { reducedFormula } from '../../../lib/data/chemistry/composition.js';
import { StructureError, structureFromCif, structuresFromCif } from '../../../lib/data/structure/crystal.js';
import { Lattice, LatticeError } from '../../../lib/data/structure/lattice.js';
import { spaceGroup } from '../../../lib/data/structure/spacegroup.js';
import { BCC_OPS, FCC_OPS, cesiumChloride, cifText, diamond, rockSalt } from '../../helpers/cif.js';

describe('lattices', () => {
  it('builds a cell from lengths and angles with the right volume and angles back', () => {
    const l = Lattice.fromParameters(4, 5, 6, 80, 95, 110);
    const [ca, cb, cg] = [80, 95, 110].map((d) => Math.cos((d * Math.PI) / 180));
    const expected = 4 * 5 * 6 * Math.sqrt(1 - ca! ** 2 - cb! ** 2 - cg! ** 2 + 2 * ca! * cb! * cg!);
    expect(l.volume).to.be.closeTo(expected, 1e-9);
    l.angles.forEach((a, i) => expect(a).to.be.closeTo([80, 95, 110][i]!, 1e-9));
    l.lengths.forEach((a, i) => expect(a).to.be.closeTo([4, 5, 6][i]!, 1e-12));
  });

  it('maps fractional to Cartesian and back', () => {
    const l = Lattice.fromParameters(3, 4, 5, 70, 80, 100);
    const f = l.toFractional(l.toCartesian([0.1, -0.7, 2.3]));
    [0.1, -0.7, 2.3].forEach((v, i) => expect(f[i]).to.be.closeTo(v, 1e-12));
  });

  it('rejects zero or negative lengths and angles that leave no volume', () => {
    expect(() => Lattice.fromParameters(0, 1, 1, 90, 90, 90)).to.throw(LatticeError, /not positive/);
    expect(() => Lattice.fromParameters(1, 1, 1, 120, 120, 120)).to.throw(LatticeError, /no volume/);
    expect(() => new Lattice([1, 0, 0, 2, 0, 0, 0, 0, 1])).to.throw(LatticeError, /degenerate/);
  });
});

describe('reduced formulas', () => {
  const f = (o: Record<string, number>) => reducedFormula(new Map(Object.entries(o)));
  it('orders by electronegativity and divides by the common factor', () => {
    expect(f({ O: 16, P: 4, Fe: 4, Li: 4 })).to.equal('LiFePO4');
    expect(f({ Cl: 4, Na: 4 })).to.equal('NaCl');
  });
  it('groups a trailing polyanion like pymatgen', () => {
    expect(f({ Na: 2, Li: 4, B: 2, P: 4, O: 16 })).to.equal('NaLi2B(PO4)2');
  });
  it('writes diatomic elements and peroxides doubled', () => {
    expect(f({ O: 8 })).to.equal('O2');
    expect(f({ Li: 2, O: 2 })).to.equal('Li2O2');
  });
  it('writes non-integer (disordered) compositions as they are', () => {
    expect(f({ Li: 0.5, La: 0.5, Ti: 1, O: 3 })).to.equal('Li0.5La0.5TiO3');
  });
});

describe('structures from CIF', () => {
  it('expands centring operations and merges the duplicate images', () => {
    const s = structureFromCif(rockSalt(5.64));
    expect(s.natoms).to.equal(8);
    expect(s.reducedFormula()).to.equal('NaCl');
    expect(s.volume).to.be.closeTo(5.64 ** 3, 1e-9);
    // 4 NaCl per cell: 4 × 58.443 u / 179.406 Å³ → 2.1638 g/cm³
    expect(s.density).to.be.closeTo((4 * (22.98976928 + 35.453) * 1.6605390666) / 5.64 ** 3, 1e-9);
  });

  it('merges a site on a special position to its true multiplicity', () => {
    const s = structureFromCif(cifText({ cell: [4, 4, 4, 90, 90, 90], ops: [...BCC_OPS, '-x, -y, -z', '-x+1/2, -y+1/2, -z+1/2'], sites: [['Fe', 0, 0, 0]] }));
    expect(s.natoms).to.equal(2);
  });

  it('finds the space groups of rock salt, CsCl and diamond', () => {
    expect(spaceGroup(structureFromCif(rockSalt())).number).to.equal(225);
    expect(spaceGroup(structureFromCif(cesiumChloride())).number).to.equal(221);
    expect(spaceGroup(structureFromCif(diamond())).number).to.equal(227);
  });

  it('finds the space group of a hexagonal cell (non-orthogonal axes)', () => {
    const hcp = cifText({ cell: [3.21, 3.21, 5.21, 90, 90, 120], sites: [['Mg', 1 / 3, 2 / 3, 0.25], ['Mg', 2 / 3, 1 / 3, 0.75]] });
    expect(spaceGroup(structureFromCif(hcp)).number).to.equal(194);
  });

  it('reports partial occupancy unless disorder is allowed, then mixes the species on one site', () => {
    const text = cifText({ cell: [3.9, 3.9, 3.9, 90, 90, 90], sites: [['La', 0, 0, 0, 0.5], ['Li', 0, 0, 0, 0.5], ['Ti', 0.5, 0.5, 0.5], ['O', 0.5, 0.5, 0], ['O', 0.5, 0, 0.5], ['O', 0, 0.5, 0.5]] });
    expect(() => structureFromCif(text)).to.throw(StructureError, /partial occupancy/);
    const s = structureFromCif(text, { allowDisorder: true });
    expect(s.natoms).to.equal(5);
    expect(s.sites[0]!.species.map((x) => [x.element.symbol, x.occupancy])).to.deep.equal([['La', 0.5], ['Li', 0.5]]);
    expect(s.isOrdered).to.equal(false);
  });

  it('rejects a site whose occupancies add up to more than one', () => {
    const text = cifText({ cell: [4, 4, 4, 90, 90, 90], sites: [['Na', 0, 0, 0, 0.8], ['K', 0, 0, 0, 0.8]] });
    expect(() => structureFromCif(text, { allowDisorder: true })).to.throw(StructureError, /occupancy 1.600 > 1/);
  });

  it('rejects unknown elements, missing cells, zero-volume cells and unreadable coordinates', () => {
    expect(() => structureFromCif(cifText({ cell: [4, 4, 4, 90, 90, 90], sites: [['Xx', 0, 0, 0]] }))).to.throw(StructureError, /unknown element 'Xx'/);
    expect(() => structureFromCif('data_a\nloop_\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nNa 0 0 0')).to.throw(StructureError, /cell lengths/);
    expect(() => structureFromCif(cifText({ cell: [0, 4, 4, 90, 90, 90], sites: [['Na', 0, 0, 0]] }))).to.throw(LatticeError);
    expect(() => structureFromCif(cifText({ cell: [4, 4, 4, 90, 90, 90], sites: [['Na', 0, '?' as unknown as number, 0]] }))).to.throw(StructureError, /coordinates/);
    expect(() => structuresFromCif('data_empty\n_cell_length_a 3')).to.throw(StructureError, /no data block/);
  });

  it('reads element symbols written with charges and odd case', () => {
    const s = structureFromCif(cifText({ cell: [4, 4, 4, 90, 90, 90], sites: [['Fe3+', 0, 0, 0], ['O2-', 0.5, 0.5, 0.5], ['CL', 0.5, 0, 0]] }));
    expect(s.sites.map((x) => x.species[0]!.element.symbol)).to.deep.equal(['Fe', 'O', 'Cl']);
  });

  it('makes supercells with the same density and formula', () => {
    const s = structureFromCif(rockSalt());
    const big = s.supercell(2, 1, 3);
    expect(big.natoms).to.equal(48);
    expect(big.density).to.be.closeTo(s.density, 1e-9);
    expect(big.reducedFormula()).to.equal('NaCl');
  });

  it('reads the FCC operations from the _space_group_symop tag too', () => {
    const text = rockSalt().replace('_symmetry_equiv_pos_as_xyz', '_space_group_symop_operation_xyz');
    expect(structureFromCif(text).natoms).to.equal(8);
    expect(FCC_OPS).to.have.length(4);
  });
});
