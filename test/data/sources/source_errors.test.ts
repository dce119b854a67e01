import { expect } from 'chai';
import { ResponseFormatError, SourceError, bodySnippet } from '../../../lib/data/sources/source_errors.js';
import { InputError } from '../../../lib/errors.js';

describe('source errors', () => {
  it('are input errors (one line in the CLI) and carry the HTTP status', () => {
    expect(new SourceError('x', 503)).to.be.instanceOf(InputError).and.include({ status: 503, name: 'SourceError' });
    expect(new ResponseFormatError('y')).to.be.instanceOf(InputError);
  });

  it('shorten a body to one line', () => {
    expect(bodySnippet('a\n  b\tc')).to.equal('a b c');
    expect(bodySnippet('x'.repeat(100), 10)).to.equal(`${'x'.repeat(10)}…`);
  });
});
