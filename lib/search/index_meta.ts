// The metadata file of a search index folder (index.json): which run embedded it (its
// directory, config hash and weights hash), the embedding width D and the table name.
// Queries must be encoded with the same run, so both hashes are checked before a search.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import type { RunManifest } from '../train/run_dir.js';
import { sha256File } from '../train/run_dir.js';

export const INDEX_FORMAT = 'matalign-index-1';
export const INDEX_META_FILE = 'index.json';
export const INDEX_TABLE = 'materials';

export interface IndexMeta {
  readonly format: typeof INDEX_FORMAT;
  /** Absolute path of the run directory that embedded the table. */
  readonly runDir: string;
  /** sha256 of the run's resolved config (canonical JSON of run.json's `config`). */
  readonly configHash: string;
  /** sha256 of the checkpoint file whose weights embedded the table. */
  readonly weightsHash: string;
  /** D, the embedding width. */
  readonly dim: number;
  readonly table: string;
  /** Profile grid of the run's XRD tower: P points over 2θ 10–80°. */
  readonly xrdPoints: number;
  readonly createdAt: string;
}

/** JSON with object keys sorted at every level, so equal configs hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function configHash(manifest: RunManifest): string {
  return createHash('sha256').update(canonicalJson(manifest.config)).digest('hex');
}

/** sha256 of the run's best checkpoint file (else its last): the weights a query must use. */
export async function weightsHash(runDir: string): Promise<string> {
  for (const name of ['best', 'last']) {
    const path = join(runDir, `${name}.json`);
    if (!existsSync(path)) continue;
    const file = (JSON.parse(await readFile(path, 'utf8')) as { file?: string }).file;
    if (file && existsSync(join(runDir, file))) return sha256File(join(runDir, file));
  }
  throw new InputError(`${runDir}: no checkpoint yet`);
}

/** Writes index.json atomically; the temporary name is per process, since shard jobs may write at once. */
export async function writeIndexMeta(dir: string, meta: IndexMeta): Promise<void> {
  const path = join(dir, INDEX_META_FILE);
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, JSON.stringify(meta, null, 2) + '\n');
  await rename(tmp, path);
}

/** The metadata of an index folder; a missing or damaged file is one clear InputError. */
export function readIndexMeta(dir: string): IndexMeta {
  const path = join(dir, INDEX_META_FILE);
  if (!existsSync(dir)) throw new InputError(`${dir}: no such index folder`);
  if (!existsSync(path)) throw new InputError(`${dir} is not a matalign index (no ${INDEX_META_FILE}); build one with 'matalign index'`);
  let meta: IndexMeta;
  try {
    meta = JSON.parse(readFileSync(path, 'utf8')) as IndexMeta;
  } catch (e) {
    throw new InputError(`${path}: damaged index metadata (${(e as Error).message.split('\n')[0]})`);
  }
  const ok = meta && meta.format === INDEX_FORMAT && typeof meta.configHash === 'string' && Number.isInteger(meta.dim) && meta.dim > 0 &&
    typeof meta.table === 'string' && typeof meta.runDir === 'string' && Number.isInteger(meta.xrdPoints);
  if (!ok) throw new InputError(`${path}: damaged index metadata (not a ${INDEX_FORMAT} record)`);
  return { ...meta, runDir: resolve(dir, meta.runDir) };
}

/** Refuses a run whose config or weights differ from the ones that built the index. */
export async function checkRunMatches(meta: IndexMeta, manifest: RunManifest, runDir: string): Promise<void> {
  const hash = configHash(manifest);
  if (hash !== meta.configHash) {
    throw new InputError(`run ${runDir} does not match the index: config hash ${hash.slice(0, 12)} ≠ ${meta.configHash.slice(0, 12)} (the index was built with ${meta.runDir})`);
  }
  const weights = await weightsHash(runDir);
  if (meta.weightsHash && weights !== meta.weightsHash) {
    throw new InputError(`run ${runDir} does not match the index: its weights differ from those that built it (${meta.runDir})`);
  }
}
