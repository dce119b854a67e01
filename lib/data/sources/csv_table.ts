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
