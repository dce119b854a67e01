import { expect } from 'chai';
import { strToU8, zipSync } from 'fflate';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { structuresFromCif } from '../../lib/data/structure/crystal.js';
import { simulatedMicrographExamples, xrdExampleSeries } from '../../lib/report/run_examples.js';
import { cesiumChloride, rockSalt } from '../helpers/cif.js';
import { peakOnBackground, xrdml } from '../helpers/xrdml_fixtures.js';

const nacl = { id: 'mp-22862', formula: 'NaCl', structure: structuresFromCif(rockSalt())[0]! };
const cscl = { id: 'mp-22865', formula: 'CsCl', structure: structuresFromCif(cesiumChloride())[0]! };

/** A zip of two scans with an A-Lab-style label table; the second names NaCl as a precursor. */
function measuredArchive(dir: string) {
  const zip = join(dir, 'scans.zip');
  writeFileSync(zip, zipSync({ 'mix/a.xrdml': strToU8(xrdml(peakOnBackground(401, 30))), 'mix/b.xrdml': strToU8(xrdml(peakOnBackground(401, 31.7))) }));
  const labels = join(dir, 'labels.csv.gz');
  const row = (file: string, formula: string) => `${file},${file.slice(4, 5)},"[{""formula"": ""${formula}"", ""weight_fraction"": 1}]"`;
  writeFileSync(labels, gzipSync(['file,sample_id,precursors_json', row('mix/a.xrdml', 'MgO'), row('mix/b.xrdml', 'NaCl')].join('\n')));
  return { zip, labels };
}

describe('example data for a report', function () {
  this.timeout(60_000);

  it('stacks the measured scan whose precursor has a structure above that precursor\'s simulated pattern', async () => {
    const series = await xrdExampleSeries([cscl, nacl], measuredArchive(mkdtempSync(join(tmpdir(), 'matalign-ex-'))));
    expect(series.map((s) => s.label)).to.deep.equal(['measured (A-Lab): b', 'simulated: NaCl (mp-22862)']);
    for (const s of series) {
      expect(s.twoTheta[0]).to.equal(10);
      expect(s.twoTheta[s.twoTheta.length - 1]).to.equal(80);
      expect(s.intensity).to.have.length(s.twoTheta.length);
    }
    expect(Math.min(...series[0]!.intensity)).to.be.greaterThan(Math.max(...series[1]!.intensity) - 1e-9);
  });

  it('falls back to simulated patterns of the first structures without measured scans', async () => {
    const series = await xrdExampleSeries([cscl, nacl], null);
    expect(series.map((s) => s.label)).to.deep.equal(['simulated: CsCl (mp-22865)', 'simulated: NaCl (mp-22862)']);
    expect(Math.max(...series[1]!.intensity)).to.be.closeTo(1, 1e-6);
  });

  it('writes one simulated micrograph per defect class as a 64 px PNG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'matalign-ex-'));
    const images = await simulatedMicrographExamples([nacl], dir, 0);
    expect(images.map((im) => im.label.split(': ')[1])).to.deep.equal(['pristine', 'vacancy', 'substitution', 'interstitial', 'antisite']);
    for (const im of images) {
      expect(existsSync(im.png)).to.equal(true);
      const meta = await sharp(im.png).metadata();
      expect([meta.width, meta.height]).to.deep.equal([64, 64]);
    }
  });
});
