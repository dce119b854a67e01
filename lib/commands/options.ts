// Validation of command-line values and of output file names built from data: every flag is
// checked for type and range before any work starts, and data (material ids) never becomes a path.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { isElementSymbol } from '../data/chemistry/elements.js';

/** A usage error (exit code 2), printed as one line. */
export class OptionError extends InputError {
  readonly exitCode = 2;
}

export interface Range {
  /** Inclusive bounds unless the matching `exclusive…` flag is set. */
  readonly min?: number;
  readonly max?: number;
  readonly exclusiveMin?: boolean;
}

function rangeText(r: Range): string {
  const lo = r.min === undefined ? '' : `${r.exclusiveMin ? '>' : '≥'} ${r.min}`;
  const hi = r.max === undefined ? '' : `≤ ${r.max}`;
  return [lo, hi].filter(Boolean).join(' and ');
}

function checkRange(name: string, v: number, text: string, r: Range): number {
  const low = r.min === undefined || (r.exclusiveMin ? v > r.min : v >= r.min);
  const high = r.max === undefined || v <= r.max;
  if (!low || !high) throw new OptionError(`--${name} must be ${rangeText(r)}, got '${text}'`);
  return v;
}

/** A finite number within `range`, or `fallback` when the flag is absent. */
export function numberOption(name: string, text: string | undefined, fallback: number, range: Range = {}): number {
  if (text === undefined) return fallback;
  const v = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(v)) throw new OptionError(`--${name} must be a number, got '${text}'`);
  return checkRange(name, v, text, range);
}

/** An integer (decimal digits only: no '1e3', '0x10', '2.5') within `range`, or `fallback`. */
export function integerOption(name: string, text: string | undefined, fallback: number, range: Range = {}): number {
  if (text === undefined) return fallback;
  if (!/^[+-]?\d+$/.test(text.trim())) throw new OptionError(`--${name} must be an integer, got '${text}'`);
  const v = Number(text);
  if (!Number.isSafeInteger(v)) throw new OptionError(`--${name} is too large, got '${text}'`);
  return checkRange(name, v, text, range);
}

/** Exactly `count` positional arguments, else a one-line usage error naming the command. */
export function expectPositionals(command: string, positionals: readonly string[], count: number, what: string): void {
  if (positionals.length === count) return;
  const got = positionals.length === 0 ? 'none' : positionals.map((p) => `'${p}'`).join(' ');
  throw new OptionError(`expected ${what}, got ${got} (see matalign ${command} --help)`);
}

/** At most `count` positional arguments. */
export function expectAtMostPositionals(command: string, positionals: readonly string[], count: number, what: string): void {
  if (positionals.length <= count) return;
  throw new OptionError(`expected ${what}, got ${positionals.length} arguments: ${positionals.map((p) => `'${p}'`).join(' ')} (see matalign ${command} --help)`);
}

/** 'Cu=0.5,O=0.8' → {Cu: 0.5, O: 0.8}: every key must be an element symbol, every value within `range`. */
export function elementValuesOption(name: string, text: string | undefined, range: Range = {}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of (text ?? '').split(',').filter((s) => s.trim())) {
    const [el, value, ...extra] = item.split('=');
    const symbol = (el ?? '').trim();
    if (value === undefined || extra.length) throw new OptionError(`--${name} takes El=value pairs, got '${item}'`);
    if (!isElementSymbol(symbol)) throw new OptionError(`--${name} names an unknown element '${symbol}'`);
    if (symbol in out) throw new OptionError(`--${name} names ${symbol} twice`);
    out[symbol] = numberOption(name, value, 0, range);
  }
  return out;
}

/** Longest file name component built from data (bytes of ASCII). */
const MAX_NAME_LENGTH = 120;

/**
 * A file name from data (a material id such as 'mp-1', '../../x', '/tmp/x', 'a/b'): every
 * character outside [A-Za-z0-9._-] becomes '_', leading dots are dropped, the length is
 * capped; never empty, never '.' or '..'.
 */
export function sanitizeFileName(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '').slice(0, MAX_NAME_LENGTH);
  return cleaned === '' ? '_' : cleaned;
}

/** `outDir`/`name` with the name sanitised, checked to resolve inside `outDir`. */
export function outputPathFor(outDir: string, name: string): string {
  const root = resolve(outDir);
  const path = resolve(root, sanitizeFileName(name));
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new InputError(`refusing to write '${name}' outside ${root}`);
  return path;
}

/** Writes an output file; a directory in the way, a missing folder or a full disk is one InputError line. */
export async function writeOutputFile(path: string, bytes: Uint8Array | string): Promise<void> {
  try {
    if ((await stat(path)).isDirectory()) throw new InputError(`cannot write ${path}: it is a directory`);
  } catch (e) {
    if (e instanceof InputError) throw e;
  }
  try {
    await writeFile(path, bytes);
  } catch (e) {
    throw new InputError(`cannot write ${path}: ${(e as Error).message}`);
  }
}

/** Creates an output folder (and its parents); a file in the way or no permission is one InputError line. */
export async function makeOutputDir(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (e) {
    throw new InputError(`cannot create output folder ${path}: ${(e as Error).message}`);
  }
}
