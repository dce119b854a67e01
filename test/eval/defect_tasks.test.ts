import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImageTask } from '../../lib/eval/defect_tasks.js';
import { InputError } from '../../lib/errors.js';
import { writeTinyImageZip } from '../helpers/defect_fixtures.js';

describe('defect identification tasks from measured images', function () {
  this.timeout(20_000);
  let dir = '';
  before(() => { dir = mkdtempSync(join(tmpdir(), 'defect-tasks-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const sub = (name: string) => { const p = join(dir, name); mkdirSync(p); return p; };

  it('splits one zip by a seeded stratified split and says so', async () => {
    const files = await writeTinyImageZip(sub('one'), ['crazing', 'patches'], 10, 12);
    const { task, note } = await buildImageTask(files, files, { imageSize: 8, splitTest: 0.2, seed: 1 });
    expect(note).to.match(/stratified split, 16 training \/ 4 test/);
    const test = task.tests[0]!;
    expect(test.dataset).to.equal('neu_det');
    expect(test.indices.filter((i) => test.set.labels[i] === 0)).to.have.length(2);
    expect(task.trainIndices.filter((i) => test.indices.includes(i))).to.deep.equal([]);
    expect(task.train.size).to.equal(8);
    expect(task.train.pixels).to.have.length(20 * 64);
    expect(task.train.classes).to.deep.equal(['crazing', 'patches']);
  });

  it('uses separate training and test files whole, and refuses different class lists', async () => {
    const a = await writeTinyImageZip(sub('a'), ['crazing', 'patches'], 4, 12);
    const b = await writeTinyImageZip(sub('b'), ['crazing', 'patches'], 2, 12);
    const { task, note } = await buildImageTask(a, b, { imageSize: 8, splitTest: 0.2, seed: 1 });
    expect(note).to.match(/separate files: 8 training \/ 4 test/);
    expect(task.trainIndices).to.have.length(8);
    const c = await writeTinyImageZip(sub('c'), ['crazing', 'scratches'], 2, 12);
    await buildImageTask(a, c, { imageSize: 8, splitTest: 0.2, seed: 1 }).then(() => expect.fail('accepted'), (e) => expect(e).to.be.instanceOf(InputError));
  });
});
