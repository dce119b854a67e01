// Resumable paged downloads. Rows of every fetched page are appended to `<out>.partial.jsonl`
// and the cursor of the next page is recorded in `<out>.partial.json` (written atomically,
// after the rows, with the byte length they end at). A run that dies — network, malformed
// page, Ctrl-C — leaves both; a re-run of the same query truncates the rows to the recorded
// length and continues at the recorded cursor. The output itself is written only at the end.
import { appendFile, readFile, rm, truncate } from 'node:fs/promises';
import { writeFileAtomic } from './atomic_file.js';
import { ProgressSink, SILENT_PROGRESS } from './progress_line.js';

export interface Page<R, C> {
  readonly rows: readonly R[];
  /** Cursor of the next page; null after the last page. */
  readonly next: C | null;
  /** Total rows the server reports for the query, when it does. */
  readonly total?: number;
}

export interface PagedDownloadOptions<R, C> {
  /** The final output file; the state files sit beside it. */
  readonly outPath: string;
  /** Describes the query (URL, filter, fields, limit); a state of another query is discarded. */
  readonly signature: string;
  /** Cursor of the first page (JSON-serialisable). */
  readonly first: C;
  readonly fetchPage: (cursor: C, rowsSoFar: number) => Promise<Page<R, C>>;
  /** Writes the output from all rows (atomically); called once, at the end. */
  readonly writeOutput: (rows: R[]) => Promise<void>;
  /** Stop after this many rows. */
  readonly limit?: number;
  readonly progress?: ProgressSink;
}

export interface PagedDownloadResult {
  readonly rows: number;
  /** Pages fetched in this run. */
  readonly pages: number;
  /** Rows already on disk from an interrupted run (0 when started fresh). */
  readonly resumedRows: number;
}

interface DownloadState<C> {
  readonly signature: string;
  readonly cursor: C;
  readonly rows: number;
  readonly bytes: number;
}

export function partialPaths(outPath: string): { state: string; rows: string } {
  return { state: `${outPath}.partial.json`, rows: `${outPath}.partial.jsonl` };
}

async function readState<C>(path: string, signature: string): Promise<DownloadState<C> | null> {
  try {
    const state = JSON.parse(await readFile(path, 'utf8')) as DownloadState<C>;
    return state.signature === signature && Number.isInteger(state.bytes) ? state : null;
  } catch {
    return null;
  }
}

export async function downloadPages<R, C>(options: PagedDownloadOptions<R, C>): Promise<PagedDownloadResult> {
  const paths = partialPaths(options.outPath);
  const progress = options.progress ?? SILENT_PROGRESS;
  const limit = options.limit ?? Infinity;
  const resumed = await readState<C>(paths.state, options.signature);
  let cursor: C | null = resumed ? resumed.cursor : options.first;
  let rows = resumed?.rows ?? 0;
  let bytes = resumed?.bytes ?? 0;
  if (resumed) await truncate(paths.rows, bytes);
  else await rm(paths.rows, { force: true });
  let pages = 0;
  while (cursor !== null && rows < limit) {
    const page: Page<R, C> = await options.fetchPage(cursor, rows);
    const kept = page.rows.slice(0, limit - rows);
    const text = kept.map((r) => JSON.stringify(r) + '\n').join('');
    await appendFile(paths.rows, text);
    bytes += Buffer.byteLength(text);
    rows += kept.length;
    pages++;
    cursor = page.rows.length === 0 ? null : page.next;
    if (cursor !== null) await writeFileAtomic(paths.state, JSON.stringify({ signature: options.signature, cursor, rows, bytes }));
    const total = page.total === undefined ? '' : ` of ${Math.min(page.total, limit)}`;
    progress.update(`page ${pages}${resumed ? ` (resumed at row ${resumed.rows})` : ''}, ${rows}${total} rows`);
  }
  const all = (await readFile(paths.rows, 'utf8').catch(() => '')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as R);
  await options.writeOutput(all);
  await rm(paths.state, { force: true });
  await rm(paths.rows, { force: true });
  progress.done(`${rows} rows in ${pages} pages${resumed ? `, resumed after ${resumed.rows} rows` : ''}`);
  return { rows, pages, resumedRows: resumed?.rows ?? 0 };
}
