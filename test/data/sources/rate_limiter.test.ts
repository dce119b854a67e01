import { expect } from 'chai';
import { RateLimiter } from '../../../lib/data/sources/rate_limiter.js';

describe('RateLimiter', () => {
  it('spaces request starts 1/rate seconds apart', async () => {
    let t = 0;
    const slept: number[] = [];
    const limiter = new RateLimiter(10, { now: () => t, sleep: async (ms) => { slept.push(ms); t += ms; } });
    for (let i = 0; i < 4; i++) await limiter.acquire();
    expect(slept).to.deep.equal([100, 100, 100]);
    t += 500; // idle time is not saved up into a burst beyond one request
    await limiter.acquire();
    await limiter.acquire();
    expect(slept).to.deep.equal([100, 100, 100, 100]);
  });

  it('rejects a non-positive rate', () => {
    expect(() => new RateLimiter(0)).to.throw(RangeError);
  });
});
