import { expect } from 'chai';
import { omittedSection, slug } from '../../lib/report/report_blocks.js';

describe('report section helpers', () => {
  it('makes file-name-safe slugs', () => {
    expect(slug('log10 K_VRH (GPa)')).to.equal('log10_k_vrh_gpa');
    expect(slug('→')).to.equal('x');
  });

  it('gives an omitted section a single note naming what is missing', () => {
    expect(omittedSection('s', 'Synthesis', 'no synthesis metrics were given').blocks).to.deep.equal([{ kind: 'note', text: 'Omitted: no synthesis metrics were given.' }]);
  });
});
