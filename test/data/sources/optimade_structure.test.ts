import { expect } from 'chai';
import { EntryConversionError, optimadeEntryToCif } from '../../../lib/data/sources/optimade_structure.js';
import { structureFromCif } from '../../../lib/data/structure/crystal.js';
import { spaceGroup } from '../../../lib/data/structure/spacegroup.js';
import { optimadeNaCl } from '../../helpers/source_fixtures.js';

describe('OPTIMADE entry → CIF', () => {
  it('turns Cartesian positions and lattice vectors into a P1 CIF the project parses (rock salt)', () => {
    const cif = optimadeEntryToCif({ id: 'mp-22862', attributes: optimadeNaCl(5.64) });
    const s = structureFromCif(cif);
    expect(s.reducedFormula()).to.equal('NaCl');
    expect(s.natoms).to.equal(2);
    expect(s.volume).to.be.closeTo(5.64 ** 3 / 4, 1e-6);
    expect(s.density).to.be.closeTo(2.1638, 1e-4);
    expect(s.sites[1]!.frac.map((x) => Number(x.toFixed(8)))).to.deep.equal([0.5, 0.5, 0.5]);
    expect(spaceGroup(s).number).to.equal(225);
  });

  it('gives partially occupied sites from species concentrations, a vacancy lowering the occupancy', () => {
    const attributes = optimadeNaCl(5.64, {
      species_at_sites: ['NaK', 'ClVac'],
      species: [
        { name: 'NaK', chemical_symbols: ['Na', 'K'], concentration: [0.75, 0.25] },
        { name: 'ClVac', chemical_symbols: ['Cl', 'vacancy'], concentration: [0.9, 0.1] },
      ],
    });
    const s = structureFromCif(optimadeEntryToCif({ id: 'x', attributes }), { allowDisorder: true });
    expect(s.natoms).to.equal(2);
    expect(s.sites[0]!.species.map((sp) => [sp.element.symbol, sp.occupancy])).to.deep.equal([['Na', 0.75], ['K', 0.25]]);
    expect(s.sites[1]!.species.map((sp) => [sp.element.symbol, sp.occupancy])).to.deep.equal([['Cl', 0.9]]);
  });

  it('reads site names as elements when the species list is absent', () => {
    const attributes = { ...optimadeNaCl(), species: undefined };
    expect(structureFromCif(optimadeEntryToCif({ id: 'x', attributes })).reducedFormula()).to.equal('NaCl');
  });

  it('names the reason an entry cannot be a periodic crystal', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [optimadeNaCl(5.64, { lattice_vectors: [[1, 0, 0], [0, 1, 0], [null, null, null]] }), /lattice_vectors/],
      [optimadeNaCl(5.64, { species_at_sites: ['Na'] }), /species_at_sites/],
      [optimadeNaCl(5.64, { species: [{ name: 'Na', chemical_symbols: ['X'], concentration: [1] }, { name: 'Cl', chemical_symbols: ['Cl'], concentration: [1] }] }), /unknown element 'X'/],
      [optimadeNaCl(5.64, { lattice_vectors: [[1, 0, 0], [2, 0, 0], [0, 0, 1]] }), /degenerate/],
    ];
    for (const [attributes, reason] of cases) {
      expect(() => optimadeEntryToCif({ id: 'x', attributes })).to.throw(EntryConversionError, reason);
    }
  });
});
