import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rockSalt } from '../helpers/cif.js';
import { tempDir, writeTemp } from '../helpers/hostile_fixtures.js';
import { isOneLineRefusal, runMain } from '../helpers/run_main.js';

describe('empty or unusable input', () => {
  it('says a table has no rows, no header or no CIF column', async () => {
    const cases: [string, string, RegExp][] = [
      ['header.csv', 'material_id,cif\n', /no data rows/],
      ['empty.csv', '', /empty table/],
      ['nocif.csv', 'material_id,formula\nmp-1,NaCl\n', /no CIF column 'cif'/],
    ];
    for (const [name, text, message] of cases) {
      const r = await runMain(['structure', writeTemp(name, text)]);
      expect(isOneLineRefusal(r), r.stderr).to.equal(true);
      expect(r.stderr).to.match(message);
    }
  });

  it('says when every row of a table was skipped', async () => {
    const r = await runMain(['xrd', writeTemp('bad.csv', 'material_id,cif\nmp-1,"data_x\n_cell_length_a 3"\n')]);
    expect(isOneLineRefusal(r), r.stderr).to.equal(true);
    expect(r.stderr).to.match(/no usable structure \(1 skipped; first: mp-1/);
  });

  it('says a data folder holds nothing recognisable', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'misc'));
    writeFileSync(join(dir, 'misc/notes.txt'), 'hello');
    const r = await runMain(['pipeline', dir, '--out', join(dir, 'out')]);
    expect(isOneLineRefusal(r), r.stderr).to.equal(true);
    expect(r.stderr).to.match(/nothing recognisable/);
  });

  it('refuses an extra positional argument with one line', async () => {
    const cif = writeTemp('nacl.cif', rockSalt());
    for (const c of ['structure', 'graph', 'xrd', 'micrograph']) {
      const r = await runMain([c, cif, 'extra']);
      expect(r.code).to.equal(2);
      expect(isOneLineRefusal(r), r.stderr).to.equal(true);
    }
    const r = await runMain(['pipeline', tempDir(), 'extra']);
    expect(isOneLineRefusal(r), r.stderr).to.equal(true);
  });
});
