import { expect } from 'chai';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporaryPathBeside, writeFileAtomic } from '../../../lib/data/sources/atomic_file.js';

describe('writeFileAtomic', () => {
  it('creates the folder, replaces the file whole and leaves no temporary file', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'matalign-atomic-')), 'sub');
    await writeFileAtomic(join(dir, 'a.txt'), 'first');
    await writeFileAtomic(join(dir, 'a.txt'), 'second');
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).to.equal('second');
    expect(readdirSync(dir)).to.deep.equal(['a.txt']);
  });

  it('puts temporary files beside the target (same file system), hidden and unique', () => {
    const [a, b] = [temporaryPathBeside('/x/y/out.csv'), temporaryPathBeside('/x/y/out.csv')];
    expect(a).to.match(/^\/x\/y\/\.out\.csv\.\d+\.[0-9a-f]{8}\.tmp$/);
    expect(a).not.to.equal(b);
  });
});
