import { expect } from 'chai';
import { zipSync, strToU8 } from 'fflate';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XrdmlError, parseXrdml, readLabelledXrdml, readXrdml } from '../../../lib/data/characterization/xrdml.js';
import { meanKAlpha, scanToProfile } from '../../../lib/data/characterization/xrd_measured.js';
import { Structure } from '../../../lib/data/structure/crystal.js';
import { elementBySymbol } from '../../../lib/data/chemistry/elements.js';
import { Lattice } from '../../../lib/data/structure/lattice.js';
import { twoThetaGrid, xrdProfile } from '../../../lib/data/characterization/xrd_profile.js';

import { SHARED_DATA, sharedFile } from '../../helpers/shared_data.js';
import { peakOnBackground, xrdml } from '../../helpers/xrdml_fixtures.js';

const ALAB = `${SHARED_DATA}/alab_xrd_dara`;
const HAVE_ALAB = sharedFile('alab_xrd_dara/xrdml_shared.zip') !== null && sharedFile('alab_xrd_dara/labels.csv.gz') !== null;

describe('xrdml: measured powder scans', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'xrdml-test-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every real A-Lab scan from the zip with its 2θ range, wavelength and counting time', async function () {
    if (!HAVE_ALAB) this.skip();
    const { scans, skipped } = await readXrdml(`${ALAB}/xrdml_shared.zip`);
    expect(scans).to.have.length(48);
    expect(skipped).to.deep.equal([]);
    const scan = scans.find((s) => s.name === 'binary_reactions/CoO-ZnO_1100C_60min.xrdml')!;
    expect(scan.twoTheta.length).to.equal(scan.intensity.length).and.to.be.above(8000);
    expect(scan.twoTheta[0]).to.be.closeTo(9.90343322, 1e-8);
    expect(scan.twoTheta[scan.twoTheta.length - 1]).to.be.closeTo(100.09488522, 1e-8);
    expect(scan.wavelength).to.deep.equal({ kAlpha1: 1.540598, kAlpha2: 1.544426, ratio: 0.5 });
    expect(scan.countingTime).to.equal(13.77);
    expect(scan.intensity[0]).to.be.closeTo(4121 / 13.77, 1e-9);
    expect(meanKAlpha(scan.wavelength!)).to.be.closeTo(1.54184, 1e-4);
  });

  it('joins the real scans to labels.csv.gz by file name', async function () {
    if (!HAVE_ALAB) this.skip();
    const { scans, skipped } = await readLabelledXrdml(`${ALAB}/xrdml_shared.zip`, `${ALAB}/labels.csv.gz`);
    expect(scans).to.have.length(48);
    expect(skipped).to.deep.equal([]);
    const reaction = scans.find((s) => s.scan.name.startsWith('binary_reactions/CoO-ZnO'))!;
    expect(reaction.labels.anneal_temperature_C).to.equal('1100');
    expect(JSON.parse(reaction.labels.precursors_json!)).to.have.length(2);
  });

  it('puts a real scan on the simulation grid: [P] float32 in [0, 1], background near zero', async function () {
    if (!HAVE_ALAB) this.skip();
    const { scans } = await readXrdml(`${ALAB}/xrdml_shared.zip`);
    const profile = scanToProfile(scans[0]!);
    expect(profile).to.be.instanceOf(Float32Array).with.length(twoThetaGrid().length);
    expect(Math.max(...profile)).to.equal(1);
    expect(Math.min(...profile)).to.be.at.least(0);
    const sorted = Array.from(profile).sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).to.be.below(0.05);
  });

  it('matches a simulated ZnO pattern to the measured scans that contain ZnO', async function () {
    if (!HAVE_ALAB) this.skip();
    // Wurtzite ZnO with experimental lattice constants (a = 3.2496 Å, c = 5.2042 Å, u = 0.382).
    const site = (symbol: string, frac: [number, number, number]) => ({ species: [{ element: elementBySymbol(symbol), occupancy: 1 }], frac, label: symbol });
    const zno = new Structure(Lattice.fromParameters(3.2496, 3.2496, 5.2042, 90, 90, 120), [
      site('Zn', [1 / 3, 2 / 3, 0]), site('Zn', [2 / 3, 1 / 3, 0.5]), site('O', [1 / 3, 2 / 3, 0.382]), site('O', [2 / 3, 1 / 3, 0.882]),
    ]);
    const simulated = xrdProfile(zno);
    const cosine = (a: Float32Array, b: Float32Array) => {
      let [ab, aa, bb] = [0, 0, 0];
      a.forEach((x, i) => { ab += x * b[i]!; aa += x * x; bb += b[i]! * b[i]!; });
      return ab / Math.sqrt(aa * bb);
    };
    const { scans } = await readXrdml(`${ALAB}/xrdml_shared.zip`);
    const scores = scans.map((s) => ({ name: s.name, score: cosine(simulated, scanToProfile(s)) })).sort((p, q) => q.score - p.score);
    expect(scores[0]!.name).to.match(/TiO2_0p4009-ZnO_0p6010/);
    expect(scores[0]!.score).to.be.above(0.8);
    const mean = (xs: { score: number }[]) => xs.reduce((t, x) => t + x.score, 0) / xs.length;
    expect(mean(scores.filter((s) => /ZnO/.test(s.name)))).to.be.above(2 * mean(scores.filter((s) => !/ZnO/.test(s.name))));
  });

  it('reads a single .xrdml file and rejects files that are not XRDML scans', async () => {
    const path = join(dir, 'one.xrdml');
    writeFileSync(path, xrdml([1, 2, 3, 4, 5]));
    const { scans } = await readXrdml(path);
    expect(Array.from(scans[0]!.twoTheta)).to.deep.equal([20, 30, 40, 50, 60]);
    expect(Array.from(scans[0]!.intensity)).to.deep.equal([0.5, 1, 1.5, 2, 2.5]);
    expect(() => parseXrdml('<xrdMeasurements><oops></xrdMeasurements>')).to.throw(XrdmlError, /not well-formed/);
    expect(() => parseXrdml('<html><body/></html>')).to.throw(XrdmlError, /not an XRDML scan/);
    expect(() => parseXrdml(xrdml([1, 2, 'x' as unknown as number]))).to.throw(XrdmlError, /non-numeric/);
  });

  it('reports corrupt, foreign and escaping zip entries and keeps the good ones', async () => {
    const path = join(dir, 'scans.zip');
    writeFileSync(path, zipSync({
      'good/a.xrdml': strToU8(xrdml(peakOnBackground(401, 40))),
      'good/broken.xrdml': strToU8('<xrdMeasurements><xrdMeasurement>'),
      'good/notes.txt': strToU8('hello'),
      '../evil.xrdml': strToU8(xrdml([1, 2, 3])),
    }));
    const { scans, skipped } = await readXrdml(path);
    expect(scans.map((s) => s.name)).to.deep.equal(['good/a.xrdml']);
    const reasons = Object.fromEntries(skipped.map((s) => [s.name, s.reason]));
    expect(Object.keys(reasons)).to.have.members(['good/broken.xrdml', 'good/notes.txt', '../evil.xrdml']);
    expect(reasons['../evil.xrdml']).to.match(/escapes/);
    expect(reasons['good/broken.xrdml']).to.match(/not well-formed/);
  });
});
