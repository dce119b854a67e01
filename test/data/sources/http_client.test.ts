import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpClient, HttpClientOptions } from '../../../lib/data/sources/http_client.js';
import { ResponseFormatError, SourceError } from '../../../lib/data/sources/source_errors.js';
import { InputError } from '../../../lib/errors.js';
import { LoopbackServer, Reply, startServer } from '../../helpers/loopback_server.js';

/** A clock whose sleeps only record how long they were asked to be (and advance its time). */
function recordingClock() {
  const slept: number[] = [];
  let t = 0;
  return { slept, clock: { now: () => t, sleep: async (ms: number) => { slept.push(ms); t += ms; } } };
}

const fast: HttpClientOptions = { requestsPerSecond: 1000, retry: { backoffBaseMs: 1, maxRetries: 3 } };

async function withServer(replies: Reply[], run: (s: LoopbackServer) => Promise<void>): Promise<void> {
  let i = 0;
  const server = await startServer(() => replies[Math.min(i++, replies.length - 1)]!);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

const thrown = async (p: Promise<unknown>): Promise<Error> => {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
};

describe('HttpClient', () => {
  it('retries a 500 and returns the next success', () => withServer([{ status: 500, body: 'oops' }, { body: { ok: 1 } }], async (s) => {
    const client = new HttpClient(fast);
    const value = await client.getJson(`${s.url}/x`, (v) => v as { ok: number });
    expect(value.ok).to.equal(1);
    expect(s.requests).to.have.length(2);
  }));

  it('waits as long as Retry-After asks on 429 (seconds) and 503 (HTTP date), then succeeds', async () => {
    const date = new Date(Date.now() + 60_000).toUTCString();
    await withServer([
      { status: 429, headers: { 'retry-after': '1' }, body: 'slow down' },
      { status: 503, headers: { 'retry-after': date }, body: 'busy' },
      { body: { ok: 2 } },
    ], async (s) => {
      const { slept, clock } = recordingClock();
      const client = new HttpClient({ ...fast, clock });
      expect((await client.getJson(`${s.url}/x`, (v) => v as { ok: number })).ok).to.equal(2);
      expect(slept[0]).to.equal(1000);
      expect(slept[1]).to.be.within(55_000, 60_000);
    });
  });

  it('retries immediately on Retry-After: 0', () => withServer([{ status: 429, headers: { 'retry-after': '0' } }, { body: { ok: 3 } }], async (s) => {
    const client = new HttpClient(fast);
    expect((await client.getJson(`${s.url}/x`, (v) => v as { ok: number })).ok).to.equal(3);
    expect(s.requests).to.have.length(2);
  }));

  it('gives up after the last retry with the status and the number of attempts', () => withServer([{ status: 502, body: 'bad gateway' }], async (s) => {
    const e = await thrown(new HttpClient(fast).getText(`${s.url}/x`));
    expect(e).to.be.instanceOf(SourceError).and.instanceOf(InputError);
    expect(e.message).to.match(/HTTP 502.*after 4 attempts/);
    expect(s.requests).to.have.length(4);
  }));

  it('fails at once on a 404 with one line naming the URL and the body', () => withServer([{ status: 404, body: 'no such\nendpoint' }], async (s) => {
    const e = await thrown(new HttpClient(fast).getText(`${s.url}/missing`));
    expect(e.message).to.match(/\/missing: HTTP 404/).and.match(/no such endpoint/);
    expect(e.message).not.to.include('\n');
    expect(s.requests).to.have.length(1);
  }));

  it('refuses to wait for a Retry-After longer than the policy allows', () => withServer([{ status: 429, headers: { 'retry-after': '7200' } }], async (s) => {
    const e = await thrown(new HttpClient(fast).getText(`${s.url}/x`));
    expect(e.message).to.match(/retry after 7200 s/);
  }));

  it('backs off and reports a network failure when nothing listens', async () => {
    const server = await startServer(() => ({}));
    const url = server.url;
    await server.close();
    const { slept, clock } = recordingClock();
    const e = await thrown(new HttpClient({ ...fast, clock, retry: { maxRetries: 2, backoffBaseMs: 100 } }).getText(`${url}/x`));
    expect(e).to.be.instanceOf(SourceError);
    expect(e.message).to.match(/after 3 attempts/);
    expect(slept).to.have.length(2);
    expect(slept[1]! / slept[0]!).to.be.within(1.6, 2.4);
  });

  it('answers a repeated request from the disk cache without a request; malformed bodies are not cached', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'matalign-cache-'));
    await withServer([{ body: 'not json' }, { body: { ok: 4 } }], async (s) => {
      const check = (v: unknown) => v as { ok: number };
      const e = await thrown(new HttpClient({ ...fast, cacheDir }).getJson(`${s.url}/x?b=2&a=1`, check));
      expect(e).to.be.instanceOf(ResponseFormatError);
      expect(e.message).to.match(/not JSON: 'not json'/);
      expect((await new HttpClient({ ...fast, cacheDir }).getJson(`${s.url}/x?b=2&a=1`, check)).ok).to.equal(4);
      const third = new HttpClient({ ...fast, cacheDir });
      expect((await third.getJson(`${s.url}/x?a=1&b=2`, check)).ok).to.equal(4);
      expect(third.requestCount).to.equal(0);
      expect(s.requests).to.have.length(2);
    });
  });

  it('sends the API key header but never shows the key in errors or cache files', async () => {
    const key = 'sEcReT-kEy-12345';
    const cacheDir = mkdtempSync(join(tmpdir(), 'matalign-cache-'));
    await withServer([{ status: 401, body: `invalid key ${key}` }, { body: { ok: 5 } }], async (s) => {
      const options = { ...fast, cacheDir, headers: { 'X-API-KEY': key }, secrets: [key] };
      const e = await thrown(new HttpClient(options).getText(`${s.url}/x?api_key=${key}`));
      expect(e.message).to.match(/HTTP 401/).and.not.include(key);
      await new HttpClient(options).getText(`${s.url}/y`);
      expect(s.requests[0]!.headers['x-api-key']).to.equal(key);
      for (const sub of readdirSync(cacheDir)) {
        for (const f of readdirSync(join(cacheDir, sub))) expect(readFileSync(join(cacheDir, sub, f), 'utf8')).not.to.include(key);
      }
    });
  });
});
