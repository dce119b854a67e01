import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { safeFileStem, writeDefectExamples } from '../../lib/eval/defect_examples.js';
import { brightSpotSet } from '../helpers/defect_fixtures.js';

describe('defect example images', () => {
  let dir = '';
  before(() => { dir = mkdtempSync(join(tmpdir(), 'defect-examples-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one upscaled grey PNG per class of each test set, paths relative to the metrics folder', async () => {
    const set = { ...brightSpotSet(6, 3, 16), classes: ['../up', 'a b', 'ok'] };
    const examples = await writeDefectExamples([{ dataset: 'neu/det', set, indices: [3, 4] }], join(dir, 'defect_examples'), dir);
    expect(examples.map((e) => e.label)).to.deep.equal(['../up', 'a b']);
    expect(examples.map((e) => e.png)).to.deep.equal(['defect_examples/neu_det__up.png', 'defect_examples/neu_det_a_b.png']);
    for (const e of examples) expect(existsSync(join(dir, e.png))).to.equal(true);
    const meta = await sharp(readFileSync(join(dir, examples[0]!.png))).metadata();
    expect([meta.width, meta.height, meta.channels]).to.deep.equal([128, 128, 1]);
  });

  it('builds file names from safe characters only', () => {
    expect(safeFileStem('../../etc/passwd')).to.equal('_.._etc_passwd');
    expect(safeFileStem('')).to.equal('_');
    expect(safeFileStem('rolled-in_scale')).to.equal('rolled-in_scale');
  });
});
