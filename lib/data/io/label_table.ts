// Label tables for file collections (NEU-DET labels.csv.gz, A-Lab labels.csv.gz, or any
// CSV(.gz) with a column naming the file): rows keyed by the file path inside an archive.
import { TableFormatError } from '../structure/structure_table.js';
import { readCsvRecords } from './csv_records.js';
import { normalizeEntryName } from './zip_entries.js';

export interface LabelTable {
  readonly columns: readonly string[];
  /** Normalised file name → the row (all columns as text). */
  readonly rows: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** Rows that could not be keyed (empty or repeated file name), with their 1-based row number. */
  readonly problems: readonly { readonly row: number; readonly reason: string }[];
}

/** Reads a CSV(.gz) label table keyed by `keyColumn` (e.g. 'image' or 'file'); columns in `required` must exist. */
export async function readLabelTable(path: string, keyColumn: string, required: readonly string[] = []): Promise<LabelTable> {
  const check = (header: readonly string[]) => {
    for (const c of [keyColumn, ...required]) {
      if (!header.includes(c)) throw new TableFormatError(`${path}: no column '${c}' (columns: ${header.join(', ')})`);
    }
  };
  const rows = new Map<string, Record<string, string>>();
  const problems: { row: number; reason: string }[] = [];
  let columns: string[] | undefined;
  let row = 0;
  for await (const record of readCsvRecords(path, { trim: true, onHeader: check })) {
    row++;
    columns ??= Object.keys(record);
    const key = normalizeEntryName(record[keyColumn] ?? '');
    if (!key) problems.push({ row, reason: `empty '${keyColumn}'` });
    else if (rows.has(key)) problems.push({ row, reason: `'${key}' listed again` });
    else rows.set(key, record);
  }
  return { columns: columns ?? [], rows, problems };
}
