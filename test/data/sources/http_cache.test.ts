import { expect } from 'chai';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpCache, cacheKey, canonicalUrl } from '../../../lib/data/sources/http_cache.js';

describe('HttpCache', () => {
  it('keys a request by its URL with parameters in canonical order, and by what it accepts', () => {
    expect(canonicalUrl('http://h/p?b=2&a=1#frag')).to.equal('http://h/p?a=1&b=2');
    expect(cacheKey('http://h/p?b=2&a=1')).to.equal(cacheKey('http://h/p?a=1&b=2'));
    expect(cacheKey('http://h/p?a=1')).not.to.equal(cacheKey('http://h/p?a=2'));
    expect(cacheKey('http://h/p', 'text/html')).not.to.equal(cacheKey('http://h/p', 'application/json'));
  });

  it('returns what was stored, leaves no temporary files, and treats a damaged entry as a miss', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'matalign-cache-'));
    const cache = new HttpCache(dir);
    const key = cacheKey('http://h/p');
    expect(await cache.get(key)).to.equal(null);
    await cache.put(key, { status: 200, contentType: 'text/plain', body: 'hello' });
    expect(await cache.get(key)).to.deep.equal({ status: 200, contentType: 'text/plain', body: 'hello' });
    const sub = join(dir, key.slice(0, 2));
    expect(readdirSync(sub)).to.deep.equal([`${key}.json`]);
    writeFileSync(join(sub, `${key}.json`), '{"status": 200, "bo');
    expect(await cache.get(key)).to.equal(null);
  });
});
