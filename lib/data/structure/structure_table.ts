// Tables of crystal structures (MP-20, Perov-5, MP elasticity, OBELiX, or any CSV with a
// CIF column), read as a stream. Bad rows are reported with id and reason, never fatal.
import { InputError } from '../../errors.js';
import { Structure, structureFromCif } from './crystal.js';
import { readCsvRecords } from '../io/csv_records.js';

export interface StructureTableOptions {
  /** Column holding the row id; default: the first of material_id, id, ID present. */
  readonly idColumn?: string;
  /** Column holding CIF text; default 'cif'. */
  readonly cifColumn?: string;
  /** Numeric columns that must be finite for a row to be kept (NaN or text → reported). */
  readonly targets?: readonly string[];
  /** Accept partially occupied sites (virtual crystal); default false: such rows are reported. */
  readonly allowDisorder?: boolean;
  /** Stop after this many kept rows. */
  readonly limit?: number;
  /** Receives every skipped row as it happens. */
  readonly onSkip?: (skip: SkippedRow) => void;
}

export interface StructureRow {
  readonly id: string;
  /** 1-based data row number in the file (header excluded). */
  readonly row: number;
  readonly structure: Structure;
  /** The requested targets (finite numbers), plus every other column that parses as a number. */
  readonly properties: Readonly<Record<string, number>>;
  /** All columns as text, CIF excluded. */
  readonly fields: Readonly<Record<string, string>>;
}

export interface SkippedRow {
  readonly id: string;
  readonly row: number;
  readonly reason: string;
}

export class TableFormatError extends InputError {
  constructor(message: string) {
    super(message);
  }
}

const ID_COLUMNS = ['material_id', 'id', 'ID', 'mp_id'];

function resolveColumns(header: readonly string[], options: StructureTableOptions, path: string) {
  const idColumn = options.idColumn ?? ID_COLUMNS.find((c) => header.includes(c));
  const cifColumn = options.cifColumn ?? 'cif';
  const columns = header.slice(0, 20).join(', ') + (header.length > 20 ? ', …' : '');
  if (!header.includes(cifColumn)) throw new TableFormatError(`${path}: no CIF column '${cifColumn}' (columns: ${columns})`);
  if (idColumn !== undefined && !header.includes(idColumn)) throw new TableFormatError(`${path}: no id column '${idColumn}' (columns: ${columns})`);
  for (const t of options.targets ?? []) {
    if (!header.includes(t)) throw new TableFormatError(`${path}: no target column '${t}' (columns: ${columns})`);
  }
  return { idColumn, cifColumn };
}

/** A finite number from a table cell, or null ('', 'nan', '<1E-10' are not numbers). */
export function tableNumber(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
}

function rowToStructure(
  record: Record<string, string>, id: string, row: number, cols: { cifColumn: string }, options: StructureTableOptions,
): StructureRow | string {
  const properties: Record<string, number> = {};
  for (const t of options.targets ?? []) {
    const v = tableNumber(record[t]);
    if (v === null) return `target '${t}' is not a finite number ('${record[t] ?? ''}')`;
    properties[t] = v;
  }
  const cif = record[cols.cifColumn] ?? '';
  if (!cif.trim()) return 'empty CIF';
  let structure: Structure;
  try {
    structure = structureFromCif(cif, { allowDisorder: options.allowDisorder ?? false });
  } catch (e) {
    return (e as Error).message;
  }
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) {
    if (k === cols.cifColumn) continue;
    fields[k] = v;
    const num = tableNumber(v);
    if (num !== null && !(k in properties)) properties[k] = num;
  }
  return { id, row, structure: new Structure(structure.lattice, structure.sites, id, structure.warnings), properties, fields };
}

/**
 * Streams the rows of a CSV(.gz) (or tab-separated .tsv(.gz)) of structures. A table without
 * rows or without the CIF column is a TableFormatError; syntax errors are DataFileErrors. Rows that cannot be used (unparsable CIF,
 * unknown element, disorder where not allowed, non-finite target, empty or zero-volume
 * cell) go to `options.onSkip` with their id and reason.
 */
export async function* readStructureTable(path: string, options: StructureTableOptions = {}): AsyncGenerator<StructureRow> {
  if (options.limit !== undefined && options.limit <= 0) return;
  let cols: ReturnType<typeof resolveColumns> | undefined;
  let row = 0;
  let kept = 0;
  const records = readCsvRecords(path, { onHeader: (header) => { cols = resolveColumns(header, options, path); } });
  for await (const record of records) {
    row++;
    cols ??= resolveColumns(Object.keys(record), options, path);
    const id = cols.idColumn !== undefined && record[cols.idColumn] ? record[cols.idColumn]! : `row${row}`;
    const result = rowToStructure(record, id, row, cols, options);
    if (typeof result === 'string') {
      options.onSkip?.({ id, row, reason: result });
      continue;
    }
    yield result;
    if (options.limit !== undefined && ++kept >= options.limit) break;
  }
}

/** Reads a whole structure table into memory: the kept rows and the skipped ones. */
export async function loadStructureTable(
  path: string, options: StructureTableOptions = {},
): Promise<{ rows: StructureRow[]; skipped: SkippedRow[] }> {
  const skipped: SkippedRow[] = [];
  const rows: StructureRow[] = [];
  for await (const r of readStructureTable(path, { ...options, onSkip: (s) => { skipped.push(s); options.onSkip?.(s); } })) {
    rows.push(r);
  }
  return { rows, skipped };
}
