import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadStructureTable, TableFormatError } from '../../../lib/data/structure/structure_table.js';
import { DataFileError } from '../../../lib/data/io/text_files.js';
import { cifText, rockSalt } from '../../helpers/cif.js';
import { sharedFile } from '../../helpers/shared_data.js';

const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;

function writeTable(rows: [string, string, string][], gzip = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'matalign-table-'));
  const text = ['material_id,band_gap,cif', ...rows.map(([id, gap, cif]) => `${id},${gap},${csvCell(cif)}`)].join('\n');
  const path = join(dir, gzip ? 't.csv.gz' : 't.csv');
  writeFileSync(path, gzip ? gzipSync(text) : text);
  return path;
}

const disordered = cifText({ cell: [4, 4, 4, 90, 90, 90], sites: [['Na', 0, 0, 0, 0.5], ['K', 0, 0, 0, 0.5]] });
const BAD_ROWS: [string, string, string, RegExp][] = [
  ['mp-bad-cif', '1.0', "data_x\nloop_\n_a\n_b\n1 2 3", /no data block/],
  ['mp-unknown-el', '1.0', cifText({ cell: [4, 4, 4, 90, 90, 90], sites: [['Qq', 0, 0, 0]] }), /unknown element 'Qq'/],
  ['mp-partial', '1.0', disordered, /partial occupancy/],
  ['mp-nan', 'nan', rockSalt(), /target 'band_gap' is not a finite number/],
  ['mp-empty', '2.0', '', /empty CIF/],
  ['mp-flat', '2.0', cifText({ cell: [4, 4, 4, 90, 90, 180], sites: [['Na', 0, 0, 0]] }), /angle gamma/],
];

describe('structure tables', () => {
  it('keeps good rows and reports every bad one with its id and reason', async () => {
    const path = writeTable([['mp-good', '1.5', rockSalt()], ...BAD_ROWS.map(([id, gap, cif]) => [id, gap, cif] as [string, string, string]), ['mp-good2', '0', rockSalt(5)]]);
    const { rows, skipped } = await loadStructureTable(path, { targets: ['band_gap'] });
    expect(rows.map((r) => r.id)).to.deep.equal(['mp-good', 'mp-good2']);
    expect(rows[0]!.properties['band_gap']).to.equal(1.5);
    expect(rows[0]!.structure.reducedFormula()).to.equal('NaCl');
    expect(skipped.map((s) => s.id)).to.deep.equal(BAD_ROWS.map((b) => b[0]));
    skipped.forEach((s, i) => expect(s.reason, s.id).to.match(BAD_ROWS[i]![3]));
    expect(skipped.map((s) => s.row)).to.deep.equal([2, 3, 4, 5, 6, 7]);
  });

  it('accepts disordered rows when asked, as virtual-crystal sites', async () => {
    const { rows } = await loadStructureTable(writeTable([['mp-partial', '1', disordered]]), { allowDisorder: true });
    expect(rows[0]!.structure.sites[0]!.species).to.have.length(2);
  });

  it('reads gzip files whatever their name says', async () => {
    const path = writeTable([['mp-good', '1.5', rockSalt()]], true);
    expect((await loadStructureTable(path)).rows).to.have.length(1);
  });

  it('fails clearly on a missing file or a missing column', async () => {
    try { await loadStructureTable('/no/such/file.csv'); expect.fail('no error'); } catch (e) { expect(e).to.be.instanceOf(DataFileError); }
    const path = writeTable([['mp-good', '1.5', rockSalt()]]);
    try { await loadStructureTable(path, { targets: ['formation_energy'] }); expect.fail('no error'); } catch (e) {
      expect(e).to.be.instanceOf(TableFormatError);
      expect((e as Error).message).to.match(/no target column 'formation_energy'/);
    }
  });

  it('reads real MP-20 rows with the reduced formula Materials Project gives them', async function () {
    const path = sharedFile('mp20/train_partial.csv.gz');
    if (!path) this.skip();
    const { rows, skipped } = await loadStructureTable(path!, { limit: 40, targets: ['formation_energy_per_atom', 'band_gap'] });
    expect(skipped).to.have.length(0);
    expect(rows).to.have.length(40);
    for (const r of rows) expect(r.structure.reducedFormula(), r.id).to.equal(r.fields['pretty_formula']);
  });
});
