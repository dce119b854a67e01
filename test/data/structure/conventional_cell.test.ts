import { expect } from 'chai';
import { conventionalCell } from '../../../lib/data/structure/conventional_cell.js';
import { Structure } from '../../../lib/data/structure/crystal.js';
import { elementBySymbol } from '../../../lib/data/chemistry/elements.js';
import { Lattice } from '../../../lib/data/structure/lattice.js';

describe('conventional_cell: the standard cell for zone axes', () => {
  it('turns the primitive cell of fcc copper into its 4-atom cube', () => {
    const a = 3.615;
    const cu = { species: [{ element: elementBySymbol('Cu'), occupancy: 1 }], frac: [0, 0, 0] as [number, number, number], label: 'Cu' };
    const primitive = new Structure(new Lattice([0, a / 2, a / 2, a / 2, 0, a / 2, a / 2, a / 2, 0]), [cu]);
    const conventional = conventionalCell(primitive);
    expect(conventional.natoms).to.equal(4);
    conventional.lattice.lengths.forEach((x) => expect(x).to.be.closeTo(a, 1e-6));
    conventional.lattice.angles.forEach((x) => expect(x).to.be.closeTo(90, 1e-6));
    expect(conventional.volume).to.be.closeTo(4 * primitive.volume, 1e-6);
    expect(conventional.sites.every((s) => s.species[0]!.element.symbol === 'Cu')).to.equal(true);
  });
});
