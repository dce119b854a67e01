// Small hostile inputs made in code: CIF variants, tables and folders.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cifText, rockSalt } from './cif.js';

/** A fresh temporary folder. */
export function tempDir(prefix = 'matalign-hostile-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `content` to `name` in a fresh temporary folder and returns the path. */
export function writeTemp(name: string, content: string | Uint8Array): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

/** A CSV cell holding text (quotes doubled). */
export const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** A material_id,cif table of the given (id, cif) rows. */
export function structureCsv(rows: readonly (readonly [string, string])[]): string {
  return ['material_id,cif', ...rows.map(([id, cif]) => `${csvCell(id)},${csvCell(cif)}`)].join('\n') + '\n';
}

/** Rock salt with a cubic cell of side a (Å). */
export const cubicRockSalt = (a: number) => rockSalt(a);

/** MgO in a 4 Å cubic cell (CsCl-type), named `name`. */
export const smallCif = (name = 'MgO') => cifText({ cell: [4, 4, 4, 90, 90, 90], sites: [['Mg', 0, 0, 0], ['O', 0.5, 0.5, 0.5]], name });
