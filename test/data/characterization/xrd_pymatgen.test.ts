import { expect } from 'chai';
import { simulateXrd } from '../../../lib/data/characterization/xrd.js';
import { comparePeaks, pymatgenAvailable, pymatgenPatterns, takeStructures } from '../../../bench/xrd_agreement.js';
import { SHARED_DATA, sharedFile } from '../../helpers/shared_data.js';

const MP20 = `${SHARED_DATA}/mp20`;

describe('xrd: agreement with pymatgen XRDCalculator on MP-20 structures', function () {
  this.timeout(120_000);

  before(function () {
    if (!pymatgenAvailable() || !sharedFile('mp20/train_partial.csv.gz') || !sharedFile('mp20/val_partial.csv.gz')) this.skip();
  });

  for (const [wavelength, range] of [['CuKa', [10, 80]], ['MoKa', [5, 50]]] as const) {
    it(`finds every peak above 1 % within 0.02° and 2 intensity units (${wavelength}, ${range.join('–')}°)`, async () => {
      const rows = [...await takeStructures(`${MP20}/train_partial.csv.gz`, 6, 40), ...await takeStructures(`${MP20}/val_partial.csv.gz`, 4, 500)];
      const refs = await pymatgenPatterns(rows.map((r) => ({ id: r.id, cif: r.cif })), ['--wavelength', wavelength, '--two-theta', range.join(',')]);
      rows.forEach((row, i) => {
        const ref = refs[i]!;
        expect(ref.error, row.id).to.equal(undefined);
        const ours = simulateXrd(row.structure, { wavelength, twoThetaRange: [...range] });
        const a = comparePeaks({ x: ours.peaks.map((p) => p.twoTheta), y: ours.peaks.map((p) => p.intensity) }, { x: ref.two_theta!, y: ref.intensity! });
        expect(a.compared, row.id).to.be.above(0);
        expect(a.within, row.id).to.equal(a.compared);
        expect(ours.peaks.length, row.id).to.equal(ref.two_theta!.length);
      });
    });
  }
});
