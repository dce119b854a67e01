import { expect } from 'chai';
import { SymmetryOpError, applySymmetryOp, parseSymmetryOp } from '../../../lib/data/structure/symmetry_ops.js';

describe('symmetry operations', () => {
  it('parses translations written before or after the axis, fractions and decimals', () => {
    for (const text of ['x+1/2, -y, z+0.25', '1/2+x,-y,0.25+z', ' +X + 1/2 , - y , Z+.25 ']) {
      expect(applySymmetryOp(parseSymmetryOp(text), [0.1, 0.2, 0.3]), text).to.deep.equal([0.6, -0.2, 0.55]);
    }
  });

  it('parses mixed axes such as x-y', () => {
    const op = parseSymmetryOp('x-y, x, z+1/3');
    expect(op.rotation).to.deep.equal([1, -1, 0, 1, 0, 0, 0, 0, 1]);
    expect(op.translation[2]).to.be.closeTo(1 / 3, 1e-12);
  });

  it('rejects operations without three parts or with unreadable terms', () => {
    expect(() => parseSymmetryOp('x, y')).to.throw(SymmetryOpError);
    expect(() => parseSymmetryOp('x, y, w')).to.throw(SymmetryOpError);
  });
});
