import { expect } from 'chai';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadPages, partialPaths } from '../../../lib/data/sources/paged_download.js';

/** Pages of 2 numbered rows; page `failAt` throws once. */
function pager(pages: number, failAt: number | null) {
  const asked: number[] = [];
  let failed = false;
  return {
    asked,
    fetchPage: async (cursor: number) => {
      asked.push(cursor);
      if (cursor === failAt && !failed) {
        failed = true;
        throw new Error('connection reset');
      }
      return { rows: [2 * cursor, 2 * cursor + 1], next: cursor + 1 < pages ? cursor + 1 : null, total: 2 * pages };
    },
  };
}

describe('downloadPages', () => {
  it('continues an interrupted download at the page where it stopped', async () => {
    const outPath = join(mkdtempSync(join(tmpdir(), 'matalign-pages-')), 'out.json');
    let written: number[] = [];
    const p = pager(4, 2);
    const options = { outPath, signature: 'q1', first: 0, fetchPage: p.fetchPage, writeOutput: async (rows: number[]) => { written = rows; } };
    let error: Error | null = null;
    await downloadPages(options).catch((e: Error) => { error = e; });
    expect(error!.message).to.equal('connection reset');
    expect(existsSync(partialPaths(outPath).state)).to.equal(true);
    const result = await downloadPages(options);
    expect(p.asked).to.deep.equal([0, 1, 2, 2, 3]);
    expect(written).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(result).to.deep.equal({ rows: 8, pages: 2, resumedRows: 4 });
    expect(existsSync(partialPaths(outPath).state) || existsSync(partialPaths(outPath).rows)).to.equal(false);
  });

  it('starts over when the saved state belongs to another query, and stops at the limit', async () => {
    const outPath = join(mkdtempSync(join(tmpdir(), 'matalign-pages-')), 'out.json');
    const p = pager(4, 1);
    await downloadPages({ outPath, signature: 'q1', first: 0, fetchPage: p.fetchPage, writeOutput: async () => {} }).catch(() => {});
    let written: number[] = [];
    const q = pager(4, null);
    await downloadPages({ outPath, signature: 'q2', first: 0, limit: 3, fetchPage: q.fetchPage, writeOutput: async (rows: number[]) => { written = rows; } });
    expect(q.asked).to.deep.equal([0, 1]);
    expect(written).to.deep.equal([0, 1, 2]);
  });
});
