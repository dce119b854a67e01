// The rows of property tables prepared for a trained run: structures (disordered sites as
// virtual-crystal nodes) featurised with the run's settings, rows without a usable structure
// kept as composition-only materials when a formula column parses, every other row counted
// with its reason; and the train/test split (given files, or a seeded split by composition
// key of the training files).
import { splitOfKey } from '../data/paired/split.js';
import type { Modality } from '../config.js';
import { compositionKey } from '../data/chemistry/composition_key.js';
import { reducedFormula } from '../data/chemistry/composition.js';
import { tryParseFormula } from '../data/chemistry/formula.js';
import { readCsvRecords } from '../data/io/csv_records.js';
import { MaterialFeatures, materialFeatures } from '../data/paired/features.js';
import type { PairedMaterial } from '../data/paired/materials.js';
import { InputError } from '../errors.js';
import { Rng } from '../rng.js';
import type { BatchContext } from '../train/batches.js';
import { prepareData } from '../train/prepare.js';
import type { LoadedRun } from '../train/run_dir.js';

/** Columns tried, in order, for the formula of a row without a usable structure. */
export const FORMULA_COLUMNS: readonly string[] = ['formula', 'pretty_formula', 'Reduced Composition', 'reduced_formula', 'composition'];

export interface PropertyData {
  readonly materials: PairedMaterial[];
  readonly ctx: BatchContext;
  /** Indices into materials. */
  readonly train: number[];
  readonly test: number[];
  /** Rows of the files not used at all: reason → count. */
  readonly skipped: Record<string, number>;
  /** Rows used through their composition only: why the structure was not usable → count. */
  readonly compositionOnly: Record<string, number>;
  /** How test rows were chosen, in words. */
  readonly split: string;
  /** Modalities embedded (those of the run that a structure or composition gives). */
  readonly modalities: Modality[];
}

export interface PropertyDataOptions {
  /** Read at most this many structure rows per file (0 or absent: all). */
  readonly maxRows?: number;
  /** Fraction of composition keys to test, or 'run': the alignment run's own test split. */
  readonly splitTest?: number | 'run';
  readonly seed?: number;
  /** Largest cell embedded, sites (default 200). */
  readonly maxAtoms?: number;
  readonly log?: (line: string) => void;
}

const count = (r: Record<string, number>, reason: string) => { r[reason] = (r[reason] ?? 0) + 1; };

/** The key a row is split by: the table's own `_split_key` where given, else the composition key. */
export function splitKeyOf(m: PairedMaterial): string {
  return m.fields['_split_key'] || m.key;
}

/** Composition-only materials for skipped table rows whose formula column parses; the rest counted as skipped. */
async function compositionOnlyRows(
  path: string, skipped: ReadonlyMap<number, { id: string; reason: string }>, out: { materials: PairedMaterial[]; skipped: Record<string, number>; compositionOnly: Record<string, number> },
): Promise<void> {
  if (skipped.size === 0) return;
  if (!/\.(csv|tsv)(\.gz)?$/i.test(path)) {
    for (const s of skipped.values()) count(out.skipped, s.reason);
    return;
  }
  let row = 0;
  for await (const record of readCsvRecords(path)) {
    const s = skipped.get(++row);
    if (!s) continue;
    const column = FORMULA_COLUMNS.find((c) => (record[c] ?? '').trim());
    const composition = column ? tryParseFormula(record[column]!) : null;
    if (!composition || composition.size === 0) { count(out.skipped, `${s.reason}; no parsable formula`); continue; }
    const fields = { ...record };
    delete fields['cif'];
    out.materials.push({
      id: s.id, key: compositionKey(composition), formula: reducedFormula(composition), composition, structure: null,
      recipes: [], source: `${path}:${row}`, spacegroup: null, properties: {}, fields,
    });
    count(out.compositionOnly, s.reason);
  }
}

/** Materials of the files (one prepareData per file, so skipped rows are known per file). */
async function loadFiles(run: LoadedRun, files: readonly string[], modalities: Modality[], options: PropertyDataOptions) {
  const config = run.manifest.config;
  const out = { materials: [] as PairedMaterial[], features: [] as MaterialFeatures[], skipped: {} as Record<string, number>, compositionOnly: {} as Record<string, number> };
  for (const file of files) {
    // maxRows caps the structures read per file (file order), like a preset's maxStructures.
    const capped = options.maxRows ? { ...config, data: { ...config.data, maxStructures: options.maxRows, maxRecipeOnly: 0 } } : config;
    const data = await prepareData(capped, [file], [], {
      uncapped: !options.maxRows, micrographVariants: 1, modalities, allowDisorder: true, maxAtoms: options.maxAtoms ?? 200, log: options.log,
    });
    data.set.materials.forEach((m, i) => {
      if (data.features[i]!.graph || !modalities.includes('structure')) { out.materials.push(m); out.features.push(data.features[i]!); }
      else count(out.skipped, 'no crystal graph (isolated atoms within the cutoff)');
    });
    const extra = { materials: [] as PairedMaterial[], skipped: out.skipped, compositionOnly: out.compositionOnly };
    const bad = new Map(data.set.skipped.map((s) => [s.row, { id: s.id, reason: s.reason.startsWith('duplicate') ? s.reason : reasonClass(s.reason) }]));
    for (const [row, s] of bad) if (s.reason === 'duplicate id') { count(out.skipped, 'duplicate id'); bad.delete(row); }
    await compositionOnlyRows(file, bad, extra);
    for (const m of extra.materials) {
      out.materials.push(m);
      out.features.push(materialFeatures(m, config.data, { seed: config.seed, needs: new Set(['composition']) }));
    }
  }
  return out;
}

/** A skip reason without row-specific detail, so reasons can be counted. */
export function reasonClass(reason: string): string {
  if (/^empty CIF/.test(reason)) return 'empty CIF';
  if (/atoms > maxAtoms/.test(reason)) return reason.replace(/^\d+ atoms/, 'more atoms');
  // Quoted cell values vary per row; short quoted names (columns) are kept.
  return reason.replace(/'[^']{25,}'|'[^']*\d[^']*'/g, "'…'").replace(/\d+(\.\d+)?/g, 'N').slice(0, 120);
}

/** Seeded split of items by key: round(fraction · keys) keys to test. */
export function splitByKey(keys: readonly string[], fraction: number, seed: number): { train: number[]; test: number[] } {
  if (!(fraction > 0 && fraction < 1)) throw new InputError(`--split-test must be in (0, 1), got ${fraction}`);
  const distinct = [...new Set(keys)].sort();
  new Rng(seed).fork('property_split').shuffle(distinct);
  const testKeys = new Set(distinct.slice(0, Math.round(fraction * distinct.length)));
  const train: number[] = [], test: number[] = [];
  keys.forEach((k, i) => (testKeys.has(k) ? test : train).push(i));
  return { train, test };
}

/**
 * Property rows of train and test files for a run. With no test files (or the same files as
 * training) the training files are split by composition key (splitTest, default 0.2).
 */
export async function loadPropertyData(
  run: LoadedRun, trainFiles: readonly string[], testFiles: readonly string[], options: PropertyDataOptions = {},
): Promise<PropertyData> {
  const unified: Modality[] = ['structure', 'composition', 'xrd', 'micrograph'];
  const modalities = unified.filter((m) => run.model.config.modalities.includes(m));
  const same = testFiles.length > 0 && testFiles.length === trainFiles.length && testFiles.every((f) => trainFiles.includes(f));
  if (!same && testFiles.some((f) => trainFiles.includes(f))) throw new InputError('a file is both --train and --test: give the same files for both (then split by composition key) or distinct files');
  const seed = options.seed ?? run.manifest.config.seed;
  const a = await loadFiles(run, trainFiles, modalities, options);
  let materials = a.materials, features = a.features, train: number[], test: number[], split: string;
  const skipped = { ...a.skipped }, compositionOnly = { ...a.compositionOnly };
  if ((testFiles.length === 0 || same) && options.splitTest === 'run') {
    // The alignment run's own split: its held-out test keys are the test rows, the rest train the models.
    const c = run.manifest.config;
    train = []; test = [];
    materials.forEach((m, i) => (splitOfKey(m.key, c.seed, c.data.valFraction, c.data.testFraction) === 'test' ? test : train).push(i));
    split = `the run's own split by composition key (seed ${c.seed}): its test keys are the test rows, its training and validation keys train the models`;
  } else if (testFiles.length === 0 || same) {
    const fraction = typeof options.splitTest === 'number' ? options.splitTest : 0.2;
    ({ train, test } = splitByKey(materials.map(splitKeyOf), fraction, seed));
    split = `${same ? 'same files given as --train and --test: ' : ''}training files split by composition key (seed ${seed}): ${Math.round(fraction * 100)} % of keys to test`;
  } else {
    const b = await loadFiles(run, testFiles, modalities, options);
    train = materials.map((_, i) => i);
    test = b.materials.map((_, i) => materials.length + i);
    materials = [...materials, ...b.materials];
    features = [...features, ...b.features];
    for (const [r, n] of Object.entries(b.skipped)) skipped[r] = (skipped[r] ?? 0) + n;
    for (const [r, n] of Object.entries(b.compositionOnly)) compositionOnly[r] = (compositionOnly[r] ?? 0) + n;
    split = 'distinct --train and --test files';
  }
  if (!train.length || !test.length) throw new InputError(`no ${train.length ? 'test' : 'training'} rows left to evaluate`);
  return { materials, ctx: { config: run.manifest.config, features, tokenizer: run.tokenizer }, train, test, skipped, compositionOnly, split, modalities };
}
