// Option checks shared by the training, embedding and evaluation commands.
import { accessSync, constants, statSync } from 'node:fs';
import { CliError } from './common.js';
import { integerOption } from './options.js';

/** Every path exists and is a readable file. */
export function checkInputFiles(paths: readonly string[]): void {
  for (const p of paths) {
    let isFile = false;
    try { isFile = statSync(p).isFile(); accessSync(p, constants.R_OK); } catch { throw new CliError(`${p}: no such readable file`); }
    if (!isFile) throw new CliError(`${p}: not a file`);
  }
}

/** --seed: an integer in [0, 2^32) (the RNG's seed range). */
export function parseSeed(value: string): number {
  return integerOption('seed', value, 0, { min: 0, max: 2 ** 32 - 1 });
}

/**
 * --workers (else MATALIGN_WORKERS): training worker threads, 0 for steps on the main thread;
 * undefined (absent or 'auto') lets the trainer choose one per core.
 */
export function parseWorkers(value: string | undefined): number | undefined {
  const v = value ?? process.env.MATALIGN_WORKERS;
  if (v === undefined || v === 'auto') return undefined;
  return integerOption('workers', v, 0, { min: 0, max: 64 });
}

/** An integer ≥ 1, or `fallback` when the flag is absent. */
export function parsePositiveInt(name: string, value: string | undefined, fallback: number): number {
  return integerOption(name, value, fallback, { min: 1 });
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
