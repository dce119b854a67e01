import { expect } from 'chai';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jobDataFiles, locateDataDir, missingDataNotes } from '../../lib/commands/job_data.js';
import { InputError } from '../../lib/errors.js';

/** A folder with the given files (empty contents). */
function folder(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'matalign-jobdata-'));
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), '');
  }
  return dir;
}

describe('finding the main job\'s data', () => {
  it('prefers data/ over ../shared/data and MATALIGN_MIRROR', () => {
    const root = folder(['repo/data/mp20/train_partial.csv.gz', 'shared/data/mp20/val_partial.csv.gz']);
    expect(locateDataDir(undefined, {}, join(root, 'repo'))).to.equal(join(root, 'repo/data'));
  });

  it('falls back to ../shared/data, then to MATALIGN_MIRROR', () => {
    const root = folder(['shared/data/mp20/val_partial.csv.gz', 'mirror/mp20/train_partial.csv.gz']);
    mkdirSync(join(root, 'repo'));
    expect(locateDataDir(undefined, { MATALIGN_MIRROR: join(root, 'mirror') }, join(root, 'repo'))).to.equal(join(root, 'shared/data'));
    const lone = folder(['mirror/mp20/train_partial.csv.gz', 'repo/.keep']);
    expect(locateDataDir(undefined, { MATALIGN_MIRROR: join(lone, 'mirror') }, join(lone, 'repo'))).to.equal(join(lone, 'mirror'));
  });

  it('names every place it looked and how to fill one when nothing is there', () => {
    const root = folder(['repo/.keep']);
    expect(() => locateDataDir(undefined, {}, join(root, 'repo'))).to.throw(InputError, /data, .*shared\/data, MATALIGN_MIRROR \(not set\).*matalign data mirror/);
  });

  it('rejects an explicit folder that is missing or holds no structure table', () => {
    const empty = folder(['x.txt']);
    expect(() => locateDataDir('/no/such/folder')).to.throw(InputError, /no such folder/);
    expect(() => locateDataDir(empty)).to.throw(InputError, /no structure table/);
  });

  it('lists the files present and notes each optional data set that is absent', () => {
    const dir = folder(['mp20/train_partial.csv.gz', 'synthesis/sol-gel_2020-07-13.shared.jsonl.gz', 'neu_det/neu_det_shared.zip', 'neu_det/labels.csv.gz', 'alab_xrd_dara/xrdml_shared.zip']);
    const files = jobDataFiles(dir);
    expect(files.structures).to.deep.equal([join(dir, 'mp20/train_partial.csv.gz')]);
    expect(files.synthesis).to.deep.equal([join(dir, 'synthesis/sol-gel_2020-07-13.shared.jsonl.gz')]);
    expect(files.micrographs).to.deep.equal({ zip: join(dir, 'neu_det/neu_det_shared.zip'), labels: join(dir, 'neu_det/labels.csv.gz') });
    expect(files.measuredXrd, 'labels missing').to.equal(null);
    const notes = missingDataNotes(files);
    expect(notes).to.have.length(1);
    expect(notes[0]).to.match(/no measured XRD scans/);
  });
});
