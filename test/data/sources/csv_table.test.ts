import { expect } from 'chai';
import { csvField, csvText } from '../../../lib/data/sources/csv_table.js';

describe('CSV table', () => {
  it('quotes fields holding commas, quotes or newlines and leaves missing numbers empty', () => {
    expect(csvField('plain')).to.equal('plain');
    expect(csvField('a,b')).to.equal('"a,b"');
    expect(csvField('say "hi"\nbye')).to.equal('"say ""hi""\nbye"');
    expect([csvField(null), csvField(undefined), csvField(NaN), csvField(1.5)]).to.deep.equal(['', '', '', '1.5']);
    expect(csvText(['id', 'x'], [{ id: 'a', x: 1 }, { id: 'b' }])).to.equal('id,x\na,1\nb,\n');
  });
});
