// A run directory: the resolved config, seed, backend, code version, data files with their
// sha256, the split, per-epoch metrics (JSON lines), the tokenizer and the checkpoints.
// Loading one gives back the trained model for embedding and evaluation.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { activeModalities, AlignConfig } from '../config.js';
import { ELEMENT_FEATURE_DIM } from '../data/paired/features.js';
import { NODE_FEATURE_DIM } from '../data/structure/graph.js';
import { SynthesisTokenizer } from '../data/synthesis/tokenizer.js';
import { InputError } from '../errors.js';
import { AlignmentModel } from '../models/clip_model.js';
import { loadCheckpoint, writeJsonAtomic } from './checkpoint.js';

export interface DataFileRecord {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface RunManifest {
  readonly format: 'matalign-run-1';
  readonly preset: string;
  readonly config: AlignConfig;
  readonly seed: number;
  readonly backend: string;
  readonly gitCommit: string | null;
  readonly createdAt: string;
  readonly data: { readonly structures: DataFileRecord[]; readonly synthesis: DataFileRecord[] };
  /** V of the trained tokenizer (0 when the run has no text). */
  readonly vocabSize: number;
  readonly split: { readonly train: number; readonly val: number; readonly test: number; readonly rule: string };
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export async function dataFileRecords(paths: readonly string[]): Promise<DataFileRecord[]> {
  return Promise.all(paths.map(async (p) => ({ path: resolve(p), bytes: (await stat(p)).size, sha256: await sha256File(p) })));
}

export function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'], cwd: new URL('.', import.meta.url).pathname }).toString().trim() || null;
  } catch {
    return null;
  }
}

export async function writeManifest(dir: string, manifest: RunManifest): Promise<void> {
  await writeJsonAtomic(join(dir, 'run.json'), manifest);
}

export async function readManifest(dir: string): Promise<RunManifest> {
  const path = join(dir, 'run.json');
  if (!existsSync(path)) throw new InputError(`${dir} is not a matalign run (no run.json)`);
  let m: RunManifest;
  try {
    m = JSON.parse(await readFile(path, 'utf8')) as RunManifest;
  } catch (e) {
    throw new InputError(`${path}: not JSON (${(e as Error).message})`);
  }
  if (m.format !== 'matalign-run-1') throw new InputError(`${path}: not a matalign run manifest`);
  return m;
}

/** Material ids of each split of a run (split.json). */
export interface RunSplit {
  readonly seed: number;
  readonly train: readonly string[];
  readonly val: readonly string[];
  readonly test: readonly string[];
}

export async function writeRunSplit(dir: string, split: RunSplit): Promise<void> {
  await writeFile(join(dir, 'split.json'), JSON.stringify(split) + '\n');
}

/** The run's split.json, or null where the run has none; an unreadable one is an InputError. */
export async function readRunSplit(dir: string): Promise<RunSplit | null> {
  const path = join(dir, 'split.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InputError(`${path}: ${(e as Error).message.split('\n')[0]}`);
  }
  let split: Partial<RunSplit>;
  try { split = JSON.parse(text) as Partial<RunSplit>; } catch (e) { throw new InputError(`${path}: not JSON (${(e as Error).message})`); }
  for (const k of ['train', 'val', 'test'] as const) if (!Array.isArray(split[k])) throw new InputError(`${path}: no ${k} list`);
  return split as RunSplit;
}

/** Appends one JSON line to the run's metrics. */
export async function appendMetrics(dir: string, record: Record<string, unknown>): Promise<void> {
  await appendFile(join(dir, 'metrics.jsonl'), JSON.stringify(record) + '\n');
}

export interface LoadedRun {
  readonly dir: string;
  readonly manifest: RunManifest;
  readonly model: AlignmentModel;
  readonly tokenizer: SynthesisTokenizer | null;
}

/** The model of a run with its best weights (else the last), and its tokenizer. */
export async function loadRun(dir: string): Promise<LoadedRun> {
  const manifest = await readManifest(dir);
  const config = manifest.config;
  const tokenizer = manifest.vocabSize > 0 ? await SynthesisTokenizer.load(join(dir, 'tokenizer')) : null;
  const model = new AlignmentModel(config.model, {
    cutoff: config.data.cutoff, vocabSize: Math.max(1, manifest.vocabSize), nodeFeatures: NODE_FEATURE_DIM, elementFeatures: ELEMENT_FEATURE_DIM, xrdPoints: config.data.xrdPoints,
  }, config.seed, config.loss.temperature);
  model.initialize(activeModalities(config).filter((m) => m !== 'text' || tokenizer));
  const ckpt = (await loadCheckpoint(dir, 'best')) ?? (await loadCheckpoint(dir, 'last'));
  if (!ckpt) throw new InputError(`${dir}: no checkpoint yet`);
  model.params.load(ckpt.groups.get('params')!);
  return { dir, manifest, model, tokenizer };
}
