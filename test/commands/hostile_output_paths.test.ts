import { expect } from 'chai';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { outputPathFor, sanitizeFileName } from '../../lib/commands/options.js';
import { structureCsv, smallCif, tempDir } from '../helpers/hostile_fixtures.js';
import { rockSalt } from '../helpers/cif.js';
import { runMain } from '../helpers/run_main.js';

describe('output paths built from data', () => {
  it('turns ids with separators, parent steps and absolute paths into one plain name', () => {
    for (const id of ['../../x', '/tmp/x', 'a/b', '..', '.', '', 'C:\\evil', 'a\0b', 'x'.repeat(500)]) {
      const name = sanitizeFileName(id);
      expect(name, id).to.match(/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/);
      expect(name.length).to.be.at.most(120);
    }
    expect(sanitizeFileName('mp-1234')).to.equal('mp-1234');
  });

  it('resolves every data-built name inside the output folder', () => {
    const out = tempDir();
    for (const id of ['../../x', '/tmp/x', 'a/b/../../../c', '....//x']) {
      const path = outputPathFor(out, `micrograph_${id}.png`);
      expect(dirname(path)).to.equal(out);
      expect(relative(out, path).startsWith('..')).to.equal(false);
    }
  });

  it('writes the pipeline example images of hostile ids inside --out and counts exactly the files written', async () => {
    const data = tempDir();
    const outside = tempDir();
    mkdirSync(join(data, 'mp20'));
    const hostile = `../../${relative('/', outside)}/pwned`;
    writeFileSync(join(data, 'mp20/train_partial.csv.gz'), gzipSync(structureCsv([[hostile, rockSalt()], ['/tmp/abs', smallCif()], ['a/b', smallCif('MgO2')]])));
    const out = join(data, 'out');
    const r = await runMain(['pipeline', data, '--out', out, '--json']);
    expect(r.code, r.stderr).to.equal(0);
    const summary = JSON.parse(r.stdout);
    const written = readdirSync(out).filter((f) => f.endsWith('.png'));
    expect(summary.micrographs.examples).to.have.length(written.length);
    for (const path of summary.micrographs.examples as string[]) {
      expect(dirname(path)).to.equal(out);
      expect(existsSync(path)).to.equal(true);
    }
    expect(readdirSync(outside)).to.deep.equal([]);
    expect(existsSync('/tmp/abs_pristine.png')).to.equal(false);
  });
});
