// Structures from a path, whatever it holds: a .cif file (every data block; a bad block is
// skipped with its reason) or a CSV/TSV(.gz) table with a CIF column.
import { InputError } from '../../errors.js';
import { readDataText } from '../io/text_files.js';
import { readCifBlocks } from './crystal.js';
import { SkippedRow, StructureRow, readStructureTable } from './structure_table.js';

export function isTablePath(path: string): boolean {
  return /\.(csv|tsv)(\.gz)?$/i.test(path);
}

export interface StructureSourceOptions {
  readonly allowDisorder?: boolean;
  readonly idColumn?: string;
  readonly cifColumn?: string;
  readonly targets?: readonly string[];
  readonly limit?: number;
  readonly onSkip?: (s: SkippedRow) => void;
}

/** Structures of a .cif file or a structure table; at most `limit` kept; unusable rows and blocks go to onSkip. */
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
    throw new InputError(`${path}: ${(e as Error).message}`);
  }
  if (blocks.length === 1 && blocks[0]!.reason) throw new InputError(`${path}: ${blocks[0]!.reason}`);
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
