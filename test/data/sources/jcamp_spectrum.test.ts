import { expect } from 'chai';
import { parseJcampSpectrum } from '../../../lib/data/sources/jcamp_spectrum.js';
import { ResponseFormatError } from '../../../lib/data/sources/source_errors.js';
import { jcampIr } from '../../helpers/source_fixtures.js';

describe('JCAMP-DX spectra', () => {
  it('reads an IR spectrum into wavenumbers and transmittances', () => {
    const s = parseJcampSpectrum(jcampIr('WATER'));
    expect(s).to.deep.include({ title: 'WATER', dataType: 'INFRARED SPECTRUM', xUnits: '1/CM', yUnits: 'TRANSMITTANCE' });
    expect(s.x).to.deep.equal([400, 410, 420, 430, 440, 450]);
    expect(s.y.map((y) => Number(y.toFixed(6)))).to.deep.equal([0.5, 0.51, 0.52, 0.53, 0.54, 0.55]);
  });

  it('refuses text that is not JCAMP-DX or holds no data', () => {
    expect(() => parseJcampSpectrum('<html>Spectrum not found</html>')).to.throw(ResponseFormatError, /not JCAMP-DX/);
    expect(() => parseJcampSpectrum('##TITLE=EMPTY\n##JCAMP-DX=4.24\n##END=\n')).to.throw(ResponseFormatError, /no x\/y data/);
  });
});
