// Helpers shared by the CLI commands: argument errors, reading structures from a path.
import { InputError } from '../errors.js';
import { readCifBlocks } from '../data/structure/crystal.js';
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

/**
 * Structures from a .cif file (every data block; a bad block is skipped with its reason) or a
 * CSV/TSV(.gz) table with a CIF column; at most `limit` kept.
 */
export async function* readStructures(path: string, options: StructureSourceOptions = {}): AsyncGenerator<StructureRow> {
  if (isTablePath(path)) {
    yield* readStructureTable(path, options);
    return;
  }
  const text = await readDataText(path);
  let blocks: ReturnType<typeof readCifBlocks>;
  try {
    blocks = readCifBlocks(text, { allowDisorder: options.allowDisorder ?? false });
  } catch (e) {
    throw new CliError(`${path}: ${(e as Error).message}`);
  }
  if (blocks.length === 1 && blocks[0]!.reason) throw new CliError(`${path}: ${blocks[0]!.reason}`);
  let row = 0;
  let kept = 0;
  for (const b of blocks) {
    row++;
    if (options.limit !== undefined && kept >= options.limit) return;
    if (!b.structure) {
      options.onSkip?.({ id: b.name || `block${row}`, row, reason: b.reason! });
      continue;
    }
    kept++;
    yield { id: b.structure.id || path, row, structure: b.structure, properties: {}, fields: {} };
  }
}

/** Warnings of a structure read (left-out loop rows, implicit hydrogens) on stderr, one line each. */
export function reportWarnings(id: string, warnings: readonly string[]): void {
  for (const w of warnings) process.stderr.write(`warning: ${id}: ${w}\n`);
}

/** Receives one progress line of a long-running stage. */
export interface StageLog {
  (line: string): void;
}
