// A tiny trained run and a small structure table for the search tests, made once per mocha
// process (the run trains in about 15 s) from the shared MP-20 rows.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { resolveConfig } from '../../lib/config.js';
import { readDataText } from '../../lib/data/io/text_files.js';
import { initEngine } from '../../lib/env.js';
import { trainAlignment } from '../../lib/train/trainer.js';
import { sharedFile } from './shared_data.js';

export interface SearchFixture {
  readonly dir: string;
  readonly runDir: string;
  /** A structure CSV of the first `rows` MP-20 rows. */
  readonly table: string;
  readonly ids: string[];
}

const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

async function writeTable(source: string, path: string, rows: number): Promise<string[]> {
  const records = parse(await readDataText(source), { columns: true }) as Record<string, string>[];
  const head = Object.keys(records[0]!);
  const kept = records.slice(0, rows);
  writeFileSync(path, [head.join(','), ...kept.map((r) => head.map((h) => quote(r[h] ?? '')).join(','))].join('\n') + '\n');
  return kept.map((r) => r.material_id!);
}

let pending: Promise<SearchFixture> | null = null;

/** The fixture, or null when the shared MP-20 file is not there (tests then skip). */
export function searchFixture(): Promise<SearchFixture> | null {
  const mp20 = sharedFile('mp20/train_partial.csv.gz');
  if (!mp20) return null;
  pending ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'matalign-search-'));
    const table = join(dir, 'structures.csv');
    const ids = await writeTable(mp20, table, 40);
    const engine = await initEngine('wasm');
    const runDir = join(dir, 'run');
    const config = resolveConfig('tiny', { data: { maxStructures: 40 }, train: { epochs: 2 } });
    await trainAlignment({ preset: 'tiny', config, structureFiles: [table], synthesisFiles: [], outDir: runDir, resume: false, engine });
    return { dir, runDir, table, ids };
  })();
  return pending;
}
