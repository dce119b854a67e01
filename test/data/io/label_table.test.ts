import { expect } from 'chai';
import { gzipSync } from 'node:zlib';
import { readLabelTable } from '../../../lib/data/io/label_table.js';
import { TableFormatError } from '../../../lib/data/structure/structure_table.js';
import { tempFile } from '../../helpers/cli.js';

describe('label_table: label CSVs keyed by file name', () => {
  it('keys rows by the normalised file name and reports empty or repeated names', async () => {
    const path = tempFile('labels.csv.gz', gzipSync('image,class\n./images/a.jpg,crazing\n,patches\nimages/a.jpg,scratches\nimages/b.jpg,"pitted, surface"\n'));
    const table = await readLabelTable(path, 'image', ['class']);
    expect([...table.rows.keys()]).to.deep.equal(['images/a.jpg', 'images/b.jpg']);
    expect(table.rows.get('images/a.jpg')!.class).to.equal('crazing');
    expect(table.rows.get('images/b.jpg')!.class).to.equal('pitted, surface');
    expect(table.problems.map((p) => p.row)).to.deep.equal([2, 3]);
    expect(table.columns).to.deep.equal(['image', 'class']);
  });

  it('names a missing required column', async () => {
    const path = tempFile('labels.csv', 'file,label\na.xrdml,x\n');
    await readLabelTable(path, 'image').then(() => expect.fail('read'), (e) => {
      expect(e).to.be.instanceOf(TableFormatError);
      expect((e as Error).message).to.match(/no column 'image'/);
    });
  });
});
