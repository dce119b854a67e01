// The evaluation stage of `matalign run`: a list of steps, each writing one metrics file into
// the report folder. Adding an evaluation is one line in EVAL_STEPS.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Modality } from '../config.js';
import type { RunData } from '../eval/run_data.js';
import { ModalityEmbeddings, retrievalTable } from '../eval/retrieval.js';
import { InputError } from '../errors.js';
import { writeJsonAtomic } from '../train/checkpoint.js';
import { embedMaterials } from '../train/embedding.js';
import { prepareData } from '../train/prepare.js';
import type { LoadedRun } from '../train/run_dir.js';
import type { JobDataFiles } from './job_data.js';

/** What every evaluation step can use. */
export interface JobContext {
  readonly files: JobDataFiles;
  /** The trained run directory (<out>/run). */
  readonly runDir: string;
  /** The report folder (<out>), where the metrics files go. */
  readonly outDir: string;
  /** The run's name in metrics files (the report folder's name). */
  readonly name: string;
  readonly seed: number;
  readonly run: LoadedRun;
  /** The run's own data prepared with its settings; `indices` is the held-out test split. */
  readonly test: RunData;
  /** Embeddings of test.indices in every modality (material index = position in test.indices); computed once. */
  embeddings(): Map<Modality, ModalityEmbeddings>;
  readonly log: (line: string) => void;
}

export interface EvalStep {
  readonly name: string;
  /** The metrics file written into <out>/, as the report reads it. */
  readonly file: string;
  readonly produce: (job: JobContext, outPath: string) => Promise<void>;
}

/** Queries and gallery per ordered modality pair: at most this many test materials. */
export const RETRIEVAL_GALLERY = 1000;

/** Cross-modal retrieval on the run's held-out test split (what `matalign eval retrieval` writes). */
export async function produceRetrieval(job: JobContext, outPath: string): Promise<void> {
  const results = retrievalTable(job.embeddings(), RETRIEVAL_GALLERY, job.seed);
  const gallery = `held-out test split (at most ${RETRIEVAL_GALLERY} materials per pair)`;
  await writeJsonAtomic(outPath, { run: job.name, gallery, gallery_size: RETRIEVAL_GALLERY, scope: job.test.scope, results });
}

/** Evaluations in report order; each writes <out>/<file>. */
export const EVAL_STEPS: readonly EvalStep[] = [
  { name: 'retrieval', file: 'retrieval.json', produce: produceRetrieval },
  // { name: 'property', file: 'property.json', produce: (job, out) => evaluateProperty(...) },    // lib/eval/property.ts
  // { name: 'synthesis', file: 'synthesis.json', produce: (job, out) => evaluateSynthesis(...) }, // lib/eval/synthesis.ts
  // { name: 'defects', file: 'defects.json', produce: (job, out) => evaluateDefects(...) },       // lib/eval/defects.ts
];

/**
 * The run's own materials, loaded with its caps and settings (so exactly those it was split
 * from), restricted to its held-out test split (split.json). Cheaper than `prepareRunData`,
 * which loads the files uncapped: the job scores the test split of what it trained from.
 */
export async function prepareTestSplit(run: LoadedRun, structureFiles: readonly string[], synthesisFiles: readonly string[], log?: (line: string) => void): Promise<RunData> {
  const config = run.manifest.config;
  const modalities = run.model.config.modalities.filter((m) => m !== 'text' || run.tokenizer);
  const data = await prepareData(config, structureFiles, synthesisFiles, { micrographVariants: 1, modalities, ...(log ? { log } : {}) });
  let split: { test?: unknown };
  try {
    split = JSON.parse(await readFile(join(run.dir, 'split.json'), 'utf8')) as { test?: unknown };
  } catch (e) {
    throw new InputError(`${run.dir}/split.json: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!Array.isArray(split.test)) throw new InputError(`${run.dir}/split.json: no test list`);
  const test = new Set(split.test as string[]);
  const indices = data.set.materials.map((_, i) => i).filter((i) => test.has(data.set.materials[i]!.id));
  return { data, ctx: { config, features: data.features, tokenizer: run.tokenizer }, indices, scope: 'test', modalities };
}

/** Embeds the test split once, on first use. */
export function cachedEmbeddings(run: LoadedRun, test: RunData): () => Map<Modality, ModalityEmbeddings> {
  let cache: Map<Modality, ModalityEmbeddings> | null = null;
  return () => (cache ??= embedMaterials(run.model, test.ctx, test.indices, test.modalities));
}
