// Helpers shared by the CLI commands: argument errors, reading structures from a path.
import { InputError } from '../errors.js';
import { Structure, structuresFromCif } from '../data/structure/crystal.js';
import { SkippedRow, StructureRow, readStructureTable } from '../data/structure/structure_table.js';
import { readDataText } from '../data/io/text_files.js';

/** A user error: printed as one line, exit code 1 (2 for usage). */
export class CliError extends InputError {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export function isTablePath(path: string): boolean {
  return /\.(csv|tsv)(\.gz)?$/i.test(path);
}

export function parseNumberOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const v = Number(value);
  if (!Number.isFinite(v)) throw new CliError(`--${name} must be a number, got '${value}'`, 2);
  return v;
}

export interface StructureSourceOptions {
  readonly allowDisorder?: boolean;
  readonly idColumn?: string;
  readonly cifColumn?: string;
  readonly targets?: readonly string[];
  readonly limit?: number;
  readonly onSkip?: (s: SkippedRow) => void;
}

/** Structures from a .cif file (every data block) or a CSV(.gz) table with a CIF column. */
export async function* readStructures(path: string, options: StructureSourceOptions = {}): AsyncGenerator<StructureRow> {
  if (isTablePath(path)) {
    yield* readStructureTable(path, options);
    return;
  }
  const text = await readDataText(path);
  let structures: Structure[];
  try {
    structures = structuresFromCif(text, { allowDisorder: options.allowDisorder ?? false });
  } catch (e) {
    throw new CliError(`${path}: ${(e as Error).message}`);
  }
  let row = 0;
  for (const s of structures) {
    row++;
    yield { id: s.id || path, row, structure: s, properties: {}, fields: {} };
  }
}

/** Receives one progress line of a long-running stage. */
export interface StageLog {
  (line: string): void;
}
