import { expect } from 'chai';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebbookResult } from '../../../lib/data/sources/webbook.js';
import { writeWebbookResult } from '../../../lib/data/sources/webbook_output.js';
import { readCondensedThermo } from '../../../lib/data/sources/webbook_html.js';
import { SODIUM_CHLORIDE, webbookCondensedPage } from '../../helpers/source_fixtures.js';

const quantities = readCondensedThermo(webbookCondensedPage(SODIUM_CHLORIDE))!;
const result: WebbookResult = {
  source: 'NIST Chemistry WebBook', query: { formula: 'ClNa' }, status: 'found', message: '', matches: [], spectra: [],
  species: { id: 'C7647145', name: 'Sodium chloride', formula: 'ClNa', cas: '7647-14-5' },
  condensed: { formation_enthalpy_solid: null, entropy_solid: { value: 72.11, uncertainty: null, units: 'J/mol*K', reference: 'Chase, 1998', citation: null }, quantities },
};

describe('writeWebbookResult', () => {
  it('writes the result as JSON, or the quantities as CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'matalign-webbook-'));
    await writeWebbookResult(join(dir, 'nacl.json'), result);
    expect(JSON.parse(readFileSync(join(dir, 'nacl.json'), 'utf8')).condensed.entropy_solid.value).to.equal(72.11);
    await writeWebbookResult(join(dir, 'nacl.csv'), result);
    const lines = readFileSync(join(dir, 'nacl.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).to.equal('species_id,name,formula,cas,quantity,value,uncertainty,units,method,reference,citation,comment');
    expect(lines[2]).to.match(/^C7647145,Sodium chloride,ClNa,7647-14-5,ΔfH°solid,-411.3,0.4,kJ\/mol,Cm,"Smith and Jones, 1970"/);
  });
});
