// `matalign pipeline [DATA_DIR]`: runs the data pipeline over the real data sets — structures
// → crystal graphs and simulated XRD patterns, measured XRD scans, recipes → descriptions
// and links to structures — and prints what it made and what it had to skip.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCrystalGraph, DEFAULT_GRAPH_CONFIG } from '../data/structure/graph.js';
import { SkippedRow, StructureRow } from '../data/structure/structure_table.js';
import { loadRecipes } from '../data/synthesis/synthesis.js';
import { linkRecipesToStructures } from '../data/synthesis/synthesis_links.js';
import { recipeTexts } from '../data/synthesis/recipe_text.js';
import { xrdProfile } from '../data/characterization/xrd_profile.js';
import { readLabelledXrdml } from '../data/characterization/xrdml.js';
import { InputError } from '../errors.js';
import { CliError, readStructures, StageLog } from './common.js';
import { expectAtMostPositionals, integerOption, makeOutputDir, writeOutputFile } from './options.js';
import { pipelineExtras } from './pipeline_extras.js';

export const PIPELINE_USAGE = `matalign pipeline [DATA_DIR] [--limit N] [--out DIR] [--json]
  DATA_DIR: a folder laid out like ../shared/data (default: MATALIGN_MIRROR, else ../shared/data).
  Reads every data set found there, builds what training will consume, writes examples and a
  summary (summary.json) to --out (default runs/pipeline), and prints the summary. A data set that
  cannot be read (corrupt gzip, CSV syntax error, missing columns) is reported with its reason and
  skipped; the others go on. Output file names made from data (material ids) are sanitised.`;

/** Runs one data set's stage; an input problem becomes { error } in the summary instead of ending the run. */
async function guarded<T>(name: string, log: StageLog, run: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const error = e.message.split('\n')[0]!;
    log(`${name}: skipped (${error})`);
    return { error };
  }
}

const STRUCTURE_SETS: { name: string; files: string[]; allowDisorder: boolean }[] = [
  { name: 'mp20', files: ['mp20/train_partial.csv.gz', 'mp20/val_partial.csv.gz'], allowDisorder: false },
  { name: 'perov5', files: ['perov5/val.csv.gz'], allowDisorder: false },
  { name: 'mp_elasticity', files: ['mp_elasticity/elasticity.csv.gz'], allowDisorder: false },
  { name: 'obelix', files: ['obelix/obelix.csv.gz'], allowDisorder: true },
];

export type { StageLog } from './common.js';

const EXPECTED_FILES = [
  ...STRUCTURE_SETS.flatMap((s) => s.files), 'alab_xrd_dara/xrdml_shared.zip', 'alab_xrd_dara/labels.csv.gz',
  'synthesis/solid-state_2019-12-03.shared.jsonl.gz', 'synthesis/sol-gel_2020-07-13.shared.jsonl.gz',
  'neu_det/neu_det_shared.zip', 'neu_det/labels.csv.gz',
];

/** The data files the pipeline knows that exist under `dir`. */
function knownDataFiles(dir: string): string[] {
  return EXPECTED_FILES.filter((f) => existsSync(join(dir, f)));
}

function reasonCounts(skipped: readonly { reason: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of skipped) {
    const key = s.reason.replace(/'[^']*'/g, "'…'").replace(/\d+(\.\d+)?/g, 'N');
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

async function structureStage(dir: string, limit: number, log: StageLog) {
  const out: Record<string, unknown> = {};
  const all: StructureRow[] = [];
  for (const set of STRUCTURE_SETS) {
    const files = set.files.map((f) => join(dir, f)).filter(existsSync);
    if (files.length === 0) continue;
    const skipped: SkippedRow[] = [];
    const failedFiles: Record<string, string> = {};
    let rows = 0, atoms = 0, edges = 0, patterns = 0;
    const t0 = performance.now();
    const kept: StructureRow[] = [];
    for (const file of files) {
      try {
        for await (const row of readStructures(file, { allowDisorder: set.allowDisorder, onSkip: (s) => skipped.push(s), limit })) {
          let graph;
          try {
            graph = buildCrystalGraph(row.structure, DEFAULT_GRAPH_CONFIG);
            if (patterns < limit) { xrdProfile(row.structure); patterns++; }
          } catch (e) {
            if (!(e instanceof InputError)) throw e;
            skipped.push({ id: row.id, row: row.row, reason: e.message });
            continue;
          }
          rows++;
          atoms += graph.natoms;
          edges += graph.neighborMask.reduce((a, b) => a + b, 0);
          if (kept.length < 2000) kept.push(row);
        }
      } catch (e) {
        // A file that cannot be read at all (corrupt gzip, CSV syntax, missing column): this data set is skipped.
        if (!(e instanceof InputError)) throw e;
        failedFiles[file] = e.message.split('\n')[0]!;
      }
    }
    if (Object.keys(failedFiles).length) {
      const reasons = Object.values(failedFiles).join('; ');
      log(`structures ${set.name}: skipped (${reasons})`);
      out[set.name] = { error: reasons, files_failed: failedFiles, graphs: 0, skipped: skipped.length };
      continue;
    }
    all.push(...kept.slice(0, 2000 - all.length));
    const seconds = (performance.now() - t0) / 1000;
    log(`structures ${set.name}: ${rows} crystal graphs (${atoms} atoms, ${edges} edges, K=${DEFAULT_GRAPH_CONFIG.maxNeighbors}, ${DEFAULT_GRAPH_CONFIG.cutoff} Å), ${patterns} XRD patterns, ${skipped.length} skipped, ${seconds.toFixed(1)} s`);
    out[set.name] = { graphs: rows, atoms, edges, xrd_patterns: patterns, skipped: skipped.length, skipped_reasons: reasonCounts(skipped), seconds };
  }
  return { summary: out, rows: all };
}

async function measuredXrdStage(dir: string, log: StageLog) {
  const zip = join(dir, 'alab_xrd_dara/xrdml_shared.zip');
  const labels = join(dir, 'alab_xrd_dara/labels.csv.gz');
  if (!existsSync(zip) || !existsSync(labels)) return undefined;
  const { scans, skipped } = await readLabelledXrdml(zip, labels);
  const warnings = scans.flatMap((s) => (s.scan.warnings ?? []).map((w) => ({ reason: w })));
  log(`measured XRD: ${scans.length} labelled scans, ${skipped.length} skipped, ${warnings.length} malformed optional fields`);
  return { scans: scans.length, skipped: skipped.length, skipped_reasons: reasonCounts(skipped), warnings: reasonCounts(warnings) };
}

async function synthesisStage(dir: string, structures: readonly StructureRow[], log: StageLog) {
  const files = ['synthesis/solid-state_2019-12-03.shared.jsonl.gz', 'synthesis/sol-gel_2020-07-13.shared.jsonl.gz']
    .map((f) => join(dir, f)).filter(existsSync);
  if (files.length === 0) return undefined;
  const t0 = performance.now();
  const collection = await loadRecipes(files);
  let characters = 0;
  for (const recipe of collection.recipes) characters += recipeTexts(recipe, 0).full.length;
  const links = linkRecipesToStructures(collection.recipes, structures.map((r) => ({ id: r.id, composition: r.structure.composition() })));
  const seconds = (performance.now() - t0) / 1000;
  const skipped = collection.issues.filter((i) => i.severity === 'skipped');
  log(`synthesis: ${collection.records} records, ${collection.recipes.length} usable recipes rendered (${(characters / 1e6).toFixed(1)} M characters), ` +
    `${skipped.length} skipped; ${links.linkedRecipes} recipes linked to ${links.linkedStructures} of the first ${links.structures} structures, ${seconds.toFixed(1)} s`);
  return { records: collection.records, usable: collection.recipes.length, skipped: skipped.length, links: { recipes: links.linkedRecipes, structures: links.linkedStructures, by_rule: links.byRule }, seconds };
}

export async function runPipelineCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { limit: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
  });
  expectAtMostPositionals('pipeline', positionals, 1, 'at most one data folder');
  const limit = integerOption('limit', values.limit, Infinity, { min: 1 });
  const dir = resolve(positionals[0] ?? process.env.MATALIGN_MIRROR ?? '../shared/data');
  if (!existsSync(dir)) throw new CliError(`no data folder at ${dir} (give one, or set MATALIGN_MIRROR)`);
  if (!statSync(dir).isDirectory()) throw new CliError(`${dir} is not a folder`);
  const known = knownDataFiles(dir);
  if (known.length === 0) throw new CliError(`nothing recognisable in ${dir} (expected files such as ${EXPECTED_FILES.slice(0, 3).join(', ')}, …)`);
  const outDir = resolve(values.out ?? 'runs/pipeline');
  await makeOutputDir(outDir);
  const log: StageLog = (line) => process.stderr.write(`${line}\n`);
  log(`pipeline over ${dir}`);
  const structures = await structureStage(dir, limit, log);
  const summary = {
    data: dir,
    structures: structures.summary,
    measured_xrd: await guarded('measured XRD', log, () => measuredXrdStage(dir, log)),
    synthesis: await guarded('synthesis', log, () => synthesisStage(dir, structures.rows, log)),
    ...(await pipelineExtras(dir, structures.rows, outDir, log)),
  };
  await writeOutputFile(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2));
  log(`summary and examples written to ${outDir}`);
  process.stdout.write(values.json ? JSON.stringify(summary) + '\n' : `${JSON.stringify(summary, null, 2)}\n`);
  return 0;
}
