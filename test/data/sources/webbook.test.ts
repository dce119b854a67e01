import { expect } from 'chai';
import { HttpClient } from '../../../lib/data/sources/http_client.js';
import { ResponseFormatError } from '../../../lib/data/sources/source_errors.js';
import { casToWebbookId, lookupWebbook } from '../../../lib/data/sources/webbook.js';
import { LoopbackServer, Reply, SeenRequest, startServer } from '../../helpers/loopback_server.js';
import {
  HELIUM, SODIUM_CHLORIDE, jcampIr, webbookCondensedPage, webbookIrPage, webbookMatchesPage, webbookNotFoundPage, webbookSpeciesPage,
} from '../../helpers/source_fixtures.js';

const IRON_OXIDES = [{ id: 'C1309371', name: 'Iron oxide (Fe2O3)' }, { id: 'C1317619', name: 'Iron oxide (Fe3O4)' }, { id: 'C1345251', name: 'Iron oxide (FeO)' }];
const SPECIES = [SODIUM_CHLORIDE, HELIUM];

/** cbook.cgi as the WebBook answers it, with scripted faults. */
function webbook(faults: Reply[]) {
  return (req: SeenRequest): Reply => {
    const fault = faults.shift();
    if (fault) return fault;
    const q = Object.fromEntries(req.query);
    if (q.JCAMP) return { body: q.JCAMP === 'C7647145' && q.Type === 'IR' ? jcampIr() : '<html><h1>Spectrum Not Found</h1></html>' };
    const byId = SPECIES.find((s) => s.id === q.ID);
    if (byId) return { body: q.Mask === '2' ? webbookCondensedPage(byId) : q.Mask === '80' ? webbookIrPage(byId) : webbookSpeciesPage(byId) };
    if (q.Formula === 'ClNa' || q.Name === 'sodium chloride') return { body: webbookSpeciesPage(SODIUM_CHLORIDE) };
    if (q.Name === 'helium') return { body: webbookSpeciesPage(HELIUM) };
    if (q.Formula === 'FeO*' || q.Name === 'iron oxide') return { body: webbookMatchesPage(IRON_OXIDES) };
    return { body: webbookNotFoundPage(q.Formula ? 'Formula' : 'Name') };
  };
}

describe('NIST WebBook client', () => {
  let server: LoopbackServer;
  const faults: Reply[] = [];
  before(async () => { server = await startServer(webbook(faults)); });
  after(() => server.close());
  beforeEach(() => { server.requests.length = 0; faults.length = 0; });

  const client = () => new HttpClient({ requestsPerSecond: 1000, retry: { backoffBaseMs: 1, maxRetries: 2 } });
  const base = () => `${server.url}/cgi/cbook.cgi`;

  it('finds a species by formula and reads ΔfH°solid and S°solid with units and references', async () => {
    const r = await lookupWebbook(client(), { formula: 'ClNa' }, { baseUrl: base() });
    expect(server.requests[0]!.query.get('NoIon')).to.equal('on');
    expect(server.requests[0]!.query.get('Units')).to.equal('SI');
    expect(server.requests[1]!.query.get('Mask')).to.equal('2');
    expect(r.status).to.equal('found');
    expect(r.species).to.deep.equal({ id: 'C7647145', name: 'Sodium chloride', formula: 'ClNa', cas: '7647-14-5' });
    expect(r.condensed!.formation_enthalpy_solid).to.deep.include({ value: -411.12, units: 'kJ/mol', reference: 'Chase, 1998' });
    expect(r.condensed!.formation_enthalpy_solid!.citation).to.match(/NIST-JANAF/);
    expect(r.condensed!.entropy_solid).to.deep.include({ value: 72.11, units: 'J/mol*K' });
    expect(r.condensed!.quantities).to.have.length(3);
    expect(r.spectra).to.deep.equal([]);
  });

  it('lists the matches when several species fit', async () => {
    const r = await lookupWebbook(client(), { name: 'iron oxide' }, { baseUrl: base() });
    expect(r.status).to.equal('several_matches');
    expect(r.matches).to.deep.equal(IRON_OXIDES);
    expect(r.message).to.match(/^3 species match/);
    expect(server.requests).to.have.length(1);
  });

  it('says so when nothing matches, and when the species has no condensed-phase data', async () => {
    const none = await lookupWebbook(client(), { name: 'unobtainium' }, { baseUrl: base() });
    expect(none.status).to.equal('not_found');
    expect(none.message).to.match(/Name Not Found/);
    const he = await lookupWebbook(client(), { name: 'helium' }, { baseUrl: base() });
    expect(he.status).to.equal('found');
    expect(he.condensed).to.equal(null);
    expect(he.message).to.match(/no condensed-phase thermochemistry data/);
  });

  it('looks a CAS number up by its WebBook id and fetches the IR spectra as JCAMP-DX', async () => {
    const r = await lookupWebbook(client(), { cas: '7647-14-5' }, { baseUrl: base(), spectra: 'ir' });
    expect(server.requests[0]!.query.get('ID')).to.equal('C7647145');
    const jcamp = server.requests.filter((q) => q.query.get('JCAMP'));
    expect(jcamp.map((q) => [q.query.get('Index'), q.query.get('Type')])).to.deep.equal([['0', 'IR'], ['1', 'IR']]);
    expect(r.spectra).to.have.length(2);
    expect(r.spectra[0]).to.deep.include({ type: 'IR', index: 0, xUnits: '1/CM', yUnits: 'TRANSMITTANCE' });
    expect(r.spectra[0]!.x).to.have.length(6);
  });

  it('refuses a malformed answer with a clear error and a wrong CAS check digit before asking', async () => {
    faults.push({ body: 'Gateway says hello' });
    const e = await lookupWebbook(client(), { formula: 'ClNa' }, { baseUrl: base() }).catch((x: Error) => x);
    expect(e).to.be.instanceOf(ResponseFormatError);
    expect((e as Error).message).to.match(/not an HTML page: 'Gateway says hello'/);
    expect(casToWebbookId('7732-18-5')).to.equal('C7732185');
    expect(() => casToWebbookId('7732-18-4')).to.throw(/check digit/);
    expect(() => casToWebbookId('water')).to.throw(/not a CAS registry number/);
  });
});
