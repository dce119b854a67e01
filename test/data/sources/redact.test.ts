import { expect } from 'chai';
import { redactSecrets } from '../../../lib/data/sources/redact.js';

describe('redactSecrets', () => {
  it('replaces given secrets and secret-looking parameters and headers with ***', () => {
    expect(redactSecrets('GET http://h/x?api_key=abc123&q=1 failed', [])).to.equal('GET http://h/x?api_key=***&q=1 failed');
    expect(redactSecrets('X-API-KEY: abcdef sent', [])).to.equal('X-API-KEY: *** sent');
    expect(redactSecrets('the key k3y-value-9 leaked twice: k3y-value-9', ['k3y-value-9'])).to.equal('the key *** leaked twice: ***');
  });
});
