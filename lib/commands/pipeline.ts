// `matalign pipeline [DATA_DIR]`: runs the data pipeline over the real data sets — structures
// → crystal graphs and simulated XRD patterns, measured XRD scans, recipes → descriptions
// and links to structures — and prints what it made and what it had to skip.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCrystalGraph, DEFAULT_GRAPH_CONFIG } from '../data/structure/graph.js';
import { SkippedRow, StructureRow } from '../data/structure/structure_table.js';
import { loadRecipes } from '../data/synthesis/synthesis.js';
import { linkRecipesToStructures } from '../data/synthesis/synthesis_links.js';
import { recipeTexts } from '../data/synthesis/recipe_text.js';
import { xrdProfile } from '../data/characterization/xrd_profile.js';
import { readLabelledXrdml } from '../data/characterization/xrdml.js';
import { CliError, parseNumberOption, readStructures, StageLog } from './common.js';
import { pipelineExtras } from './pipeline_extras.js';

export const PIPELINE_USAGE = `matalign pipeline [DATA_DIR] [--limit N] [--out DIR] [--json]
  DATA_DIR: a folder laid out like ../shared/data (default: MATALIGN_MIRROR, else ../shared/data).
  Reads every data set found there, builds what training will consume, writes examples and a
  summary (summary.json) to --out (default runs/pipeline), and prints the summary.`;

const STRUCTURE_SETS: { name: string; files: string[]; allowDisorder: boolean }[] = [
  { name: 'mp20', files: ['mp20/train_partial.csv.gz', 'mp20/val_partial.csv.gz'], allowDisorder: false },
  { name: 'perov5', files: ['perov5/val.csv.gz'], allowDisorder: false },
  { name: 'mp_elasticity', files: ['mp_elasticity/elasticity.csv.gz'], allowDisorder: false },
  { name: 'obelix', files: ['obelix/obelix.csv.gz'], allowDisorder: true },
];

export type { StageLog } from './common.js';

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
    let rows = 0, atoms = 0, edges = 0, patterns = 0;
    const t0 = performance.now();
    for (const file of files) {
      for await (const row of readStructures(file, { allowDisorder: set.allowDisorder, onSkip: (s) => skipped.push(s), limit })) {
        const graph = buildCrystalGraph(row.structure, DEFAULT_GRAPH_CONFIG);
        rows++;
        atoms += graph.natoms;
        edges += graph.neighborMask.reduce((a, b) => a + b, 0);
        if (patterns < limit) { xrdProfile(row.structure); patterns++; }
        if (all.length < 2000) all.push(row);
      }
    }
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
  log(`measured XRD: ${scans.length} labelled scans, ${skipped.length} skipped`);
  return { scans: scans.length, skipped: skipped.length, skipped_reasons: reasonCounts(skipped) };
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
  const dir = resolve(positionals[0] ?? process.env.MATALIGN_MIRROR ?? '../shared/data');
  if (!existsSync(dir)) throw new CliError(`no data folder at ${dir} (give one, or set MATALIGN_MIRROR)`);
  const limit = parseNumberOption('limit', values.limit, Infinity);
  const outDir = resolve(values.out ?? 'runs/pipeline');
  await mkdir(outDir, { recursive: true });
  const log: StageLog = (line) => process.stderr.write(`${line}\n`);
  log(`pipeline over ${dir}`);
  const structures = await structureStage(dir, limit, log);
  const summary = {
    data: dir,
    structures: structures.summary,
    measured_xrd: await measuredXrdStage(dir, log),
    synthesis: await synthesisStage(dir, structures.rows, log),
    ...(await pipelineExtras(dir, structures.rows, outDir, log)),
  };
  await writeFile(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2));
  log(`summary and examples written to ${outDir}`);
  process.stdout.write(values.json ? JSON.stringify(summary) + '\n' : `${JSON.stringify(summary, null, 2)}\n`);
  return 0;
}
