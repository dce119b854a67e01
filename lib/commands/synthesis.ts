// `matalign synthesis <file.jsonl[.gz]> [more files] [--structures file.csv] [--show N] [--seed N] [--json]`:
// what a synthesis-recipe corpus holds, what was reported, what links to structures.
import { access } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { InputError } from '../errors.js';
import { Rng } from '../rng.js';
import { recipeTexts } from '../data/synthesis/recipe_text.js';
import { Recipe, RecordIssue, loadRecipes } from '../data/synthesis/synthesis.js';
import { firingLabel, recipePrecursorLabels } from '../data/synthesis/synthesis_labels.js';
import { LinkReport, StructureComposition, linkRecipesToStructures } from '../data/synthesis/synthesis_links.js';
import type { SkippedRow } from '../data/structure/structure_table.js';
import { CliError, readStructures } from './common.js';
import { integerOption } from './options.js';

export const SYNTHESIS_USAGE = `matalign synthesis <file.jsonl[.gz]> [more files] [--structures file.csv[.gz]]… [--show N] [--seed N] [--json]
  Prints record counts (read, usable, reported with reasons), firing and precursor label coverage,
  links to structures (--structures may repeat) by mp_id / composition / listed members, and with --show N rendered
  descriptions (full and formula-masked) with their precursor sets.`;

/** Issues grouped by severity and reason: { skipped: { 'invalid JSON': 2 }, warning: { … } }. */
function groupIssues(issues: readonly RecordIssue[]): Record<string, Record<string, number>> {
  const groups: Record<string, Record<string, number>> = { skipped: {}, warning: {} };
  for (const i of issues) groups[i.severity]![i.reason] = (groups[i.severity]![i.reason] ?? 0) + 1;
  return groups;
}

/** Structures (id, composition) of a structure table or CIF file, skipped rows collected. */
async function readStructureSide(path: string, skipped: SkippedRow[]): Promise<StructureComposition[]> {
  const out: StructureComposition[] = [];
  for await (const row of readStructures(path, { allowDisorder: true, onSkip: (s) => skipped.push(s) })) {
    out.push({ id: row.id, composition: row.structure.composition() });
  }
  return out;
}

function shownRecipes(recipes: readonly Recipe[], n: number, seed: number) {
  const order = new Rng(seed).shuffle(recipes.map((_, i) => i)).slice(0, n).sort((a, b) => a - b);
  return order.map((i) => {
    const r = recipes[i]!;
    const t = recipeTexts(r, seed);
    const firing = firingLabel(r);
    return {
      id: r.id, kind: r.kind, doi: r.doi, target: r.target.formula, split_key: r.splitKey,
      precursors: t.precursors, firing_temperature_C: firing.temperatureC, firing_time_h: firing.timeH,
      text: t.full, masked: t.masked, excerpt: t.excerpt,
    };
  });
}

function linkSummary(report: LinkReport, skippedStructures: number) {
  return {
    structures: report.structures, structures_skipped: skippedStructures,
    linked_recipes: report.linkedRecipes, linked_structures: report.linkedStructures, by_rule: report.byRule,
  };
}

async function checkReadable(paths: readonly string[]): Promise<void> {
  for (const p of paths) {
    try {
      await access(p);
    } catch {
      throw new CliError(`cannot read ${p}: no such file or not readable`);
    }
  }
}

async function summarise(files: string[], values: { structures?: string[]; show?: string; seed?: string }) {
  const show = integerOption('show', values.show, 0, { min: 0, max: 100_000 });
  const seed = integerOption('seed', values.seed, 0, { min: 0, max: 2 ** 32 - 1 });
  const structureFiles = values.structures ?? [];
  await checkReadable([...files, ...structureFiles]);
  const collection = await loadRecipes(files);
  const { recipes, issues } = collection;
  const kinds: Record<string, number> = {};
  for (const r of recipes) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
  const labels = new Set(recipes.flatMap(recipePrecursorLabels));
  const summary: Record<string, unknown> = {
    files: collection.recordsPerFile, records: collection.records, usable: recipes.length,
    skipped: collection.records - recipes.length, kinds,
    reported: groupIssues(issues),
    skipped_lines: issues.filter((i) => i.severity === 'skipped').map(({ id, reason, detail }) => ({ id, reason, detail })),
    with_precursors: recipes.filter((r) => r.precursors.length > 0).length,
    with_firing_temperature: recipes.filter((r) => firingLabel(r).temperatureC !== null).length,
    distinct_precursor_labels: labels.size,
  };
  if (structureFiles.length) {
    const skipped: SkippedRow[] = [];
    const structures: StructureComposition[] = [];
    for (const f of structureFiles) structures.push(...(await readStructureSide(f, skipped)));
    summary.links = linkSummary(linkRecipesToStructures(recipes, structures), skipped.length);
  }
  if (show > 0) summary.shown = shownRecipes(recipes, show, seed);
  return summary;
}

function printText(summary: Record<string, unknown>): void {
  const w = (s: string) => process.stdout.write(s + '\n');
  w(`records ${summary.records}, usable ${summary.usable}, skipped ${summary.skipped}`);
  w(`files ${JSON.stringify(summary.files)}  kinds ${JSON.stringify(summary.kinds)}`);
  const reported = summary.reported as Record<string, Record<string, number>>;
  for (const [severity, reasons] of Object.entries(reported)) {
    for (const [reason, n] of Object.entries(reasons)) w(`  ${severity}: ${reason} × ${n}`);
  }
  for (const s of summary.skipped_lines as { id: string; reason: string; detail: string }[]) w(`  skipped ${s.id}: ${s.reason} (${s.detail})`);
  w(`with precursors ${summary.with_precursors}, with firing temperature ${summary.with_firing_temperature}, distinct precursor labels ${summary.distinct_precursor_labels}`);
  if (summary.links) w(`links ${JSON.stringify(summary.links)}`);
  for (const s of (summary.shown ?? []) as { id: string; text: string; masked: string; precursors: string[]; excerpt: string }[]) {
    w(`\n[${s.id}] precursors: ${s.precursors.join(', ')}\n  ${s.text}\n  masked: ${s.masked}\n  excerpt: ${s.excerpt}`);
  }
}

/** Runs the command; returns the exit code (0 ok, 1 unreadable input, 2 usage). */
export async function runSynthesisCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: true,
      options: {
        structures: { type: 'string', multiple: true }, show: { type: 'string' }, seed: { type: 'string' },
        json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(SYNTHESIS_USAGE + '\n');
      return 0;
    }
    if (positionals.length === 0) throw new CliError('expected one or more recipe files (.jsonl[.gz]), got none (see matalign synthesis --help)', 2);
    const summary = await summarise(positionals, values);
    if (values.json) process.stdout.write(JSON.stringify(summary) + '\n');
    else printText(summary);
    return 0;
  } catch (e) {
    const err = e as Error & { code?: string; exitCode?: number };
    const argError = typeof err.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS');
    if (!(e instanceof InputError) && !argError) throw e;
    process.stderr.write(`matalign synthesis: ${err.message.split('\n')[0]}\n`);
    return err.exitCode ?? (argError ? 2 : 1);
  }
}
