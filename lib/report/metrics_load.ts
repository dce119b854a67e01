// Reads the evaluations' metrics files, checking the keys the report relies on so that a
// malformed file fails with one line naming the file and key, not deep inside a chart.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import type { ReportInput } from './report_types.js';
import type { DefectMetrics, PropertyMetrics, RetrievalReport, SynthesisMetrics, TrainingEpoch } from './metrics_types.js';

type Json = Record<string, unknown>;

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(`cannot read metrics file ${path}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}

function requireObject(value: unknown, where: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(`${where}: expected an object`);
  return value as Json;
}

function requireArray(obj: Json, key: string, where: string): unknown[] {
  const value = obj[key];
  if (!Array.isArray(value)) throw new InputError(`${where}: "${key}" must be an array`);
  return value;
}

/** Checks that every key is a number (null allowed where the evaluation had no value). */
function requireNumbers(obj: Json, keys: readonly string[], where: string): void {
  for (const key of keys) {
    const v = obj[key];
    if (typeof v !== 'number' && v !== null) throw new InputError(`${where}: "${key}" must be a number, got ${JSON.stringify(v)}`);
  }
}

function requireStrings(obj: Json, keys: readonly string[], where: string): void {
  for (const key of keys) if (typeof obj[key] !== 'string') throw new InputError(`${where}: "${key}" must be a string`);
}

/** Checks a retrieval.json value. */
export function parseRetrievalMetrics(value: unknown, where = 'retrieval metrics'): RetrievalReport {
  const root = requireObject(value, where);
  requireArray(root, 'results', where).forEach((r, i) => {
    const row = requireObject(r, `${where} results[${i}]`);
    requireStrings(row, ['query', 'target'], `${where} results[${i}]`);
    requireNumbers(row, ['n', 'R@1', 'R@5', 'R@10', 'mean_rank', 'median_rank', 'chance_R@10'], `${where} results[${i}]`);
  });
  return root as unknown as RetrievalReport;
}

/** Parses metrics.jsonl text: one epoch per non-empty line. */
export function parseTrainingCurve(text: string, where = 'metrics.jsonl'): TrainingEpoch[] {
  const epochs: TrainingEpoch[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new InputError(`${where} line ${i + 1}: not valid JSON`);
    }
    const row = requireObject(value, `${where} line ${i + 1}`);
    requireNumbers(row, ['epoch', 'train_loss', 'val_loss', 'val_R@1'], `${where} line ${i + 1}`);
    epochs.push(row as unknown as TrainingEpoch);
  });
  return epochs;
}

/** Checks a property.json value. */
export function parsePropertyMetrics(value: unknown, where = 'property metrics'): PropertyMetrics {
  const root = requireObject(value, where);
  const targets = requireObject(root.targets, `${where} targets`);
  for (const [name, t] of Object.entries(targets)) {
    const target = requireObject(t, `${where} target ${name}`);
    if (target.task !== 'regression' && target.task !== 'classification') throw new InputError(`${where} target ${name}: task must be "regression" or "classification"`);
    const keys = target.task === 'regression' ? ['label_fraction', 'mae', 'mse', 'r2'] : ['label_fraction', 'accuracy', 'precision', 'recall', 'f1'];
    requireArray(target, 'results', `${where} target ${name}`).forEach((r, i) => {
      const row = requireObject(r, `${where} target ${name} results[${i}]`);
      requireStrings(row, ['model'], `${where} target ${name} results[${i}]`);
      requireNumbers(row, keys, `${where} target ${name} results[${i}]`);
    });
    for (const p of (target.parity as unknown[] | undefined) ?? []) {
      const parity = requireObject(p, `${where} target ${name} parity`);
      const yt = requireArray(parity, 'y_true', `${where} target ${name} parity`);
      const yp = requireArray(parity, 'y_pred', `${where} target ${name} parity`);
      if (yt.length !== yp.length) throw new InputError(`${where} target ${name} parity ${String(parity.model)}: y_true has ${yt.length} values, y_pred ${yp.length}`);
    }
  }
  return root as unknown as PropertyMetrics;
}

/** Checks a synthesis.json value. */
export function parseSynthesisMetrics(value: unknown, where = 'synthesis metrics'): SynthesisMetrics {
  const root = requireObject(value, where);
  requireArray(root, 'results', where).forEach((r, i) => {
    const row = requireObject(r, `${where} results[${i}]`);
    requireStrings(row, ['model'], `${where} results[${i}]`);
    requireNumbers(row, ['success@1', 'precision', 'recall', 'f1'], `${where} results[${i}]`);
  });
  return root as unknown as SynthesisMetrics;
}

/** Checks a defects.json value, including that each confusion matrix is classes × classes. */
export function parseDefectMetrics(value: unknown, where = 'defect metrics'): DefectMetrics {
  const root = requireObject(value, where);
  requireArray(root, 'results', where).forEach((r, i) => {
    const at = `${where} results[${i}]`;
    const row = requireObject(r, at);
    requireStrings(row, ['dataset', 'model'], at);
    requireNumbers(row, ['label_fraction', 'accuracy', 'precision', 'recall', 'f1'], at);
    const k = requireArray(row, 'classes', at).length;
    const confusion = requireArray(row, 'confusion', at);
    if (confusion.length !== k || confusion.some((c) => !Array.isArray(c) || c.length !== k)) {
      throw new InputError(`${at}: confusion must be ${k} × ${k} (one row and column per class)`);
    }
  });
  return root as unknown as DefectMetrics;
}

/** Reads and checks one metrics file by kind. */
export function readMetricsFile(kind: 'retrieval', path: string): RetrievalReport;
export function readMetricsFile(kind: 'property', path: string): PropertyMetrics;
export function readMetricsFile(kind: 'synthesis', path: string): SynthesisMetrics;
export function readMetricsFile(kind: 'defects', path: string): DefectMetrics;
export function readMetricsFile(kind: 'retrieval' | 'property' | 'synthesis' | 'defects', path: string): unknown {
  const value = readJson(path);
  if (kind === 'retrieval') return parseRetrievalMetrics(value, path);
  if (kind === 'property') return parsePropertyMetrics(value, path);
  if (kind === 'synthesis') return parseSynthesisMetrics(value, path);
  return parseDefectMetrics(value, path);
}

/** Reads a run directory's metrics.jsonl. */
export function readTrainingCurve(path: string): TrainingEpoch[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(`cannot read training curve ${path}`);
  }
  return parseTrainingCurve(text, path);
}

/** File names the evaluations write into a run directory. */
export const RUN_METRICS_FILES = {
  training: 'metrics.jsonl', retrieval: 'retrieval.json', property: 'property.json', synthesis: 'synthesis.json', defects: 'defects.json',
} as const;

/**
 * Reads whichever metrics files a run directory holds (names in RUN_METRICS_FILES) into a
 * report input; the caller adds config, data summary, embedding map and XRD examples.
 */
export function readRunMetrics(runDir: string, run = basename(resolve(runDir))): ReportInput {
  const at = (name: string) => join(runDir, name);
  const has = (name: string) => existsSync(at(name));
  const f = RUN_METRICS_FILES;
  return {
    run,
    ...(has(f.training) ? { training: readTrainingCurve(at(f.training)) } : {}),
    ...(has(f.retrieval) ? { retrieval: readMetricsFile('retrieval', at(f.retrieval)) } : {}),
    ...(has(f.property) ? { property: readMetricsFile('property', at(f.property)) } : {}),
    ...(has(f.synthesis) ? { synthesis: readMetricsFile('synthesis', at(f.synthesis)) } : {}),
    ...(has(f.defects) ? { defects: readMetricsFile('defects', at(f.defects)), defectsDir: runDir } : {}),
  };
}
