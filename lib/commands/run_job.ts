// The main job behind `matalign run`: data → alignment training (<out>/run) → evaluations
// (metrics files in <out>/) → figures → the report (report.md, report.html, metrics.json,
// figures/ in <out>/), with a progress line per stage.
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { PresetName, resolveConfig } from '../config.js';
import type { PairedMaterial } from '../data/paired/materials.js';
import { EngineInfo } from '../env.js';
import { InputError } from '../errors.js';
import { buildEmbeddingMap } from '../report/embedding_map.js';
import { embeddingRecords } from '../report/embedding_records.js';
import { readMetricsFile, readTrainingCurve, RUN_METRICS_FILES } from '../report/metrics_load.js';
import { writeReport, type ReportFiles, type ReportInput } from '../report/report.js';
import type { EmbeddingMapInput } from '../report/report_types.js';
import { ExampleStructure, measuredMicrographExamples, simulatedMicrographExamples, xrdExampleSeries } from '../report/run_examples.js';
import { Rng } from '../rng.js';
import { trainAlignment, TrainSummary } from '../train/trainer.js';
import { dataFileRecords, loadRun, readManifest, RunManifest } from '../train/run_dir.js';
import { CliError } from './common.js';
import { JobDataFiles, jobDataFiles, missingDataNotes } from './job_data.js';
import { cachedEmbeddings, EVAL_STEPS, EvalStep, JobContext, prepareTestSplit } from './run_steps.js';

export interface MainJobOptions {
  readonly preset: PresetName;
  readonly dataDir: string;
  /** Report folder; the run goes to <outDir>/run. */
  readonly outDir: string;
  readonly engine: EngineInfo;
  /** Training worker threads (see TrainOptions.workers). */
  readonly workers?: number;
  readonly seed?: number;
  /** Keys overriding the preset (as `matalign train --config`). */
  readonly override?: unknown;
  /** Delete an earlier run in <outDir>/run instead of continuing it. */
  readonly fresh?: boolean;
  readonly steps?: readonly EvalStep[];
  readonly log?: (line: string) => void;
}

export interface MainJobResult {
  readonly report: ReportFiles;
  readonly runDir: string;
  readonly training: TrainSummary;
  /** Metrics files written, by step name. */
  readonly metrics: Record<string, string>;
  readonly seconds: number;
}

/** Points on the embedding map at most (a seeded sample of the test split). */
const MAP_POINTS = 1000;

/** True when an earlier run in dir has this config and these data files (so it can be continued). */
async function sameRun(manifest: RunManifest, config: unknown, files: JobDataFiles): Promise<boolean> {
  if (JSON.stringify(manifest.config) !== JSON.stringify(config)) return false;
  const now = await dataFileRecords([...files.structures, ...files.synthesis]);
  const before = [...manifest.data.structures, ...manifest.data.synthesis];
  return now.length === before.length && now.every((r, i) => r.sha256 === before[i]!.sha256);
}

/** Whether to continue the run in runDir; an earlier run of another config or data is an error unless `fresh`. */
export async function prepareRunDir(runDir: string, config: unknown, files: JobDataFiles, fresh: boolean, log: (l: string) => void): Promise<boolean> {
  if (!existsSync(join(runDir, 'run.json'))) return false;
  if (fresh) {
    log(`removing the earlier run in ${runDir} (--fresh)`);
    await rm(runDir, { recursive: true, force: true });
    return false;
  }
  if (await sameRun(await readManifest(runDir), config, files)) {
    log(`continuing the run in ${runDir} (same config and data; --fresh starts over)`);
    return true;
  }
  throw new CliError(`${runDir} holds a run with another config or data: give another --out, or --fresh to replace it`);
}

/** Moves the report files from the staging folder into outDir, replacing earlier ones. */
async function placeReport(staged: ReportFiles, outDir: string): Promise<ReportFiles> {
  for (const name of ['report.md', 'report.html', 'metrics.json', 'figures']) {
    await rm(join(outDir, name), { recursive: true, force: true });
    await rename(join(staged.dir, name), join(outDir, name));
  }
  await rm(staged.dir, { recursive: true, force: true });
  return { ...staged, dir: outDir, markdown: join(outDir, 'report.md'), html: join(outDir, 'report.html'), metrics: join(outDir, 'metrics.json') };
}

export function embeddingMap(job: JobContext): EmbeddingMapInput | undefined {
  const materials = job.test.indices.map((i) => job.test.data.set.materials[i]!);
  let records = embeddingRecords(job.embeddings(), 'structure', materials, 'formation_energy_per_atom');
  if (records.length < 3) return undefined;
  if (records.length > MAP_POINTS) records = new Rng(job.seed).fork('map').shuffle(records).slice(0, MAP_POINTS);
  const method = records.length >= 100 ? 'umap' : 'pca';
  return { points: buildEmbeddingMap(records, method, job.seed), method: method === 'umap' ? 'UMAP' : 'PCA', propertyName: 'Formation energy', propertyUnit: 'eV/atom' };
}

function exampleStructures(materials: readonly PairedMaterial[]): ExampleStructure[] {
  return materials.filter((m) => m.structure).map((m) => ({ id: m.id, formula: m.formula, structure: m.structure! }));
}

export async function reportInput(job: JobContext, manifest: RunManifest, log: (l: string) => void = job.log): Promise<ReportInput> {
  const at = (f: string) => join(job.outDir, f);
  const f = RUN_METRICS_FILES;
  const structures = exampleStructures(job.test.data.set.materials);
  const examplesDir = at('examples');
  const micrographs = [
    ...(await simulatedMicrographExamples(structures, examplesDir, job.seed)),
    ...(job.files.micrographs ? await measuredMicrographExamples(job.files.micrographs, examplesDir) : []),
  ];
  log(`figures: ${micrographs.length} example micrographs in ${examplesDir}`);
  const embedding = embeddingMap(job);
  return {
    run: job.name,
    title: `matalign report: ${job.name} (preset ${manifest.preset}, seed ${manifest.seed})`,
    config: { preset: manifest.preset, seed: manifest.seed, backend: manifest.backend, git_commit: manifest.gitCommit, data: job.files.dir, config: manifest.config },
    dataSummary: {
      'structure files': job.files.structures.map((p) => basename(p)).join(', '),
      'synthesis files': job.files.synthesis.map((p) => basename(p)).join(', ') || 'none',
      'materials (train / validation / test)': `${manifest.split.train} / ${manifest.split.val} / ${manifest.split.test}`,
      'test materials evaluated': job.test.indices.length,
      'modalities': job.test.modalities.join(', '),
    },
    xrdPatterns: await xrdExampleSeries(structures, job.files.measuredXrd),
    micrographs,
    training: readTrainingCurve(join(job.runDir, f.training)),
    ...(existsSync(at(f.retrieval)) ? { retrieval: readMetricsFile('retrieval', at(f.retrieval)) } : {}),
    ...(embedding ? { embedding } : {}),
    ...(existsSync(at(f.property)) ? { property: readMetricsFile('property', at(f.property)) } : {}),
    ...(existsSync(at(f.synthesis)) ? { synthesis: readMetricsFile('synthesis', at(f.synthesis)) } : {}),
    ...(existsSync(at(f.defects)) ? { defects: readMetricsFile('defects', at(f.defects)), defectsDir: job.outDir } : {}),
  };
}

/** Runs the evaluation steps; a step failing on its input is reported and skipped, the others go on. */
export async function runSteps(job: JobContext, steps: readonly EvalStep[] = EVAL_STEPS, log: (l: string) => void = job.log): Promise<Record<string, string>> {
  const written: Record<string, string> = {};
  for (const step of steps) {
    const t0 = performance.now();
    const path = join(job.outDir, step.file);
    try {
      await step.produce(job, path);
      written[step.name] = path;
      log(`evaluation ${step.name}: ${path} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      log(`evaluation ${step.name}: skipped (${e.message.split('\n')[0]})`);
    }
  }
  return written;
}

export async function runMainJob(o: MainJobOptions): Promise<MainJobResult> {
  const log = o.log ?? (() => {});
  const t0 = performance.now();
  const stage = (n: number, text: string) => log(`[${n}/5] ${text} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  const outDir = resolve(o.outDir);
  const runDir = join(outDir, 'run');
  stage(1, `data from ${o.dataDir}`);
  const files = jobDataFiles(o.dataDir);
  for (const note of missingDataNotes(files)) log(`note: ${note}`);
  const config = resolveConfig(o.preset, o.override, o.seed);
  await mkdir(outDir, { recursive: true });
  const resume = await prepareRunDir(runDir, config, files, o.fresh ?? false, log);
  stage(2, `alignment training (preset ${o.preset}, seed ${config.seed}) → ${runDir}`);
  const training = await trainAlignment({ preset: o.preset, config, structureFiles: files.structures, synthesisFiles: files.synthesis, outDir: runDir, resume, engine: o.engine, ...(o.workers !== undefined ? { workers: o.workers } : {}), log });
  stage(3, 'evaluation on the held-out test split');
  const job = await openJob({ outDir, files, log });
  try {
    const metrics = await runSteps(job, o.steps ?? EVAL_STEPS, log);
    stage(4, 'figures: embedding map, example XRD patterns and micrographs');
    const input = await reportInput(job, job.run.manifest, log);
    stage(5, 'report');
    const report = await writeJobReport(input, outDir);
    return { report, runDir, training, metrics, seconds: (performance.now() - t0) / 1000 };
  } finally {
    closeJob(job);
  }
}

/**
 * The trained run in <outDir>/run loaded for evaluation, with its held-out test split
 * prepared; call closeJob when done (it frees the model's tensors).
 */
export async function openJob(o: { outDir: string; files: JobDataFiles; log?: (line: string) => void }): Promise<JobContext> {
  const log = o.log ?? (() => {});
  const outDir = resolve(o.outDir);
  const runDir = join(outDir, 'run');
  const run = await loadRun(runDir);
  try {
    const test = await prepareTestSplit(run, o.files.structures, o.files.synthesis, log);
    log(`test split: ${test.indices.length} materials`);
    return { files: o.files, runDir, outDir, name: basename(outDir), seed: run.manifest.seed, run, test, embeddings: cachedEmbeddings(run, test), log };
  } catch (e) {
    run.model.dispose();
    throw e;
  }
}

export function closeJob(job: JobContext): void {
  job.run.model.dispose();
}

/** Writes the report into outDir beside the run and metrics files (report.md, report.html, metrics.json, figures/). */
export async function writeJobReport(input: ReportInput, outDir: string): Promise<ReportFiles> {
  const staged = await writeReport(input, join(resolve(outDir), '.report-staging'));
  return placeReport(staged, resolve(outDir));
}

/** The default report folder of a preset and seed: reports/<preset>, or reports/<preset>-seed<N> for a seed other than the preset's. */
export function defaultReportDir(preset: PresetName, seed?: number, root = '.'): string {
  return join(root, 'reports', seed === undefined || seed === resolveConfig(preset).seed ? preset : `${preset}-seed${seed}`);
}
