// The evaluation stage of `matalign run`: a list of steps, each writing one metrics file into
// the report folder. Adding an evaluation is one line in EVAL_STEPS.
import type { Modality } from '../config.js';
import type { RunData } from '../eval/run_data.js';
import { ModalityEmbeddings, retrievalTable } from '../eval/retrieval.js';
import { InputError } from '../errors.js';
import { writeJsonAtomic } from '../train/checkpoint.js';
import { embedMaterials } from '../train/embedding.js';
import { prepareData } from '../train/prepare.js';
import { LoadedRun, readRunSplit } from '../train/run_dir.js';
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
  // The same shape `matalign eval retrieval --json` writes: gallery is the cap per pair; scope says which materials.
  await writeJsonAtomic(outPath, { run: job.name, gallery: RETRIEVAL_GALLERY, scope: job.test.scope, results });
}

/** Budgets of the downstream evaluations inside the main job, by the run's preset (the `eval` commands' defaults are larger). */
const JOB_BUDGETS: Record<string, { property: string[]; defects: string[] }> = {
  tiny: {
    property: ['--targets', 'formation_energy_per_atom', '--fractions', '1', '--finetune-steps', '4', '--finetune-epochs', '1', '--max-rows', '60'],
    defects: ['--max-structures', '8', '--seeds-per-structure', '1', '--steps', '6', '--label-fractions', '1', '--neu-size', '32'],
  },
  small: {
    property: ['--targets', 'formation_energy_per_atom,band_gap', '--fractions', '0.1,1', '--finetune-steps', '40', '--finetune-epochs', '4', '--max-rows', '1000'],
    defects: ['--max-structures', '40', '--seeds-per-structure', '2', '--steps', '150', '--label-fractions', '1,0.1', '--standardize'],
  },
  full: { property: ['--fractions', '0.01,0.1,1'], defects: ['--steps', '500', '--standardize'] },
};

const repeat = (flag: string, files: readonly string[]) => files.flatMap((f) => [flag, f]);

/**
 * Arguments of `matalign eval <task>` (property, synthesis, defects) as the main job runs it on
 * a trained run: the run's own held-out keys, the preset's budget, the metrics written to outPath.
 * Null when the task cannot run on these files (synthesis without recipe files).
 */
export function evalTaskArgs(task: string, o: { runDir: string; files: JobDataFiles; seed: number; preset: string; outPath: string }): string[] | null {
  const b = JOB_BUDGETS[o.preset] ?? JOB_BUDGETS.small!;
  const tail = ['--seed', String(o.seed), '--json', o.outPath];
  if (task === 'property') return ['--run', o.runDir, ...repeat('--train', o.files.structures), '--split-test', 'run', ...b.property, ...tail];
  if (task === 'synthesis') {
    if (o.files.synthesis.length === 0) return null;
    return ['--run', o.runDir, ...repeat('--train', o.files.synthesis), ...repeat('--test', o.files.synthesis), '--test-fraction', 'run', ...repeat('--structures', o.files.structures), ...tail];
  }
  if (task === 'defects') {
    const neu = o.files.micrographs;
    return ['--run', o.runDir, ...repeat('--structures', o.files.structures),
      ...(neu ? ['--train', neu.zip, '--train-labels', neu.labels, '--test', neu.zip, '--test-labels', neu.labels, '--split-test', '0.2'] : []), ...b.defects, ...tail];
  }
  throw new InputError(`unknown evaluation '${task}'`);
}

/**
 * Runs an `eval` subcommand in this process; its printed table goes to the job's log (stderr),
 * so the job's own stdout stays the report path and summary. A non-zero exit is an error.
 */
async function evalCommand(name: string, run: (argv: string[]) => Promise<number>, argv: string[]): Promise<void> {
  const stdout = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => (process.stderr.write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest)) as typeof process.stdout.write;
  let code: number;
  try {
    code = await run(argv);
  } finally {
    process.stdout.write = stdout;
  }
  if (code !== 0) throw new InputError(`evaluation '${name}' exited with ${code}`);
}

function taskArgs(task: string, job: JobContext, outPath: string): string[] | null {
  return evalTaskArgs(task, { runDir: job.runDir, files: job.files, seed: job.seed, preset: job.run.manifest.preset, outPath });
}

/** Property prediction (MP-20 targets) on the run's own held-out keys: `matalign eval property --split-test run`. */
export async function produceProperty(job: JobContext, outPath: string): Promise<void> {
  const { runPropertyEval } = await import('./eval_property.js');
  await evalCommand('property', runPropertyEval, taskArgs('property', job, outPath)!);
}

/** Precursor recommendation for the run's held-out target keys: `matalign eval synthesis --test-fraction run`. */
export async function produceSynthesis(job: JobContext, outPath: string): Promise<void> {
  const args = taskArgs('synthesis', job, outPath);
  if (!args) { job.log('synthesis: no recipe files, skipped'); return; }
  const { runSynthesisEval } = await import('./eval_synthesis.js');
  await evalCommand('synthesis', runSynthesisEval, args);
}

/** Defect identification: simulated defects of held-out structures, and NEU-DET where present. */
export async function produceDefects(job: JobContext, outPath: string): Promise<void> {
  const { runEvalDefects } = await import('./eval_defects.js');
  await evalCommand('defects', runEvalDefects, taskArgs('defects', job, outPath)!);
}

/** Evaluations in report order; each writes <out>/<file>. */
export const EVAL_STEPS: readonly EvalStep[] = [
  { name: 'retrieval', file: 'retrieval.json', produce: produceRetrieval },
  { name: 'property', file: 'property.json', produce: produceProperty },
  { name: 'synthesis', file: 'synthesis.json', produce: produceSynthesis },
  { name: 'defects', file: 'defects.json', produce: produceDefects },
];

/**
 * The run's own materials, loaded with its caps and settings (so exactly those it was split
 * from), restricted to its held-out test split (split.json). Cheaper than `prepareRunData`,
 * which loads the files uncapped: the job scores the test split of what it trained from.
 */
export async function prepareTestSplit(run: LoadedRun, structureFiles: readonly string[], synthesisFiles: readonly string[], log?: (line: string) => void): Promise<RunData> {
  const config = run.manifest.config;
  const modalities = run.model.config.modalities.filter((m) => m !== 'text' || run.tokenizer);
  const split = await readRunSplit(run.dir);
  if (!split) throw new InputError(`${run.dir}/split.json: no such file`);
  const test = new Set(split.test);
  // Only the test materials are selected, so only they are featurised.
  const data = await prepareData(config, structureFiles, synthesisFiles, { micrographVariants: 1, modalities, select: (m) => test.has(m.id), ...(log ? { log } : {}) });
  return { data, ctx: { config, features: data.features, tokenizer: run.tokenizer }, indices: data.features.map((_, i) => i), scope: 'test', modalities };
}

/** Embeds the test split once, on first use. */
export function cachedEmbeddings(run: LoadedRun, test: RunData): () => Map<Modality, ModalityEmbeddings> {
  let cache: Map<Modality, ModalityEmbeddings> | null = null;
  return () => (cache ??= embedMaterials(run.model, test.ctx, test.indices, test.modalities));
}
