// Writing CSV tables (RFC 4180 quoting; multi-line CIF cells quoted) atomically.
import { writeFileAtomic } from './atomic_file.js';

export type CsvCell = string | number | null | undefined;

/** One CSV field: quoted when it holds a comma, quote, CR or LF; null/undefined/NaN → empty. */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** CSV text: a header line, then one line per row in column order. */
export function csvText(columns: readonly string[], rows: readonly Readonly<Record<string, CsvCell>>[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(','));
  return lines.join('\n') + '\n';
}

export async function writeCsvAtomic(path: string, columns: readonly string[], rows: readonly Readonly<Record<string, CsvCell>>[]): Promise<void> {
  await writeFileAtomic(path, csvText(columns, rows));
}

/** A downloaded entry: a table row, or an entry that could not become one (reported, not written). */
export type DownloadRecord =
  | { readonly kind: 'row'; readonly row: Readonly<Record<string, CsvCell>> }
  | { readonly kind: 'skip'; readonly id: string; readonly reason: string };

/**
 * Writes the rows of downloaded records as one CSV (atomically) and returns the rows written and
 * the entries skipped; records of any other kind (filtered out by the caller's query) are ignored.
 */
export async function writeRecordsCsv(
  path: string, columns: readonly string[], records: readonly (DownloadRecord | { readonly kind: string })[],
): Promise<{ written: number; skipped: { id: string; reason: string }[] }> {
  const rows = records.flatMap((r) => (r.kind === 'row' ? [(r as Extract<DownloadRecord, { kind: 'row' }>).row] : []));
  const skipped = records.flatMap((r) => {
    if (r.kind !== 'skip') return [];
    const s = r as Extract<DownloadRecord, { kind: 'skip' }>;
    return [{ id: s.id, reason: s.reason }];
  });
  await writeCsvAtomic(path, columns, rows);
  return { written: rows.length, skipped };
}
