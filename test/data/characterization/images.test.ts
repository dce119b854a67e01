import { expect } from 'chai';
import { strToU8, zipSync } from 'fflate';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { ImageError, decodeImage, loadImageDataset } from '../../../lib/data/characterization/images.js';
import { SHARED_DATA, sharedFile } from '../../helpers/shared_data.js';

const NEU = `${SHARED_DATA}/neu_det`;

/** A w × h grey image with a left-to-right ramp, encoded as JPEG or PNG. */
async function rampImage(format: 'jpeg' | 'png', w = 40, h = 30): Promise<Uint8Array> {
  const raw = Buffer.alloc(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw[y * w + x] = Math.round((255 * x) / (w - 1));
  const img = sharp(raw, { raw: { width: w, height: h, channels: 1 } });
  return new Uint8Array(await (format === 'jpeg' ? img.jpeg({ quality: 95 }) : img.png()).toBuffer());
}

describe('images: measured micrographs from a zip and a label table', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'images-test-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports escaping, corrupt, unlabelled and missing entries by name and keeps the good ones', async () => {
    const jpeg = await rampImage('jpeg');
    const zipPath = join(dir, 'set.zip');
    writeFileSync(zipPath, zipSync({
      'images/crazing_1.jpg': jpeg,
      'images/patches_1.png': await rampImage('png'),
      'images/corrupt_1.jpg': strToU8('this is not a JPEG at all'),
      'images/unlabelled_1.jpg': jpeg,
      '../evil.jpg': jpeg,
      '/abs/evil2.jpg': jpeg,
      'annotations/crazing_1.xml': strToU8('<annotation/>'),
    }));
    const labelsPath = join(dir, 'labels.csv.gz');
    writeFileSync(labelsPath, gzipSync([
      'image,annotation,class,class_id',
      'images/crazing_1.jpg,annotations/crazing_1.xml,crazing,0',
      'images/patches_1.png,,patches,2',
      'images/corrupt_1.jpg,,crazing,0',
      'images/missing_1.jpg,,patches,2',
      '../evil.jpg,,crazing,0',
    ].join('\n')));
    const { images, classes, skipped } = await loadImageDataset(zipPath, labelsPath, { config: { size: 16 } });
    expect(images.map((i) => [i.name, i.label, i.labelId])).to.deep.equal([
      ['images/crazing_1.jpg', 'crazing', 0], ['images/patches_1.png', 'patches', 2],
    ]);
    expect(classes[0]).to.equal('crazing');
    expect(classes[2]).to.equal('patches');
    const reasons = Object.fromEntries(skipped.map((s) => [s.name, s.reason]));
    expect(Object.keys(reasons)).to.have.members(['../evil.jpg', '/abs/evil2.jpg', 'images/corrupt_1.jpg', 'images/unlabelled_1.jpg', 'images/missing_1.jpg']);
    expect(reasons['../evil.jpg']).to.match(/escapes/);
    expect(reasons['/abs/evil2.jpg']).to.match(/absolute/);
    expect(reasons['images/corrupt_1.jpg']).to.match(/unreadable image/);
    expect(reasons['images/unlabelled_1.jpg']).to.equal('no label row');
    expect(reasons['images/missing_1.jpg']).to.match(/not in the archive/);
  });

  it('decodes to [S, S] grey or [S, S, 3] colour in [0, 1], keeping the image content', async () => {
    const grey = await decodeImage(await rampImage('png'), { size: 8 });
    expect(grey).to.be.instanceOf(Float32Array).with.length(64);
    expect(grey[0]).to.be.below(0.15);
    expect(grey[7]).to.be.above(0.85);
    expect(grey[8 * 4]).to.be.closeTo(grey[0]!, 0.02);
    const rgb = await decodeImage(await rampImage('jpeg'), { size: 8, channels: 3 });
    expect(rgb).to.have.length(8 * 8 * 3);
    expect(Math.max(...rgb)).to.be.at.most(1);
    expect(Math.min(...rgb)).to.be.at.least(0);
    await decodeImage(strToU8('garbage'), { size: 8 }).then(() => expect.fail('decoded garbage'), (e: Error) => expect(e).to.be.an('error'));
    await decodeImage(await rampImage('png'), { size: 0 }).then(() => expect.fail('accepted size 0'), (e: Error) => expect(e).to.be.instanceOf(ImageError));
  });

  it('loads the real NEU-DET images: 1,440 images in 6 classes, none skipped', async function () {
    if (!sharedFile('neu_det/neu_det_shared.zip') || !sharedFile('neu_det/labels.csv.gz')) this.skip();
    const { images, classes, skipped } = await loadImageDataset(`${NEU}/neu_det_shared.zip`, `${NEU}/labels.csv.gz`, { config: { size: 32 } });
    expect(skipped).to.deep.equal([]);
    expect(images).to.have.length(1440);
    expect(classes).to.deep.equal(['crazing', 'inclusion', 'patches', 'pitted_surface', 'rolled-in_scale', 'scratches']);
    for (const name of classes) expect(images.filter((i) => i.label === name)).to.have.length(240);
    expect(images[0]!.pixels).to.have.length(32 * 32);
    expect(images.every((i) => i.name.startsWith(`images/${i.label}_`))).to.equal(true);
  });
});
