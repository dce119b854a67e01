// Materials of given files prepared for a trained run: featurised with the run's settings,
// and restricted to the run's held-out test split when the files are the run's own data.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Modality } from '../config.js';
import { splitOfKey } from '../data/paired/split.js';
import type { BatchContext } from '../train/batches.js';
import { PreparedData, prepareData } from '../train/prepare.js';
import type { LoadedRun } from '../train/run_dir.js';

export interface RunData {
  readonly data: PreparedData;
  readonly ctx: BatchContext;
  /** Indices of the materials evaluated. */
  readonly indices: number[];
  /** 'test': the run's own data, its test split only; 'all': files the run never saw. */
  readonly scope: 'test' | 'all';
  readonly modalities: Modality[];
}

async function runSplitIds(dir: string): Promise<Set<string>> {
  try {
    const split = JSON.parse(await readFile(join(dir, 'split.json'), 'utf8')) as { train: string[]; val: string[] };
    return new Set([...split.train, ...split.val]);
  } catch {
    return new Set();
  }
}

export async function prepareRunData(
  run: LoadedRun, structureFiles: readonly string[], synthesisFiles: readonly string[],
  options: { modalities?: readonly Modality[]; log?: (line: string) => void; scope?: 'auto' | 'all'; allowDisorder?: boolean; maxAtoms?: number } = {},
): Promise<RunData> {
  const config = run.manifest.config;
  const available = run.model.config.modalities.filter((m) => m !== 'text' || run.tokenizer);
  const modalities = (options.modalities ?? available).filter((m) => available.includes(m));
  const data = await prepareData(config, structureFiles, synthesisFiles, {
    uncapped: true, micrographVariants: 1, modalities, log: options.log, allowDisorder: options.allowDisorder, maxAtoms: options.maxAtoms,
  });
  const seen = await runSplitIds(run.dir);
  const own = (options.scope ?? 'auto') === 'auto' && data.set.materials.some((m) => seen.has(m.id));
  const indices = data.set.materials.map((_, i) => i).filter((i) => {
    if (!own) return true;
    const m = data.set.materials[i]!;
    return !seen.has(m.id) && splitOfKey(m.key, config.seed, config.data.valFraction, config.data.testFraction) === 'test';
  });
  return { data, ctx: { config, features: data.features, tokenizer: run.tokenizer }, indices, scope: own ? 'test' : 'all', modalities };
}
