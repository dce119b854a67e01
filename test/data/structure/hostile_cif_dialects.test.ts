import { expect } from 'chai';
import { structureFromCif, structuresFromCif } from '../../../lib/data/structure/crystal.js';
import { parseCifBlocks } from '../../../lib/data/structure/cif.js';
import { writeTemp } from '../../helpers/hostile_fixtures.js';
import { runMain } from '../../helpers/run_main.js';

const CELL = ['_cell_length_a 4.0', '_cell_length_b 4.0', '_cell_length_c 4.0', '_cell_angle_alpha 90', '_cell_angle_beta 90', '_cell_angle_gamma 90'];
const block = (name: string, ...rest: string[]) => [`data_${name}`, ...CELL, ...rest].join('\n') + '\n';
const SITES = ['loop_', '_atom_site_label', '_atom_site_type_symbol', '_atom_site_fract_x', '_atom_site_fract_y', '_atom_site_fract_z', '_atom_site_occupancy'];

describe('real-world CIF dialects', () => {
  it('reads numbers written .5 and -.25 and treats ? and . as unknown values', () => {
    const s = structureFromCif(block('a', ...SITES, 'Cs1 Cs 0 0 0 ?', 'Cl1 . .5 .5 -.25 .'));
    expect(s.sites.map((x) => x.species[0]!.element.symbol)).to.deep.equal(['Cs', 'Cl']);
    expect([...s.sites[1]!.frac]).to.deep.equal([0.5, 0.5, 0.75]);
    expect(s.isOrdered).to.equal(true);
  });

  it('reads a value on the line after its tag and an unquoted value containing spaces', () => {
    const text = ['data_b', '_cell_length_a', '4.0', ...CELL.slice(1), '_symmetry_space_group_name_H-M P m -3 m', ...SITES, 'Cs1 Cs 0 0 0 1'].join('\n');
    const [b] = parseCifBlocks(text);
    expect(b!.items.get('_symmetry_space_group_name_h-m')).to.equal('P m -3 m');
    expect(structureFromCif(text).lattice.lengths[0]).to.be.closeTo(4, 1e-12);
  });

  it('reads the complete rows of a ragged atom loop and reports the rest', () => {
    const s = structureFromCif(block('c', ...SITES, 'Cs1 Cs 0 0 0 1', 'Cl1 Cl 0.5 0.5 0.5 1', 'O1 O 0.25'));
    expect(s.natoms).to.equal(2);
    expect(s.warnings.join()).to.match(/incomplete row of 3 values, left out/);
  });

  it('keeps a structure with implicit hydrogens and says they are not placed', () => {
    const s = structureFromCif(block('d', ...SITES, '_atom_site_attached_hydrogens', 'O1 O 0 0 0 1 2', 'C1 C 0.5 0.5 0.5 1 1'));
    expect(s.natoms).to.equal(2);
    expect(s.warnings.join()).to.match(/3 implicit hydrogen atoms/);
  });

  it('reads a UTF-8 byte-order mark and several data blocks, honouring --limit', async () => {
    const text = '\uFEFF' + block('one', ...SITES, 'Cs1 Cs 0 0 0 1') + block('two', ...SITES, 'Na1 Na 0 0 0 1') + block('three', ...SITES, 'K1 K 0 0 0 1');
    expect(structuresFromCif(text).map((s) => s.id)).to.deep.equal(['one', 'two', 'three']);
    const r = await runMain(['structure', writeTemp('multi.cif', text), '--limit', '2', '--json']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).id)).to.deep.equal(['one', 'two']);
  });

  it('skips a bad data block with its reason and keeps the good ones', async () => {
    const text = block('good', ...SITES, 'Cs1 Cs 0 0 0 1') + block('bad', ...SITES, 'Xq1 Xq 0 0 0 1');
    const r = await runMain(['structure', writeTemp('mixed.cif', text), '--json']);
    expect(r.code).to.equal(0);
    expect(JSON.parse(r.stdout).id).to.equal('good');
    expect(r.stderr).to.match(/bad: unknown element 'Xq'/);
  });
});
