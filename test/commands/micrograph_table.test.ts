import { expect } from 'chai';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { rockSalt } from '../helpers/cif.js';
import { tempFile } from '../helpers/cli.js';
import { runMain } from '../helpers/run_main.js';

/** A structure table whose first row has a broken CIF. */
function table(): string {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return ['material_id,cif', `bad-1,${quote('data_x\n_cell_length_a oops')}`, `nacl-1,${quote(rockSalt(5.64))}`, ''].join('\n');
}

describe('micrograph over a structure table', () => {
  it('reports the rows it skipped on the way to the one asked for', async () => {
    const csv = tempFile('t.csv', table());
    const png = join(mkdtempSync(join(tmpdir(), 'matalign-mg-')), 'a.png');
    const r = await runMain(['micrograph', csv, '--id', 'nacl-1', '--defect', 'vacancy', '--seed', '1', '--size', '32', '--png', png]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/skipped: bad-1 \(row 1\)/);
  });

  it('says why the structure asked for was skipped', async () => {
    const csv = tempFile('t.csv', table());
    const png = join(mkdtempSync(join(tmpdir(), 'matalign-mg-')), 'a.png');
    const r = await runMain(['micrograph', csv, '--id', 'bad-1', '--defect', 'vacancy', '--seed', '1', '--png', png]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/structure 'bad-1' \(row 1\) was skipped: /);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
  });
});
