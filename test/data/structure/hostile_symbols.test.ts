import { expect } from 'chai';
import { siteElement, StructureError, structureFromCif } from '../../../lib/data/structure/crystal.js';
import { parseXrdml } from '../../../lib/data/characterization/xrdml.js';
import { parseRecipeLine } from '../../../lib/data/synthesis/synthesis.js';

const withLabels = (...labels: string[]) => [
  'data_x', '_cell_length_a 5', '_cell_length_b 5', '_cell_length_c 5', '_cell_angle_alpha 90', '_cell_angle_beta 90', '_cell_angle_gamma 90',
  'loop_', '_atom_site_label', '_atom_site_fract_x', '_atom_site_fract_y', '_atom_site_fract_z',
  ...labels.map((l, i) => `${l} ${i * 0.3} 0 0`), '',
].join('\n');

const scan = (wavelength: string, extra = '') => `<?xml version="1.0"?><xrdMeasurements><xrdMeasurement>
<usedWavelength>${wavelength}</usedWavelength><scan><dataPoints>
<positions axis="2Theta"><startPosition>10</startPosition><endPosition>20</endPosition></positions>
${extra}<intensities>1 2 3 4</intensities></dataPoints></scan></xrdMeasurement></xrdMeasurements>`;

describe('nothing dropped or guessed silently', () => {
  it('reads element symbols strictly: charges and numbers follow, letters do not', () => {
    expect(['Fe', 'Fe3+', 'O1', 'NA1', 'D1', 'o2-'].map((s) => siteElement(s)?.symbol)).to.deep.equal(['Fe', 'Fe', 'O', 'Na', 'H', 'O']);
    for (const s of ['Cx', 'Wat1', 'OW1', 'Xx', '12', '']) expect(siteElement(s), s).to.equal(null);
  });

  it('refuses CIF sites labelled with element-like names that are not elements', () => {
    expect(() => structureFromCif(withLabels('Na1', 'Cx1'))).to.throw(StructureError, /unknown element 'Cx1'/);
    expect(() => structureFromCif(withLabels('Wat1'))).to.throw(StructureError, /unknown element 'Wat1'/);
  });

  it('reads recipe numbers written as strings and reports values that are not numbers', () => {
    const record = (values: unknown[]) => JSON.stringify({
      target: { material_formula: 'BaTiO3' }, precursors: [{ material_formula: 'BaCO3' }],
      operations: [{ type: 'HeatingOperation', token: 'heated', conditions: { heating_temperature: [{ values, units: '°C' }] } }],
    });
    const ok = parseRecipeLine(record(['800', 900]), { source: 'f', line: 1, kind: 'solid-state' });
    expect(JSON.stringify(ok.recipe)).to.include('800');
    const bad = parseRecipeLine(record(['about 800']), { source: 'f', line: 2, kind: 'solid-state' });
    expect(bad.issues.map((i) => i.reason)).to.include('temperature value not a number');
  });

  it('reports malformed optional fields of a scan instead of dropping them silently', () => {
    const clean = parseXrdml(scan('<kAlpha1>1.5406</kAlpha1>'));
    expect(clean.warnings).to.deep.equal([]);
    const s = parseXrdml(scan('<kAlpha1>abc</kAlpha1><ratioKAlpha2KAlpha1>7</ratioKAlpha2KAlpha1>', '<commonCountingTime>-1</commonCountingTime><beamAttenuationFactors>1 2</beamAttenuationFactors>'));
    expect(s.wavelength).to.equal(null);
    expect(s.warnings!.join('\n')).to.match(/kAlpha1/).and.match(/ratioKAlpha2KAlpha1/).and.match(/commonCountingTime/).and.match(/beamAttenuationFactors has 2 values for 4 points/);
  });
});
