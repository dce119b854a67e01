import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpClient } from '../../../lib/data/sources/http_client.js';
import { downloadOptimade, parsePropertySpec, structuresUrl } from '../../../lib/data/sources/optimade.js';
import { ResponseFormatError } from '../../../lib/data/sources/source_errors.js';
import { loadStructureTable } from '../../../lib/data/structure/structure_table.js';
import { LoopbackServer, Reply, SeenRequest, startServer } from '../../helpers/loopback_server.js';
import { optimadeNaCl } from '../../helpers/source_fixtures.js';

const TOTAL = 8;
const PAGE = 3;

function entry(i: number) {
  const attributes = i === 4
    ? optimadeNaCl(5, { lattice_vectors: [[5, 0, 0], [0, 5, 0], [null, null, null]] }) // a slab: not periodic in 3-D
    : optimadeNaCl(5 + 0.1 * i, { _mp_band_gap: 5 + i, _oqmd_delta_e: i === 2 ? null : -2 - i / 10 });
  return { id: `mp-${100 + i}`, type: 'structures', attributes };
}

/** An OPTIMADE provider: page_offset paging, links.next as a string or {href}, scripted faults. */
function provider(faults: Map<string, Reply[]>) {
  return (req: SeenRequest, base: string): Reply => {
    const offset = Number(req.query.get('page_offset') ?? 0);
    const queued = faults.get(`${offset}`)?.shift();
    if (queued) return queued;
    const limit = Number(req.query.get('page_limit'));
    const next = new URL(`${base}/v1/structures`);
    for (const [k, v] of req.query) next.searchParams.set(k, v);
    next.searchParams.set('page_offset', String(offset + limit));
    const more = offset + limit < TOTAL;
    const link = !more ? null : offset === 0 ? next.toString() : { href: next.toString(), meta: {} };
    const data = Array.from({ length: Math.min(limit, TOTAL - offset) }, (_, k) => entry(offset + k));
    return { body: { data, links: { next: link }, meta: { api_version: '1.1.0', data_returned: TOTAL, more_data_available: more } } };
  };
}

describe('OPTIMADE client', () => {
  let server: LoopbackServer;
  const faults = new Map<string, Reply[]>();
  before(async () => { server = await startServer(provider(faults)); });
  after(() => server.close());
  beforeEach(() => { server.requests.length = 0; faults.clear(); });

  const client = (cacheDir: string | null = null) => new HttpClient({ requestsPerSecond: 1000, cacheDir, retry: { backoffBaseMs: 1, maxRetries: 2 } });
  const query = { baseUrl: '', filter: 'elements HAS ALL "Na","Cl"', pageLimit: PAGE, properties: parsePropertySpec('_mp_band_gap=band_gap, _oqmd_delta_e') };
  const tmp = () => mkdtempSync(join(tmpdir(), 'matalign-optimade-'));

  it('builds the /v1/structures URL with filter, page_limit and the response fields', () => {
    const url = new URL(structuresUrl({ ...query, baseUrl: 'https://optimade.example.org/' }));
    expect(url.pathname).to.equal('/v1/structures');
    expect(url.searchParams.get('filter')).to.equal('elements HAS ALL "Na","Cl"');
    expect(url.searchParams.get('page_limit')).to.equal('3');
    expect(url.searchParams.get('response_fields')!.split(',')).to.include.members(['lattice_vectors', 'species', '_mp_band_gap', '_oqmd_delta_e']);
    expect(new URL(structuresUrl({ ...query, baseUrl: 'https://oqmd.org/optimade/v1' })).pathname).to.equal('/optimade/v1/structures');
  });

  it('follows links.next through every page, waits out a 429, and writes a structure CSV the loaders read', async () => {
    faults.set('3', [{ status: 429, headers: { 'retry-after': '0' }, body: { errors: [{ status: '429' }] } }]);
    const out = join(tmp(), 'nacl.csv');
    const result = await downloadOptimade(client(), { ...query, baseUrl: server.url }, out);
    expect(server.requests.map((r) => r.query.get('page_offset'))).to.deep.equal([null, '3', '3', '6']);
    expect(result).to.include({ written: 7, pages: 3, resumedRows: 0 });
    expect(result.skipped).to.deep.equal([{ id: 'mp-104', reason: 'lattice_vectors missing or not three finite 3-vectors (non-periodic structure?)' }]);
    const { rows, skipped } = await loadStructureTable(out, { targets: ['band_gap'] });
    expect(skipped).to.have.length(0);
    expect(rows.map((r) => r.id)).to.deep.equal(['mp-100', 'mp-101', 'mp-102', 'mp-103', 'mp-105', 'mp-106', 'mp-107']);
    expect(rows[1]!.properties).to.include({ band_gap: 6, delta_e: -2.1 });
    expect(rows[2]!.fields.delta_e).to.equal('');
    expect(rows[1]!.structure.volume).to.be.closeTo(5.1 ** 3 / 4, 1e-6);
    expect(rows[1]!.fields.formula).to.equal('ClNa');
  });

  it('stops on a malformed page with a clear error, writes no output, and a re-run resumes at that page', async () => {
    faults.set('3', [{ body: '<html>maintenance</html>' }]);
    faults.set('6', [{ body: { data: 'nope' } }]);
    const out = join(tmp(), 'nacl.csv');
    let error: Error | null = null;
    await downloadOptimade(client(), { ...query, baseUrl: server.url }, out).catch((e: Error) => { error = e; });
    expect(error).to.be.instanceOf(ResponseFormatError);
    expect(error!.message).to.match(/is not JSON: '<html>maintenance<\/html>'/);
    expect(existsSync(out)).to.equal(false);
    await downloadOptimade(client(), { ...query, baseUrl: server.url }, out).catch((e: Error) => { error = e; });
    expect(error!.message).to.match(/^OPTIMADE response has no data array \(http:\/\/127\.0\.0\.1:\d+\/v1\/structures\?.*page_offset=6/);
    expect(existsSync(out)).to.equal(false);
    server.requests.length = 0;
    const result = await downloadOptimade(client(), { ...query, baseUrl: server.url }, out);
    expect(server.requests.map((r) => r.query.get('page_offset'))).to.deep.equal(['6']);
    expect(result).to.include({ written: 7, pages: 1, resumedRows: 6 });
    expect((await loadStructureTable(out)).rows).to.have.length(7);
    expect(readdirSync(join(out, '..'))).to.deep.equal(['nacl.csv']);
  });

  it('answers a second run from the disk cache without any request', async () => {
    const cacheDir = join(tmp(), 'cache');
    const dir = tmp();
    await downloadOptimade(client(cacheDir), { ...query, baseUrl: server.url }, join(dir, 'a.csv'));
    const before = server.requests.length;
    const again = client(cacheDir);
    const result = await downloadOptimade(again, { ...query, baseUrl: server.url }, join(dir, 'b.csv'));
    expect(server.requests.length).to.equal(before);
    expect(again.requestCount).to.equal(0);
    expect(result.written).to.equal(7);
  });

  it('asks no more than the limit needs and keeps exactly the limit', async () => {
    const out = join(tmp(), 'few.csv');
    const result = await downloadOptimade(client(), { ...query, baseUrl: server.url, limit: 2 }, out);
    expect(server.requests).to.have.length(1);
    expect(server.requests[0]!.query.get('page_limit')).to.equal('2');
    expect(result.written).to.equal(2);
  });
});
