import { expect } from 'chai';
import { ProgressLine } from '../../../lib/data/sources/progress_line.js';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (s: string) => { out.push(s); return true; } } as unknown as NodeJS.WritableStream & { isTTY: boolean } };
}

describe('ProgressLine', () => {
  it('rewrites one line in place on a terminal and ends it with a newline', () => {
    const { out, stream } = sink(true);
    const p = new ProgressLine('mp', { stream });
    p.update('page 1');
    p.update('page 2');
    p.done('3 rows');
    expect(out.every((s) => s.startsWith('\r'))).to.equal(true);
    expect(out.at(-1)).to.match(/mp: 3 rows\n$/);
  });

  it('prints at most one line per interval to a log, and never a secret', () => {
    const { out, stream } = sink(false);
    const p = new ProgressLine('mp', { stream, intervalMs: 60_000, secrets: ['topsecret'] });
    p.update('page 1 topsecret');
    p.update('page 2');
    p.done();
    expect(out).to.deep.equal(['mp: page 1 ***\n', 'mp: page 2\n']);
  });
});
