import { expect } from 'chai';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cifText, rockSalt } from '../helpers/cif.js';
import { runCli } from '../helpers/cli.js';

/** A data folder laid out like the shared one, with a few structures and real recipe records. */
function tinyDataFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'matalign-pipeline-'));
  mkdirSync(join(dir, 'mp20'));
  const cell = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const rows = [
    `mp-1,${cell(rockSalt())}`,
    `mp-2,${cell(cifText({ cell: [4, 4, 4, 90, 90, 90], sites: [['Mg', 0, 0, 0], ['O', 0.5, 0.5, 0.5]] }))}`,
    `mp-bad,${cell('data_x\n_cell_length_a 3')}`,
  ];
  writeFileSync(join(dir, 'mp20/train_partial.csv.gz'), gzipSync(['material_id,cif', ...rows].join('\n')));
  mkdirSync(join(dir, 'synthesis'));
  for (const f of readdirSync('test/fixtures/synthesis')) {
    if (f.startsWith('solid-state')) copyFileSync(join('test/fixtures/synthesis', f), join(dir, 'synthesis/solid-state_2019-12-03.shared.jsonl.gz'));
  }
  return dir;
}

describe('matalign pipeline', () => {
  it('runs over a data folder and writes a summary and example micrographs', () => {
    const data = tinyDataFolder();
    const out = join(data, 'out');
    const { code, stdout, stderr } = runCli(['pipeline', data, '--out', out, '--json']);
    expect(code, stderr).to.equal(0);
    const summary = JSON.parse(stdout);
    expect(summary.structures.mp20).to.include({ graphs: 2, skipped: 1, xrd_patterns: 2 });
    expect(Object.keys(summary.structures.mp20.skipped_reasons)).to.have.length(1);
    if (existsSync(join(data, 'synthesis/solid-state_2019-12-03.shared.jsonl.gz'))) expect(summary.synthesis.usable).to.be.greaterThan(0);
    expect(summary.micrographs.per_class.vacancy).to.equal(2);
    expect(readdirSync(out).filter((f) => f.endsWith('.png')).length).to.equal(10);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).to.deep.equal(summary);
    expect(stderr).to.match(/structures mp20: 2 crystal graphs/);
  });

  it('fails with one line when the data folder does not exist', () => {
    const { code, stderr } = runCli(['pipeline', '/no/such/folder']);
    expect(code).to.equal(1);
    expect(stderr).to.match(/^matalign pipeline: no data folder/);
  });
});
