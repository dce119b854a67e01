import { expect } from 'chai';
import { mpRow, pymatgenDictToCif } from '../../../lib/data/sources/mp_rows.js';
import { ResponseFormatError } from '../../../lib/data/sources/source_errors.js';
import { structureFromCif } from '../../../lib/data/structure/crystal.js';
import { pymatgenCsCl } from '../../helpers/source_fixtures.js';

describe('Materials Project rows', () => {
  it('turns a pymatgen Structure dict into a CIF, oxidation states and partial occupancy included', () => {
    const dict = pymatgenCsCl(4);
    (dict.sites as { species: unknown[] }[])[0]!.species = [{ element: 'Cs+', occu: 0.5 }, { element: 'Rb+', occu: 0.5 }];
    const s = structureFromCif(pymatgenDictToCif('mp-x', dict), { allowDisorder: true });
    expect(s.volume).to.be.closeTo(64, 1e-9);
    expect(s.sites[0]!.species.map((sp) => sp.element.symbol)).to.deep.equal(['Cs', 'Rb']);
    expect(() => pymatgenDictToCif('mp-y', { lattice: {} })).to.throw(ResponseFormatError, /mp-y: structure is not a pymatgen Structure dict/);
  });

  it('fills the MP-20 shape from a summary document', () => {
    const row = mpRow('summary', { material_id: 'mp-23', formula_pretty: 'CsCl', formation_energy_per_atom: -2, band_gap: 5, energy_above_hull: 0, elements: ['Cl', 'Cs'], symmetry: { number: 221 }, structure: pymatgenCsCl() }, 7);
    expect(row).to.include({ '': 7, material_id: 'mp-23', pretty_formula: 'CsCl', e_above_hull: 0, elements: "['Cl', 'Cs']", 'spacegroup.number': 221 });
  });

  it('reads moduli from the current {vrh} objects or older k_vrh/g_vrh fields and computes what is missing', () => {
    const current = mpRow('elasticity', { material_id: 'mp-1', bulk_modulus: { vrh: 17.5 }, shear_modulus: { vrh: 8 }, structure: pymatgenCsCl() }, 0);
    const legacy = mpRow('elasticity', { material_id: 'mp-1', k_vrh: 17.5, g_vrh: 8, structure: pymatgenCsCl() }, 0);
    expect(current).to.deep.equal(legacy);
    expect(current).to.include({ formula: 'CsCl', k_vrh_GPa: 17.5, g_vrh_GPa: 8, nsites: 2, spacegroup_number: 221 });
    expect(current.density_g_cm3).to.be.closeTo(((132.905 + 35.45) * 1.66054) / 4.12 ** 3, 1e-3);
  });
});
