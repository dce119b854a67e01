import { expect } from 'chai';
import { writeP1Cif } from '../../../lib/data/sources/cif_writer.js';
import { structureFromCif } from '../../../lib/data/structure/crystal.js';
import { Lattice } from '../../../lib/data/structure/lattice.js';
import { spaceGroup } from '../../../lib/data/structure/spacegroup.js';
import { loadStructureTable } from '../../../lib/data/structure/structure_table.js';
import { sharedFile } from '../../helpers/shared_data.js';

describe('writeP1Cif', () => {
  it('writes a P1 CIF that the project reads back to the same cell and sites', () => {
    const lattice = new Lattice([4, 0, 0, 0, 5, 0, 1, 0, 6]);
    const cif = writeP1Cif('mp-1 test', lattice, [
      { frac: [0, 0, 0], species: [{ symbol: 'Ti', occupancy: 1 }] },
      { frac: [0.5, 0.5, 0.25], species: [{ symbol: 'O', occupancy: 1 }] },
    ]);
    expect(cif).to.match(/^data_mp-1_test$/m).and.match(/_symmetry_space_group_name_H-M\s+'P 1'/);
    const s = structureFromCif(cif);
    expect(s.natoms).to.equal(2);
    expect(s.volume).to.be.closeTo(lattice.volume, 1e-6);
    expect(s.lattice.lengths[2]).to.be.closeTo(Math.hypot(1, 0, 6), 1e-7);
    expect(s.sites[1]!.frac).to.deep.equal([0.5, 0.5, 0.25]);
    expect(s.reducedFormula()).to.equal('TiO');
  });

  it('writes a mixed site as one row per species that reads back as one disordered site', () => {
    const cif = writeP1Cif('mix', new Lattice([3, 0, 0, 0, 3, 0, 0, 0, 3]), [
      { frac: [0, 0, 0], species: [{ symbol: 'Fe', occupancy: 0.5 }, { symbol: 'Ni', occupancy: 0.5 }] },
    ]);
    const s = structureFromCif(cif, { allowDisorder: true });
    expect(s.natoms).to.equal(1);
    expect(s.sites[0]!.species.map((x) => [x.element.symbol, x.occupancy])).to.deep.equal([['Fe', 0.5], ['Ni', 0.5]]);
    expect(() => structureFromCif(cif)).to.throw(/partial occupancy/);
  });

  it('rewrites real MP elasticity structures without changing cell, sites or space group', async function () {
    const path = sharedFile('mp_elasticity/elasticity.csv.gz');
    if (!path) this.skip();
    const { rows } = await loadStructureTable(path!, { limit: 40 });
    for (const { id, structure: s } of rows) {
      const cif = writeP1Cif(id, s.lattice, s.sites.map((site) => ({ frac: site.frac, species: site.species.map((sp) => ({ symbol: sp.element.symbol, occupancy: sp.occupancy })) })));
      const back = structureFromCif(cif);
      expect(back.natoms, id).to.equal(s.natoms);
      expect(back.volume, id).to.be.closeTo(s.volume, 1e-5);
      expect(back.density, id).to.be.closeTo(s.density, 1e-6);
      expect(spaceGroup(back).number, id).to.equal(spaceGroup(s).number);
    }
  });
});
