// Materials of given files prepared for a trained run: featurised with the run's settings,
// and restricted to the run's held-out test split when the files are the run's own data.
import type { Modality } from '../config.js';
import { splitOfKey } from '../data/paired/split.js';
import type { BatchContext } from '../train/batches.js';
import { PreparedData, prepareData } from '../train/prepare.js';
import { LoadedRun, readRunSplit } from '../train/run_dir.js';
import type { PairedMaterial } from '../data/paired/materials.js';

export interface RunData {
  readonly data: PreparedData;
  readonly ctx: BatchContext;
  /** Indices of the materials evaluated. */
  readonly indices: number[];
  /** 'test': the run's own data, its test split only; 'all': files the run never saw. */
  readonly scope: 'test' | 'all';
  readonly modalities: Modality[];
}

/** Ids the run trained or validated on (empty where it records no split). */
async function runSplitIds(dir: string): Promise<Set<string>> {
  const split = await readRunSplit(dir);
  return new Set(split ? [...split.train, ...split.val] : []);
}

export async function prepareRunData(
  run: LoadedRun, structureFiles: readonly string[], synthesisFiles: readonly string[],
  options: { modalities?: readonly Modality[]; log?: (line: string) => void; scope?: 'auto' | 'all'; allowDisorder?: boolean; maxAtoms?: number } = {},
): Promise<RunData> {
  const config = run.manifest.config;
  const available = run.model.config.modalities.filter((m) => m !== 'text' || run.tokenizer);
  const modalities = (options.modalities ?? available).filter((m) => available.includes(m));
  const seen = (options.scope ?? 'auto') === 'auto' ? await runSplitIds(run.dir) : new Set<string>();
  // The run's own data: keep its held-out test split only (decided before featurising).
  let own = false;
  const select = (m: PairedMaterial) => {
    if (seen.has(m.id)) { own = true; return false; }
    return splitOfKey(m.key, config.seed, config.data.valFraction, config.data.testFraction) === 'test' || !own;
  };
  const data = await prepareData(config, structureFiles, synthesisFiles, {
    uncapped: true, micrographVariants: 1, modalities, log: options.log, select, allowDisorder: options.allowDisorder, maxAtoms: options.maxAtoms,
  });
  // `own` is settled once every material was seen: drop what was kept before the first match.
  if (own) {
    const keep = data.set.materials.map((m, i) => [m, i] as const).filter(([m]) => splitOfKey(m.key, config.seed, config.data.valFraction, config.data.testFraction) === 'test');
    const features = keep.map(([, i]) => data.features[i]!);
    const groups = Int32Array.from(keep, ([, i]) => data.groups[i]!);
    const narrowed: PreparedData = { ...data, set: { ...data.set, materials: keep.map(([m]) => m) }, features, groups };
    return { data: narrowed, ctx: { config, features, tokenizer: run.tokenizer }, indices: features.map((_, i) => i), scope: 'test', modalities };
  }
  return { data, ctx: { config, features: data.features, tokenizer: run.tokenizer }, indices: data.features.map((_, i) => i), scope: 'all', modalities };
}
