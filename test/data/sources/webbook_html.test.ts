import { expect } from 'chai';
import { parseWebbookValue, readCondensedThermo, readIrSpectrumIndices, readWebbookPage } from '../../../lib/data/sources/webbook_html.js';
import { ResponseFormatError } from '../../../lib/data/sources/source_errors.js';
import { HELIUM, SODIUM_CHLORIDE, webbookCondensedPage, webbookIrPage, webbookMatchesPage, webbookNotFoundPage, webbookSpeciesPage } from '../../helpers/source_fixtures.js';

describe('WebBook pages', () => {
  it('reads a species page: id, name, formula, CAS', () => {
    const page = readWebbookPage(webbookSpeciesPage(SODIUM_CHLORIDE));
    expect(page).to.deep.equal({ kind: 'species', species: { id: 'C7647145', name: 'Sodium chloride', formula: 'ClNa', cas: '7647-14-5' } });
  });

  it('reads a search-result list and a not-found page', () => {
    const matches = [{ id: 'C1309371', name: 'Iron oxide (Fe2O3)' }, { id: 'C1317619', name: 'Iron oxide (Fe3O4)' }];
    expect(readWebbookPage(webbookMatchesPage(matches))).to.deep.equal({ kind: 'matches', matches, truncated: false });
    expect(readWebbookPage(webbookNotFoundPage('Name'))).to.deep.equal({ kind: 'not_found', message: 'Name Not Found' });
  });

  it('refuses a page that is none of these', () => {
    expect(() => readWebbookPage('<html><body><h1>Service Unavailable</h1></body></html>')).to.throw(ResponseFormatError, /Service Unavailable/);
  });

  it('reads the condensed-phase table with values, uncertainties, units and resolved references', () => {
    const rows = readCondensedThermo(webbookCondensedPage(SODIUM_CHLORIDE))!;
    expect(rows.map((r) => [r.quantity, r.value, r.uncertainty, r.units])).to.deep.equal([
      ['ΔfH°solid', -411.12, null, 'kJ/mol'], ['ΔfH°solid', -411.3, 0.4, 'kJ/mol'], ['S°solid,1 bar', 72.11, null, 'J/mol*K'],
    ]);
    expect(rows[0]).to.include({ method: 'Review', reference: 'Chase, 1998', comment: 'Data last reviewed in June, 1976' });
    expect(rows[0]!.citation).to.equal('Chase, M.W., Jr., NIST-JANAF Themochemical Tables, Fourth Edition, J. Phys. Chem. Ref. Data, Monograph 9, 1998, 1-1951.');
    expect(rows[1]!.citation).to.match(/^Smith, A.; Jones, B., Enthalpy of formation/);
  });

  it('says null when the page has no condensed-phase section', () => {
    expect(readCondensedThermo(webbookCondensedPage(HELIUM))).to.equal(null);
  });

  it('parses values with ± uncertainties and rejects non-numbers', () => {
    expect(parseWebbookValue('-291.83 ± 0.42')).to.deep.equal({ value: -291.83, uncertainty: 0.42 });
    expect(parseWebbookValue('69.95')).to.deep.equal({ value: 69.95, uncertainty: null });
    expect(parseWebbookValue('Entropy of solid')).to.equal(null);
  });

  it('lists the IR spectrum indices from JCAMP and IR-SPEC links', () => {
    expect(readIrSpectrumIndices(webbookIrPage(SODIUM_CHLORIDE))).to.deep.equal([0, 1]);
    expect(readIrSpectrumIndices(webbookSpeciesPage(SODIUM_CHLORIDE))).to.deep.equal([]);
  });
});
