import { expect } from 'chai';
import { CifSyntaxError, cifNumber, parseCifBlocks, tokenizeCif } from '../../../lib/data/structure/cif.js';

describe('CIF syntax', () => {
  it('reads numbers with standard uncertainties and treats ? and . as missing', () => {
    expect(cifNumber('1.234(5)')).to.equal(1.234);
    expect(cifNumber('-0.5e-2')).to.equal(-0.005);
    expect(cifNumber('.25')).to.equal(0.25);
    expect(cifNumber('?')).to.be.NaN;
    expect(cifNumber('.')).to.be.NaN;
    expect(cifNumber('abc')).to.be.NaN;
  });

  it('keeps quoted values with spaces and inner apostrophes, and multi-line text fields', () => {
    const text = [
      'data_x', "_name 'P 1'", `_title "O'Brien's cell"`, "_odd 'it''s'", '_text', ';first line', 'second line', ';',
      '_after 3 # comment',
    ].join('\n');
    const [block] = parseCifBlocks(text);
    expect(block!.items.get('_name')).to.equal('P 1');
    expect(block!.items.get('_title')).to.equal("O'Brien's cell");
    expect(block!.items.get('_text')).to.equal('first line\nsecond line');
    expect(block!.items.get('_after')).to.equal('3');
  });

  it('reads loops row by row with case-insensitive tags and several data blocks', () => {
    const text = 'data_a\nloop_\n_X\n_y\n1 2\n3 4\ndata_b\n_cell_length_a 3';
    const blocks = parseCifBlocks(text);
    expect(blocks.map((b) => b.name)).to.deep.equal(['a', 'b']);
    expect(blocks[0]!.loops[0]!.tags).to.deep.equal(['_x', '_y']);
    expect(blocks[0]!.loops[0]!.rows).to.deep.equal([['1', '2'], ['3', '4']]);
  });

  it('keeps the complete rows of a ragged loop and reports the values left over, naming the line', () => {
    const [block] = parseCifBlocks('data_a\nloop_\n_x\n_y\n1 2 3');
    expect(block!.loops[0]!.rows).to.deep.equal([['1', '2']]);
    expect(block!.problems.join()).to.match(/line 3: .*incomplete row of 1 values/);
  });

  it('rejects unterminated strings and text fields', () => {
    expect(() => tokenizeCif("_a 'open")).to.throw(CifSyntaxError, /unterminated/);
    expect(() => tokenizeCif('_a\n;never closed')).to.throw(CifSyntaxError, /unterminated/);
  });
});
