import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { declaredSha256, mirrorData, resolveMirrorDir } from '../../../lib/data/sources/data_mirror.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** A mirror with mp20 (SOURCE.md stating a right sha256) and perov5 (a wrong one), nothing else. */
function tinyMirror(): string {
  const root = mkdtempSync(join(tmpdir(), 'matalign-mirror-'));
  mkdirSync(join(root, 'mp20'));
  writeFileSync(join(root, 'mp20', 'train_partial.csv.gz'), 'train rows');
  writeFileSync(join(root, 'mp20', 'val_partial.csv.gz'), 'val rows');
  writeFileSync(join(root, 'mp20', 'SOURCE.md'), `# MP-20\n| train_partial.csv.gz | ${sha('train rows')} |\n`);
  mkdirSync(join(root, 'perov5'));
  writeFileSync(join(root, 'perov5', 'val.csv.gz'), 'perovskites');
  writeFileSync(join(root, 'perov5', 'SOURCE.md'), `val.csv.gz sha256 ${sha('something else')}\n`);
  return root;
}

describe('data mirror', () => {
  it('copies and verifies every file, checks SOURCE.md hashes where given, and lists what is missing', async () => {
    const from = tinyMirror();
    const to = join(mkdtempSync(join(tmpdir(), 'matalign-data-')), 'data');
    const report = await mirrorData(from, to);
    const byPath = Object.fromEntries(report.files.map((f) => [f.path, f]));
    expect(byPath['mp20/train_partial.csv.gz']).to.include({ copied: true, problem: null, declaredSha256: sha('train rows'), bytes: 10 });
    expect(byPath['mp20/val_partial.csv.gz']).to.include({ copied: true, problem: null, declaredSha256: null, sha256: sha('val rows') });
    expect(byPath['perov5/val.csv.gz']!.problem).to.match(/differs from SOURCE.md/);
    expect(readFileSync(join(to, 'mp20', 'val_partial.csv.gz'), 'utf8')).to.equal('val rows');
    expect(readdirSync(join(to, 'perov5'))).to.deep.equal(['SOURCE.md']);
    expect(report.missing).to.include.members(['mp_elasticity/elasticity.csv.gz', 'synthesis/SOURCE.md']);
    expect(report.missing).not.to.include('mp20/val_partial.csv.gz');
    const again = await mirrorData(from, to);
    expect(again.files.filter((f) => f.copied)).to.have.length(0);
  });

  it('finds a sha256 on the line that names the file', () => {
    const md = `a.csv.gz ${'a'.repeat(64)}\n| b.zip | 1,024 bytes | ${'B'.repeat(64)} |\n`;
    expect(declaredSha256(md, 'b.zip')).to.equal('b'.repeat(64));
    expect(declaredSha256(md, 'c.zip')).to.equal(null);
  });

  it('takes --from first, then ../shared/data, then MATALIGN_MIRROR, and says what it tried', () => {
    const from = tinyMirror();
    const cwd = mkdtempSync(join(tmpdir(), 'matalign-cwd-'));
    expect(resolveMirrorDir(from, {}, cwd)).to.equal(from);
    expect(resolveMirrorDir(undefined, { MATALIGN_MIRROR: from }, cwd)).to.equal(from);
    expect(() => resolveMirrorDir(undefined, {}, cwd)).to.throw(/no mirror folder: tried .*shared\/data \(MATALIGN_MIRROR is not set\)/);
    expect(() => resolveMirrorDir('/no/such/dir', { MATALIGN_MIRROR: from }, cwd)).to.throw(/--from \/no\/such\/dir/);
  });
});
