// Option checks shared by the training, embedding and evaluation commands.
import { accessSync, constants, statSync } from 'node:fs';
import { CliError } from './common.js';

/** Every path exists and is a readable file. */
export function checkInputFiles(paths: readonly string[]): void {
  for (const p of paths) {
    let isFile = false;
    try { isFile = statSync(p).isFile(); accessSync(p, constants.R_OK); } catch { throw new CliError(`${p}: no such readable file`); }
    if (!isFile) throw new CliError(`${p}: not a file`);
  }
}

export function parseSeed(value: string): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < 0 || v > 2 ** 32 - 1) throw new CliError(`--seed must be an integer in [0, 2^32), got '${value}'`, 2);
  return v;
}

export function parsePositiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const v = Number(value);
  if (!Number.isInteger(v) || v < 1) throw new CliError(`--${name} must be a positive integer, got '${value}'`, 2);
  return v;
}

/**
 * `--train a b --test c` → `--train a --train b --test c`: the file-list flags take every
 * following word up to the next flag, so lists may be written either way.
 */
export function expandListFlags(argv: readonly string[], flags: readonly string[]): string[] {
  const out: string[] = [];
  let list: string | null = null;
  for (const a of argv) {
    if (a.startsWith('-')) { list = flags.includes(a) ? a : null; out.push(a); continue; }
    if (list && out[out.length - 1] !== list) out.push(list);
    out.push(a);
  }
  return out;
}
