import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readCsvRecords } from '../../../lib/data/io/csv_records.js';
import { DataFileError } from '../../../lib/data/io/text_files.js';
import { loadRecipes } from '../../../lib/data/synthesis/synthesis.js';
import { loadStructureTable } from '../../../lib/data/structure/structure_table.js';
import { structureCsv, smallCif, tempDir, writeTemp } from '../../helpers/hostile_fixtures.js';
import { isOneLineRefusal, runMain } from '../../helpers/run_main.js';

async function failure(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

const table = structureCsv(Array.from({ length: 40 }, (_, i) => [`mp-${i}`, smallCif()] as const));
const truncated = (bytes: Uint8Array) => bytes.subarray(0, Math.floor(bytes.length / 2));
const corrupt = (bytes: Uint8Array) => { const b = Uint8Array.from(bytes); b.fill(0x55, 12, 60); return b; };

describe('corrupt, truncated and malformed tables', () => {
  it('reports a truncated .csv.gz as a DataFileError naming the file', async () => {
    const path = writeTemp('t.csv.gz', truncated(gzipSync(table)));
    const e = await failure(() => loadStructureTable(path));
    expect(e).to.be.instanceOf(DataFileError);
    expect(e.message).to.include(path).and.match(/truncated gzip/);
  });

  it('reports a corrupt .csv.gz and a truncated .jsonl.gz as DataFileErrors', async () => {
    const csv = writeTemp('c.csv.gz', corrupt(gzipSync(table)));
    expect(await failure(() => loadStructureTable(csv))).to.be.instanceOf(DataFileError);
    const jsonl = writeTemp('r.jsonl.gz', truncated(gzipSync('{"a": 1}\n'.repeat(2000))));
    const e = await failure(() => loadRecipes([jsonl]));
    expect(e).to.be.instanceOf(DataFileError);
    expect(e.message).to.include(jsonl);
  });

  it('names the file and line of an unbalanced quote', async () => {
    const path = writeTemp('q.csv', 'material_id,cif\nmp-1,"data_x\nmp-2,y\n');
    const e = await failure(() => loadStructureTable(path));
    expect(e).to.be.instanceOf(DataFileError);
    expect(e.message).to.match(/q\.csv line \d+: unbalanced quote/);
  });

  it('refuses a semicolon-separated file, naming the separator', async () => {
    const path = writeTemp('s.csv', 'material_id;cif\nmp-1;x\n');
    expect((await failure(() => loadStructureTable(path))).message).to.match(/separated by semicolons/);
  });

  it('reads .tsv files as tab-separated', async () => {
    const path = writeTemp('t.tsv', `material_id\tcif\nmp-7\t"${smallCif().replace(/"/g, '""')}"\n`);
    const { rows } = await loadStructureTable(path);
    expect(rows.map((r) => r.id)).to.deep.equal(['mp-7']);
    const records = [];
    for await (const r of readCsvRecords(writeTemp('x.tsv', 'a\tb\n1,2\t3\n'))) records.push(r);
    expect(records).to.deep.equal([{ a: '1,2', b: '3' }]);
  });

  it('gives the CLI one line and a non-zero exit for a truncated table', async () => {
    const path = writeTemp('t.csv.gz', truncated(gzipSync(table)));
    const r = await runMain(['structure', path]);
    expect(isOneLineRefusal(r), r.stderr).to.equal(true);
    expect(r.stderr).to.include(path);
  });

  it('lets the pipeline skip a corrupt data set with its reason and go on with the others', async () => {
    const data = tempDir();
    mkdirSync(join(data, 'mp20'));
    mkdirSync(join(data, 'perov5'));
    writeFileSync(join(data, 'mp20/train_partial.csv.gz'), truncated(gzipSync(table)));
    writeFileSync(join(data, 'perov5/val.csv.gz'), gzipSync(structureCsv([['p-1', smallCif()]])));
    const r = await runMain(['pipeline', data, '--out', join(data, 'out'), '--json']);
    expect(r.code, r.stderr).to.equal(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.structures.mp20.error).to.match(/truncated gzip/);
    expect(summary.structures.perov5.graphs).to.equal(1);
    expect(r.stderr).to.match(/structures mp20: skipped \(.*truncated gzip/);
  });
});
