// Helpers shared by the CLI commands: argument errors, warnings, stage logs (structures from a path come from lib/data/structure/structure_source.ts).
import { InputError } from '../errors.js';

/** A user error: printed as one line, exit code 1 (2 for usage). */
export class CliError extends InputError {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export function parseNumberOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const v = Number(value);
  if (!Number.isFinite(v)) throw new CliError(`--${name} must be a number, got '${value}'`, 2);
  return v;
}

export { isTablePath, readStructures, type StructureSourceOptions } from '../data/structure/structure_source.js';

/** Warnings of a structure read (left-out loop rows, implicit hydrogens) on stderr, one line each. */
export function reportWarnings(id: string, warnings: readonly string[]): void {
  for (const w of warnings) process.stderr.write(`warning: ${id}: ${w}\n`);
}

/** Receives one progress line of a long-running stage. */
export interface StageLog {
  (line: string): void;
}
