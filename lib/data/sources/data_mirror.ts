// Filling data/ from a mirror folder of the shared data sets (one folder per data set, each
// with its SOURCE.md): copies every file (temporary file, then rename), verifies each copy's
// size and sha256 against the mirror's file and, where a SOURCE.md states a sha256 for the
// file, against that; lists the expected files the mirror lacks.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { temporaryPathBeside } from './atomic_file.js';

/** The data sets the project knows, with the files each should hold (see data/README.md). */
export const EXPECTED_DATASETS: Readonly<Record<string, readonly string[]>> = {
  mp20: ['SOURCE.md', 'train_partial.csv.gz', 'val_partial.csv.gz'],
  perov5: ['SOURCE.md', 'val.csv.gz'],
  mp_elasticity: ['SOURCE.md', 'elasticity.csv.gz'],
  obelix: ['SOURCE.md', 'obelix.csv.gz'],
  synthesis: ['SOURCE.md', 'solid-state_2019-12-03.shared.jsonl.gz', 'sol-gel_2020-07-13.shared.jsonl.gz'],
  neu_det: ['SOURCE.md', 'neu_det_shared.zip', 'labels.csv.gz'],
  alab_xrd_dara: ['SOURCE.md', 'xrdml_shared.zip', 'labels.csv.gz'],
};

export interface MirroredFile {
  /** "dataset/file". */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  /** False when data/ already held an identical copy. */
  readonly copied: boolean;
  /** The sha256 SOURCE.md states for the file, when it states one. */
  readonly declaredSha256: string | null;
  /** Why the file failed verification; null when it passed. */
  readonly problem: string | null;
}

export interface MirrorReport {
  readonly from: string;
  readonly to: string;
  readonly files: readonly MirroredFile[];
  /** Expected "dataset/file" paths the mirror does not hold. */
  readonly missing: readonly string[];
}

/** The mirror folder: --from, else ../shared/data when it exists, else MATALIGN_MIRROR. */
export function resolveMirrorDir(from: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const tried: string[] = [];
  for (const candidate of [from, from ? undefined : resolve(cwd, '../shared/data'), from ? undefined : env.MATALIGN_MIRROR]) {
    if (!candidate) continue;
    const dir = resolve(cwd, candidate);
    if (existsSync(dir)) return dir;
    tried.push(dir);
  }
  const how = from ? `--from ${tried[0]}` : `${tried.join(', ') || '../shared/data'}${env.MATALIGN_MIRROR ? '' : ' (MATALIGN_MIRROR is not set)'}`;
  throw new InputError(`no mirror folder: tried ${how}`);
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The sha256 a SOURCE.md states for `file`: a 64-hex token on a line naming the file. */
export function declaredSha256(sourceMd: string, file: string): string | null {
  for (const line of sourceMd.split('\n')) {
    if (!line.includes(file)) continue;
    const m = /\b[0-9a-f]{64}\b/i.exec(line);
    if (m) return m[0].toLowerCase();
  }
  return null;
}

async function sameFile(path: string, bytes: number, sha: string): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  return info !== null && info.size === bytes && (await sha256File(path)) === sha;
}

async function mirrorFile(from: string, to: string, dataset: string, file: string, sourceMd: string): Promise<MirroredFile> {
  const src = join(from, dataset, file);
  const dest = join(to, dataset, file);
  const bytes = (await stat(src)).size;
  const sha256 = await sha256File(src);
  const declared = declaredSha256(sourceMd, file);
  const base = { path: `${dataset}/${file}`, bytes, sha256, declaredSha256: declared };
  if (declared && declared !== sha256) return { ...base, copied: false, problem: `sha256 ${sha256} differs from SOURCE.md's ${declared}` };
  if (await sameFile(dest, bytes, sha256)) return { ...base, copied: false, problem: null };
  await mkdir(join(to, dataset), { recursive: true });
  const tmp = temporaryPathBeside(dest);
  try {
    await copyFile(src, tmp);
    if (!(await sameFile(tmp, bytes, sha256))) return { ...base, copied: false, problem: 'the copy differs from the mirror (size or sha256)' };
    await rename(tmp, dest);
  } finally {
    await rm(tmp, { force: true });
  }
  return { ...base, copied: true, problem: null };
}

/** Copies and verifies every file of every data-set folder of `from` into `to`. */
export async function mirrorData(from: string, to: string, onFile: (f: MirroredFile) => void = () => {}): Promise<MirrorReport> {
  const datasets = (await readdir(from, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const files: MirroredFile[] = [];
  for (const dataset of datasets) {
    const names = (await readdir(join(from, dataset), { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name).sort();
    const sourceMd = names.includes('SOURCE.md') ? await readFile(join(from, dataset, 'SOURCE.md'), 'utf8') : '';
    for (const name of names) {
      const f = await mirrorFile(from, to, dataset, name, sourceMd);
      files.push(f);
      onFile(f);
    }
  }
  const have = new Set(files.map((f) => f.path));
  const missing = Object.entries(EXPECTED_DATASETS).flatMap(([d, names]) => names.map((n) => `${d}/${n}`)).filter((p) => !have.has(p));
  return { from, to, files, missing };
}
