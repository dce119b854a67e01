import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpClient } from '../../../lib/data/sources/http_client.js';
import { downloadMaterialsProject, mpApiKey, mpClientOptions, mpPageUrl } from '../../../lib/data/sources/materials_project.js';
import { ResponseFormatError } from '../../../lib/data/sources/source_errors.js';
import { InputError } from '../../../lib/errors.js';
import { loadStructureTable } from '../../../lib/data/structure/structure_table.js';
import { LoopbackServer, Reply, SeenRequest, startServer } from '../../helpers/loopback_server.js';
import { pymatgenCsCl } from '../../helpers/source_fixtures.js';

const KEY = 'mp-test-key-0123456789';
const TOTAL = 7;

function summaryDoc(i: number) {
  return {
    material_id: `mp-${20 + i}`, formula_pretty: 'CsCl', formation_energy_per_atom: -2.1 - i / 100, band_gap: 5.2, energy_above_hull: i / 1000,
    elements: ['Cl', 'Cs'], symmetry: { number: 221, symbol: 'Pm-3m', crystal_system: 'Cubic' }, structure: pymatgenCsCl(4.1 + i / 100),
  };
}

function elasticityDoc(i: number) {
  return { material_id: `mp-${20 + i}`, formula_pretty: 'CsCl', bulk_modulus: { voigt: 18, reuss: 17, vrh: 17.5 }, shear_modulus: { voigt: 9, reuss: 7, vrh: 8 }, structure: pymatgenCsCl() };
}

/** The MP API: X-API-KEY required, _skip/_limit paging, {data, meta: {total_doc}}. */
function mpApi(faults: Reply[]) {
  return (req: SeenRequest): Reply => {
    if (req.headers['x-api-key'] !== KEY) return { status: 401, body: { detail: 'invalid api key' } };
    const fault = faults.shift();
    if (fault) return fault;
    const skip = Number(req.query.get('_skip'));
    const limit = Number(req.query.get('_limit'));
    const make = req.path.includes('elasticity') ? elasticityDoc : summaryDoc;
    const data = Array.from({ length: Math.max(0, Math.min(limit, TOTAL - skip)) }, (_, k) => make(skip + k));
    return { body: { data, meta: { api_version: '0.x', time_stamp: '2025-01-01', total_doc: TOTAL, max_limit: 1000 } } };
  };
}

describe('Materials Project client', () => {
  let server: LoopbackServer;
  const faults: Reply[] = [];
  before(async () => { server = await startServer(mpApi(faults)); });
  after(() => server.close());
  beforeEach(() => { server.requests.length = 0; faults.length = 0; });

  const client = (key = KEY) => new HttpClient(mpClientOptions(key, { requestsPerSecond: 1000, retry: { backoffBaseMs: 1, maxRetries: 2 } }));
  const tmp = () => mkdtempSync(join(tmpdir(), 'matalign-mp-'));

  it('asks the summary endpoint for the fields, page and elements', () => {
    const url = new URL(mpPageUrl({ kind: 'summary', elements: ['Cs', 'Cl'] }, 500, 250));
    expect(url.origin + url.pathname).to.equal('https://api.materialsproject.org/materials/summary/');
    expect(Object.fromEntries(url.searchParams)).to.include({ _skip: '500', _limit: '250', elements: 'Cs,Cl' });
    expect(url.searchParams.get('_fields')).to.include('structure');
  });

  it('pages by _skip/_limit through a 500 and writes the MP-20 columns the loaders read', async () => {
    faults.push({ status: 500, body: 'internal error' });
    const out = join(tmp(), 'mp20.csv');
    const result = await downloadMaterialsProject(client(), { kind: 'summary', pageSize: 3, baseUrl: server.url, elements: ['Cs', 'Cl'] }, out);
    expect(server.requests.map((r) => r.query.get('_skip'))).to.deep.equal(['0', '0', '3', '6']);
    expect(server.requests.every((r) => r.query.get('elements') === 'Cs,Cl')).to.equal(true);
    expect(result).to.include({ written: 7, pages: 3 });
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).to.equal(',material_id,formation_energy_per_atom,band_gap,pretty_formula,e_above_hull,elements,cif,spacegroup.number');
    expect(text).to.include(`"['Cl', 'Cs']"`);
    const { rows } = await loadStructureTable(out, { targets: ['formation_energy_per_atom', 'band_gap', 'e_above_hull', 'spacegroup.number'] });
    expect(rows).to.have.length(7);
    expect(rows[1]!.properties).to.include({ formation_energy_per_atom: -2.11, band_gap: 5.2, 'spacegroup.number': 221 });
    expect(rows[1]!.structure.volume).to.be.closeTo(4.11 ** 3, 1e-6);
  });

  it('writes the elasticity columns with density and space group computed from the structure', async () => {
    const out = join(tmp(), 'elastic.csv');
    await downloadMaterialsProject(client(), { kind: 'elasticity', pageSize: 5, limit: 6, baseUrl: server.url, elements: ['Cs'] }, out);
    expect(server.requests.map((r) => [r.query.get('_skip'), r.query.get('_limit'), r.query.get('elements')])).to.deep.equal([['0', '5', null], ['5', '5', null]]);
    const { rows } = await loadStructureTable(out, { targets: ['k_vrh_GPa', 'g_vrh_GPa'] });
    expect(rows).to.have.length(6);
    expect(readFileSync(out, 'utf8').split('\n')[0]).to.equal('material_id,formula,k_vrh_GPa,g_vrh_GPa,density_g_cm3,nsites,spacegroup_number,cif');
    expect(rows[0]!.properties).to.include({ k_vrh_GPa: 17.5, g_vrh_GPa: 8, nsites: 2, spacegroup_number: 221 });
    expect(rows[0]!.properties.density_g_cm3).to.be.closeTo(rows[0]!.structure.density, 1e-4);
  });

  it('keeps only elasticity documents whose structure holds every requested element', async () => {
    const out = join(tmp(), 'none.csv');
    const result = await downloadMaterialsProject(client(), { kind: 'elasticity', pageSize: 5, baseUrl: server.url, elements: ['Cs', 'O'] }, out);
    expect(result.written).to.equal(0);
    expect(result.skipped).to.deep.equal([]);
  });

  it('fails on a rejected key with one line that never shows the key, and writes nothing', async () => {
    const wrong = 'wrong-key-abcdef';
    const out = join(tmp(), 'x.csv');
    const e = await downloadMaterialsProject(client(wrong), { kind: 'summary', baseUrl: server.url }, out).catch((x: Error) => x);
    expect((e as Error).message).to.match(/HTTP 401/).and.not.include(wrong);
    expect(existsSync(out)).to.equal(false);
  });

  it('rejects a body without a data array with a clear error', async () => {
    faults.push({ body: { detail: 'something else' } });
    const out = join(tmp(), 'x.csv');
    const e = await downloadMaterialsProject(client(), { kind: 'summary', baseUrl: server.url }, out).catch((x: Error) => x);
    expect(e).to.be.instanceOf(ResponseFormatError);
    expect((e as Error).message).to.match(/^Materials Project response has no data array/).and.not.include(KEY);
    expect(existsSync(out)).to.equal(false);
  });

  it('reads the key from MP_API_KEY and says how to set it when absent', () => {
    expect(mpApiKey({ MP_API_KEY: ' abc ' })).to.equal('abc');
    expect(() => mpApiKey({})).to.throw(InputError, /MP_API_KEY is not set/);
  });
});
