import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { structureCsv, smallCif, tempDir, writeTemp } from '../helpers/hostile_fixtures.js';
import { isOneLineRefusal, runMain } from '../helpers/run_main.js';

/** Runs the CLI through a shell so that stdout can be a closed pipe or a full device. */
function shell(command: string): { code: number; stderr: string } {
  const r = spawnSync('bash', ['-c', command], { encoding: 'utf8' });
  return { code: r.status ?? -1, stderr: r.stderr };
}

describe('file-system errors', () => {
  it('gives one line for an input that is a folder, missing or unreadable', async () => {
    const dir = tempDir();
    const unreadable = join(dir, 'locked.cif');
    writeFileSync(unreadable, smallCif());
    chmodSync(unreadable, 0);
    const inputs = [dir, join(dir, 'missing.cif'), ...(process.getuid?.() === 0 ? [] : [unreadable])];
    for (const input of inputs) {
      const r = await runMain(['structure', input]);
      expect(isOneLineRefusal(r), `${input}: ${r.stderr}`).to.equal(true);
    }
  });

  it('gives one line for an output that is a folder, cannot be created or is on a full device', async () => {
    const cif = writeTemp('m.cif', smallCif());
    const file = writeTemp('plain.txt', 'x');
    const cases = [
      ['micrograph', cif, '--png', tempDir()], ['micrograph', cif, '--png', join(file, 'x.png')],
      ...(existsSync('/dev/full') ? [['micrograph', cif, '--png', '/dev/full']] : []),
      ['pipeline', tempDir(), '--out', join(file, 'out')],
    ];
    for (const args of cases) {
      const r = await runMain(args);
      expect(isOneLineRefusal(r), `${args.join(' ')}: ${r.stderr}`).to.equal(true);
    }
  });

  it('ends quietly when stdout is closed early and in one line when stdout is full', () => {
    const table = writeTemp('many.csv', structureCsv(Array.from({ length: 3000 }, (_, i) => [`mp-${i}`, smallCif()] as const)));
    const cli = `"${process.execPath}" --import tsx lib/cli.ts`;
    const piped = shell(`${cli} structure ${table} | head -1 > /dev/null; echo "rc=\${PIPESTATUS[0]}" >&2`);
    expect(piped.stderr.trim()).to.equal('rc=0');
    if (existsSync('/dev/full')) {
      const full = shell(`${cli} structure ${table} > /dev/full`);
      expect(full.code).to.equal(1);
      expect(full.stderr.trim().split('\n')).to.have.length(1);
      expect(full.stderr).to.match(/ENOSPC/);
    }
  });
});
