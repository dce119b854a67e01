import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { parseZoneAxis, runMicrographCommand } from '../../lib/commands/micrograph.js';
import { InputError } from '../../lib/errors.js';
import { capture } from '../helpers/capture.js';
import { rockSalt } from '../helpers/cif.js';
import { tempFile } from '../helpers/cli.js';

describe('matalign micrograph', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'micrograph-cli-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a micrograph PNG and reports its label and defect position', async () => {
    const cif = tempFile('nacl.cif', rockSalt(5.64));
    const png = join(dir, 'v.png');
    const { code, stdout } = await capture(() => runMicrographCommand([cif, '--defect', 'vacancy', '--seed', '3', '--png', png, '--json', '--size', '64']));
    expect(code).to.equal(0);
    const rec = JSON.parse(stdout);
    expect(rec.label).to.equal('vacancy');
    expect(rec.defect_px).to.have.length(2);
    expect(Math.hypot(rec.defect_px[0] - 32, rec.defect_px[1] - 32)).to.be.below(16);
    const meta = await sharp(readFileSync(png)).metadata();
    expect([meta.width, meta.height, meta.channels]).to.deep.equal([64, 64, 1]);
    const again = await capture(() => runMicrographCommand([cif, '--defect', 'vacancy', '--seed', '3', '--json', '--size', '64']));
    expect(JSON.parse(again.stdout).defect_px).to.deep.equal(rec.defect_px);
    await runMicrographCommand([cif, '--defect', 'dislocation']).then(() => expect.fail('accepted'), (e) => expect(e).to.be.instanceOf(InputError));
  });

  it('reads zone axes written as 001, 1-10, [1 1 0] or 1,-1,0', () => {
    expect(parseZoneAxis('001')).to.deep.equal([0, 0, 1]);
    expect(parseZoneAxis('1-10')).to.deep.equal([1, -1, 0]);
    expect(parseZoneAxis('[1 1 0]')).to.deep.equal([1, 1, 0]);
    expect(parseZoneAxis('1,-1,0')).to.deep.equal([1, -1, 0]);
    expect(() => parseZoneAxis('12')).to.throw(InputError);
  });
});
