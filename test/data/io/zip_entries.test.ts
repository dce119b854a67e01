import { expect } from 'chai';
import { strToU8, zipSync } from 'fflate';
import { DataFileError } from '../../../lib/data/io/text_files.js';
import { normalizeEntryName, readZipEntries, unsafeEntryReason } from '../../../lib/data/io/zip_entries.js';
import { tempFile } from '../../helpers/cli.js';

describe('zip_entries: reading archives entry by entry', () => {
  it('flags names that escape the archive folder', () => {
    expect(unsafeEntryReason('images/a.jpg')).to.equal(null);
    expect(unsafeEntryReason('./images/a.jpg')).to.equal(null);
    expect(unsafeEntryReason('../a.jpg')).to.match(/escapes/);
    expect(unsafeEntryReason('images/../../a.jpg')).to.match(/escapes/);
    expect(unsafeEntryReason('..\\a.jpg')).to.match(/escapes/);
    expect(unsafeEntryReason('/etc/passwd')).to.match(/absolute/);
    expect(unsafeEntryReason('C:\\x.jpg')).to.match(/absolute/);
    expect(normalizeEntryName('./a\\b.txt')).to.equal('a/b.txt');
  });

  it('returns the accepted files, leaves directories out and rejects unsafe names', async () => {
    const path = tempFile('a.zip', zipSync({ 'd/': new Uint8Array(), 'd/x.txt': strToU8('x'), 'd/y.bin': strToU8('y'), '../z.txt': strToU8('z') }));
    const { entries, rejected } = await readZipEntries(path, (name) => name.endsWith('.txt'));
    expect(entries.map((e) => [e.name, Buffer.from(e.bytes).toString()])).to.deep.equal([['d/x.txt', 'x']]);
    expect(rejected).to.have.length(1);
    expect(rejected[0]!.name).to.equal('../z.txt');
  });

  it('fails with one clear error for a file that is not a zip', async () => {
    const path = tempFile('not.zip', 'plain text, no archive');
    await readZipEntries(path).then(() => expect.fail('read'), (e) => {
      expect(e).to.be.instanceOf(DataFileError);
      expect((e as Error).message).to.match(/not a readable zip/);
    });
  });
});
