import { expect } from 'chai';
import { crystalSystemOf } from '../../../lib/data/structure/crystal_system.js';
import { InputError } from '../../../lib/errors.js';

describe('crystal system of a space-group number', () => {
  it('places the first and last group of every system', () => {
    const bounds: [number, string][] = [
      [1, 'triclinic'], [2, 'triclinic'], [3, 'monoclinic'], [15, 'monoclinic'], [16, 'orthorhombic'], [74, 'orthorhombic'],
      [75, 'tetragonal'], [142, 'tetragonal'], [143, 'trigonal'], [167, 'trigonal'], [168, 'hexagonal'], [194, 'hexagonal'],
      [195, 'cubic'], [230, 'cubic'],
    ];
    for (const [n, system] of bounds) expect(crystalSystemOf(n), `group ${n}`).to.equal(system);
  });

  it('knows familiar structures: rock salt Fm-3m (225), wurtzite P6_3mc (186), rutile P4_2/mnm (136)', () => {
    expect(crystalSystemOf(225)).to.equal('cubic');
    expect(crystalSystemOf(186)).to.equal('hexagonal');
    expect(crystalSystemOf(136)).to.equal('tetragonal');
  });

  it('rejects numbers outside 1–230 and non-integers', () => {
    for (const n of [0, 231, 12.5, NaN]) expect(() => crystalSystemOf(n)).to.throw(InputError, /1–230/);
  });
});
