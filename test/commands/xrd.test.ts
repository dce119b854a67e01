import { expect } from 'chai';
import { runXrdCommand } from '../../lib/commands/xrd.js';
import { InputError } from '../../lib/errors.js';
import { rockSalt } from '../helpers/cif.js';
import { capture } from '../helpers/capture.js';
import { tempFile } from '../helpers/cli.js';

describe('matalign xrd', () => {
  it('prints the peaks of a CIF as JSON: 2θ, intensity, hkl families', async () => {
    const cif = tempFile('nacl.cif', rockSalt(5.64));
    const { code, stdout } = await capture(() => runXrdCommand([cif, '--json', '--two-theta', '10,80']));
    expect(code).to.equal(0);
    const rec = JSON.parse(stdout);
    expect(rec.wavelength).to.equal(1.54184);
    const strongest = rec.peaks.find((p: { intensity: number }) => p.intensity === 100);
    expect(strongest.hkls).to.deep.equal([[2, 0, 0]]);
    expect(strongest.multiplicity).to.equal(6);
    expect(strongest.two_theta).to.be.closeTo((360 / Math.PI) * Math.asin(1.54184 / (2 * 2.82)), 1e-9);
    expect(rec.peaks[0].hkls).to.deep.equal([[1, 1, 1]]);
  });

  it('takes a wavelength name or number and adds the broadened profile on request', async () => {
    const cif = tempFile('nacl.cif', rockSalt(5.64));
    const { stdout } = await capture(() => runXrdCommand([cif, '--json', '--wavelength', '0.71073', '--profile', '--points', '500']));
    const rec = JSON.parse(stdout);
    expect(rec.wavelength).to.equal(0.71073);
    expect(rec.profile.values).to.have.length(500);
    expect(Math.max(...rec.profile.values)).to.equal(1);
    const table = await capture(() => runXrdCommand([cif, '--wavelength', 'MoKa']));
    expect(table.stdout).to.match(/λ = 0\.71073 Å/).and.match(/\(2 0 0\)×6/);
    await runXrdCommand([cif, '--wavelength', 'Unobtainium']).then(() => expect.fail('accepted'), (e) => expect(e).to.be.instanceOf(InputError));
    await runXrdCommand([cif, '--two-theta', '80,10']).then(() => expect.fail('accepted'), (e) => expect(e).to.be.instanceOf(InputError));
  });

});
