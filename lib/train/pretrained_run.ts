// The run that ships with the package (models/pretrained/): what embed, index and search use
// when no --run is given.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.js';

/** The package root: the nearest folder above this file whose package.json names matalign (works from lib/ and dist/lib/). */
function packageRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try { if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'matalign') return dir; } catch { /* keep looking */ }
    }
    dir = dirname(dir);
  }
  return null;
}

/** Folder of the shipped pretrained run (it may be absent in a checkout without it). */
export function pretrainedRunDir(): string {
  const root = packageRoot();
  return join(root ?? process.cwd(), 'models', 'pretrained');
}

/** The run folder to use: the one given, else the shipped pretrained run when it is there. */
export function resolveRunDir(given: string | undefined): string {
  if (given) return given;
  const dir = pretrainedRunDir();
  if (!existsSync(join(dir, 'run.json'))) throw new InputError(`no --run given and no pretrained run at ${dir}`);
  return dir;
}
