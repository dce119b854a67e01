// Records of a CSV(.gz) or TSV(.gz) table, read as a stream: '.tsv' files are tab-separated,
// everything else comma-separated. Syntax errors (an unbalanced quote, a file separated by
// semicolons, an oversized record) and empty tables are DataFileErrors naming the file and line.
import { parse } from 'csv-parse';
import { DataFileError, openTextStream } from './text_files.js';

/** Largest record (characters) of a table; a CIF of 20k atoms is ~2 MB. */
export const MAX_CSV_RECORD_CHARS = 64 * 1024 * 1024;

export interface CsvReadOptions {
  /** Trim spaces around fields. */
  readonly trim?: boolean;
  /** Called with the header before any row; may throw to refuse the table. */
  readonly onHeader?: (columns: readonly string[]) => void;
}

/** The field separator a file name implies: tab for .tsv(.gz), else comma. */
export function delimiterFor(path: string): string {
  return /\.tsv(\.gz)?$/i.test(path) ? '\t' : ',';
}

function csvError(e: unknown, path: string): unknown {
  const err = e as Error & { code?: string; lines?: number };
  if (typeof err.code !== 'string' || !err.code.startsWith('CSV_')) return e;
  const where = err.lines ? ` line ${err.lines}` : '';
  const what = err.code === 'CSV_QUOTE_NOT_CLOSED' ? 'unbalanced quote (a field opens a quote that never closes)'
    : err.code === 'CSV_MAX_RECORD_SIZE' ? `record longer than ${MAX_CSV_RECORD_CHARS} characters`
      : err.message.split('\n')[0];
  return new DataFileError(`${path}${where}: ${what}`, path);
}

/** A header of one column holding ';' (or a tab in a .csv) is a table with another separator. */
function checkSeparator(columns: readonly string[], path: string, delimiter: string): void {
  if (columns.length !== 1) return;
  const other = [';', '\t', ','].find((d) => d !== delimiter && columns[0]!.includes(d));
  if (other) {
    const name = other === '\t' ? 'tabs' : other === ';' ? 'semicolons' : 'commas';
    throw new DataFileError(`${path} line 1: the header is separated by ${name}, expected ${delimiter === '\t' ? 'tabs (.tsv)' : 'commas'}`, path);
  }
}

/**
 * Streams a table's rows as column → text records. Throws DataFileError for an empty file,
 * a header without rows, syntax errors and unreadable data.
 */
export async function* readCsvRecords(path: string, options: CsvReadOptions = {}): AsyncGenerator<Record<string, string>> {
  const delimiter = delimiterFor(path);
  let header: string[] | undefined;
  const parser = parse({
    columns: (names: string[]) => {
      header = names;
      checkSeparator(names, path, delimiter);
      options.onHeader?.(names);
      return names;
    },
    delimiter, relax_column_count: true, bom: true, trim: options.trim ?? false, max_record_size: MAX_CSV_RECORD_CHARS,
  });
  const source = await openTextStream(path);
  source.on('error', (e) => parser.destroy(e));
  source.pipe(parser);
  let rows = 0;
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      rows++;
      yield record;
    }
  } catch (e) {
    throw csvError(e, path);
  } finally {
    source.destroy();
    parser.destroy();
  }
  if (header === undefined) throw new DataFileError(`${path}: empty table (no header line)`, path);
  if (rows === 0) throw new DataFileError(`${path}: no data rows (only the header: ${header.join(', ')})`, path);
}
