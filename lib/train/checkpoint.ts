// Checkpoints written so that a kill at any moment leaves the last good one loadable: the
// weights go to a new file (write, fsync, rename), then a small JSON manifest naming that
// file replaces the previous manifest by rename; only then are unreferenced files removed.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { SerializedParams } from '../models/params.js';

export interface TrainingState {
  /** Optimizer updates taken. */
  readonly step: number;
  /** Epoch in progress (0-based) and batches of it already taken. */
  readonly epoch: number;
  readonly stepInEpoch: number;
  readonly bestValLoss: number | null;
  readonly bestEpoch: number | null;
  readonly epochsWithoutImprovement: number;
  readonly done: boolean;
}

interface Manifest {
  readonly format: 'matalign-checkpoint-1';
  readonly file: string;
  readonly state: TrainingState | null;
  readonly tensors: { group: string; names: readonly string[]; shapes: readonly (readonly number[])[]; offset: number; length: number }[];
}

export interface CheckpointContent {
  readonly state: TrainingState | null;
  /** Group ('params', 'adam.m', 'adam.v') → tensors. */
  readonly groups: ReadonlyMap<string, SerializedParams>;
}

let hookCalls = 0;

/**
 * Test hook: MATALIGN_CRASH_AT='<point>:<n>' kills the process (SIGKILL, as `kill -9`) the
 * n-th time a checkpoint write reaches <point> ('checkpoint-weights' or 'checkpoint-manifest').
 */
function crashHook(point: string): void {
  const spec = process.env.MATALIGN_CRASH_AT;
  if (!spec) return;
  const [where, n] = spec.split(':');
  if (where === point && ++hookCalls === Number(n ?? 1)) process.kill(process.pid, 'SIGKILL');
}

function writeDurably(path: string, chunks: readonly Uint8Array[]): void {
  const fd = openSync(path, 'w');
  try {
    for (const c of chunks) writeSync(fd, c);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes checkpoint `name` ('last', 'best') into `dir` atomically. */
export async function saveCheckpoint(dir: string, name: string, content: CheckpointContent): Promise<void> {
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const file = `${name}-${stamp}.bin`;
  const tensors: Manifest['tensors'] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [group, t] of content.groups) {
    tensors.push({ group, names: t.names, shapes: t.shapes, offset, length: t.values.length });
    chunks.push(new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength));
    offset += t.values.length;
  }
  writeDurably(join(dir, `${file}.tmp`), chunks);
  crashHook('checkpoint-weights');
  await rename(join(dir, `${file}.tmp`), join(dir, file));
  const manifest: Manifest = { format: 'matalign-checkpoint-1', file, state: content.state, tensors };
  writeDurably(join(dir, `${name}.json.tmp`), [Buffer.from(JSON.stringify(manifest))]);
  crashHook('checkpoint-manifest');
  await rename(join(dir, `${name}.json.tmp`), join(dir, `${name}.json`));
  await removeUnreferenced(dir, name, file);
}

async function removeUnreferenced(dir: string, name: string, keep: string): Promise<void> {
  for (const f of await readdir(dir)) {
    if (f.startsWith(`${name}-`) && f !== keep && (f.endsWith('.bin') || f.endsWith('.bin.tmp'))) await rm(join(dir, f), { force: true });
  }
}

/** The checkpoint `name` of `dir`, or null when there is none. */
export async function loadCheckpoint(dir: string, name: string): Promise<CheckpointContent | null> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, `${name}.json`), 'utf8')) as Manifest;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InputError(`${join(dir, `${name}.json`)}: unreadable checkpoint (${(e as Error).message})`);
  }
  if (manifest.format !== 'matalign-checkpoint-1') throw new InputError(`${join(dir, `${name}.json`)}: not a matalign checkpoint`);
  const bytes = await readFile(join(dir, manifest.file));
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const expected = manifest.tensors.reduce((a, t) => a + t.length, 0);
  if (all.length !== expected) throw new InputError(`${manifest.file}: ${all.length} values, manifest says ${expected}`);
  const groups = new Map<string, SerializedParams>();
  for (const t of manifest.tensors) groups.set(t.group, { names: t.names, shapes: t.shapes, values: all.subarray(t.offset, t.offset + t.length) });
  return { state: manifest.state, groups };
}

/** Writes a JSON file atomically (write-then-rename). */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFile(`${path}.tmp`, JSON.stringify(value, null, 2) + '\n');
  await rename(`${path}.tmp`, path);
}
