import { expect } from 'chai';
import { DEFAULT_RETRY, backoffDelay, isRetryableStatus, parseRetryAfter } from '../../../lib/data/sources/retry_policy.js';

describe('retry policy', () => {
  it('reads Retry-After as delta seconds or as an HTTP date', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter('0', now)).to.equal(0);
    expect(parseRetryAfter('120', now)).to.equal(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now)).to.equal(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', now)).to.equal(0);
    expect(parseRetryAfter('soon', now)).to.equal(null);
    expect(parseRetryAfter(null, now)).to.equal(null);
  });

  it('doubles the back-off per attempt up to the cap, with at most 10 % jitter', () => {
    const policy = { ...DEFAULT_RETRY, backoffBaseMs: 100, backoffMaxMs: 1000 };
    expect([0, 1, 2, 3, 4].map((k) => backoffDelay(policy, k, 0))).to.deep.equal([100, 200, 400, 800, 1000]);
    expect(backoffDelay(policy, 1, 0.999)).to.be.within(200, 220);
  });

  it('retries 429, 408 and 5xx but not other client errors', () => {
    expect([429, 408, 500, 502, 503, 504].every(isRetryableStatus)).to.equal(true);
    expect([400, 401, 403, 404, 422].some(isRetryableStatus)).to.equal(false);
  });
});
