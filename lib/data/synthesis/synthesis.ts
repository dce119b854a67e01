// Text-mined synthesis recipes (CederGroupHub solid-state / sol-gel JSONL, plain or gzip)
// read line by line into typed recipes. A line that cannot be used is reported with its
// file, line and reason; a usable record with defects is kept and its defects reported.
import { basename } from 'node:path';
import { DataFileError, openTextStream } from '../io/text_files.js';
import { parseRecipeRecord } from './synthesis_record.js';
import type { Recipe, SynthesisKind } from './recipe_types.js';

export type { Quantity } from './synthesis_units.js';
export type { CompositionPart, Material, Operation, Recipe, SynthesisKind, VariableValues } from './recipe_types.js';

/** A reported line: skipped (not usable) or kept with a defect. */
export interface RecordIssue {
  readonly source: string;
  readonly line: number;
  /** Recipe id (`<file>:<line>`). */
  readonly id: string;
  readonly severity: 'skipped' | 'warning';
  /** Stable category, suitable for grouping ('invalid JSON', 'unknown time unit'). */
  readonly reason: string;
  /** Specifics (the unit, the operation, the parser message). */
  readonly detail: string;
}

export interface ReadRecipesOptions {
  /** Synthesis kind for records without `synthesis_type`; default: guessed from the file name. */
  readonly kind?: SynthesisKind;
  /** Receives every skipped line and every defect of a kept record, as it happens. */
  readonly onIssue?: (issue: RecordIssue) => void;
}

/** The kind a file name suggests ('sol-gel_2020….jsonl.gz' → 'sol-gel'), else 'unknown'. */
export function kindFromFileName(path: string): SynthesisKind {
  const name = basename(path).toLowerCase();
  if (/sol[-_ ]?gel/.test(name)) return 'sol-gel';
  if (/solid[-_ ]?state/.test(name)) return 'solid-state';
  return 'unknown';
}

/** Longest JSONL line read, characters (the largest real record is ~60 k). */
export const MAX_RECIPE_LINE_CHARS = 16 * 1024 * 1024;

/** Lines of a text stream, without their '\n' or '\r\n' (faster than node:readline here). */
async function* textLines(stream: AsyncIterable<string>, path: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of stream) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    if (rest.length > MAX_RECIPE_LINE_CHARS) throw new DataFileError(`${path}: a line longer than ${MAX_RECIPE_LINE_CHARS} characters (not JSONL?)`, path);
    for (const p of parts) yield p.endsWith('\r') ? p.slice(0, -1) : p;
  }
  if (rest) yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}

/**
 * Streams the recipes of one JSONL(.gz) file (gzip detected from the bytes). Blank lines
 * are ignored; every other line becomes a recipe or an issue. Throws DataFileError for a
 * missing or unreadable file.
 */
export async function* readRecipes(path: string, options: ReadRecipesOptions = {}): AsyncGenerator<Recipe> {
  const source = basename(path);
  const kind = options.kind ?? kindFromFileName(path);
  let line = 0;
  for await (const raw of textLines(await openTextStream(path), path)) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw; // a byte-order mark is not part of the JSON
    if (!text.trim()) continue;
    const result = parseRecipeLine(text, { source, line, kind });
    for (const issue of result.issues) options.onIssue?.(issue);
    if (result.recipe) yield result.recipe;
  }
}

/** Counts and contents of loading several files. */
export interface RecipeCollection {
  readonly recipes: Recipe[];
  readonly issues: RecordIssue[];
  /** Non-blank lines read. */
  readonly records: number;
  /** Non-blank lines per file (file name → count). */
  readonly recordsPerFile: Record<string, number>;
}

/** Reads every file fully into memory, collecting issues. */
export async function loadRecipes(paths: readonly string[], options: ReadRecipesOptions = {}): Promise<RecipeCollection> {
  const recipes: Recipe[] = [];
  const issues: RecordIssue[] = [];
  const recordsPerFile: Record<string, number> = {};
  let records = 0;
  for (const path of paths) {
    const before = recipes.length;
    let skipped = 0;
    const onIssue = (issue: RecordIssue) => {
      issues.push(issue);
      if (issue.severity === 'skipped') skipped++;
      options.onIssue?.(issue);
    };
    for await (const r of readRecipes(path, { ...options, onIssue })) recipes.push(r);
    const count = recipes.length - before + skipped;
    recordsPerFile[basename(path)] = (recordsPerFile[basename(path)] ?? 0) + count;
    records += count;
  }
  return { recipes, issues, records, recordsPerFile };
}

/** One JSONL line → a recipe (or null where unusable) and the issues found. */
export function parseRecipeLine(
  text: string, where: { source: string; line: number; kind: SynthesisKind },
): { recipe: Recipe | null; issues: RecordIssue[] } {
  const id = `${where.source}:${where.line}`;
  const issue = (severity: RecordIssue['severity'], reason: string, detail: string): RecordIssue =>
    ({ source: where.source, line: where.line, id, severity, reason, detail });
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (e) {
    return { recipe: null, issues: [issue('skipped', 'invalid JSON', (e as Error).message)] };
  }
  const result = parseRecipeRecord(record, { ...where, id });
  if (typeof result === 'object' && 'error' in result) {
    return { recipe: null, issues: [issue('skipped', result.error, result.detail)] };
  }
  const issues = result.warnings.map((w) => {
    const [reason, ...rest] = w.split(': ');
    return issue('warning', reason!, rest.join(': '));
  });
  return { recipe: result, issues };
}
