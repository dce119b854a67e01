import { expect } from 'chai';
import { applyStandardizer, fitStandardizer, matrixRows, selectRows, toMatrix } from '../../lib/eval/feature_matrix.js';
import { InputError } from '../../lib/errors.js';

describe('feature matrix', () => {
  it('packs rows and rejects ragged or non-finite ones', () => {
    const m = toMatrix([Float32Array.from([1, 2]), [3, 4]]);
    expect(Array.from(m.data)).to.deep.equal([1, 2, 3, 4]);
    expect(() => toMatrix([[1, 2], [3]])).to.throw(InputError);
    expect(() => toMatrix([[1, Number.NaN]])).to.throw(InputError);
    expect(() => toMatrix([])).to.throw(InputError);
  });

  it('standardises with training statistics only and leaves constant columns at 0', () => {
    const train = toMatrix([[0, 5], [2, 5]]);
    const s = fitStandardizer(train);
    expect(Array.from(s.mean)).to.deep.equal([1, 5]);
    expect(Array.from(s.scale)).to.deep.equal([1, 1]);
    expect(Array.from(applyStandardizer(s, toMatrix([[3, 7]])).data)).to.deep.equal([2, 2]);
    expect(Array.from(applyStandardizer(s, train).data)).to.deep.equal([-1, 0, 1, 0]);
  });

  it('selects rows by index', () => {
    expect(selectRows(['a', 'b', 'c'], [2, 0])).to.deep.equal(['c', 'a']);
    expect(Array.from(matrixRows(toMatrix([[1], [2], [3]]), [2, 1]).data)).to.deep.equal([3, 2]);
    expect(() => selectRows(['a'], [1])).to.throw(InputError);
  });
});
