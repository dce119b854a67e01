// Property-evaluation fixtures: small CSV tables cut from real MP-20 rows or written in code,
// and one tiny aligned run trained once per test process on a few real MP-20 rows.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../lib/config.js';
import { readCsvRecords } from '../../lib/data/io/csv_records.js';
import { initEngine } from '../../lib/env.js';
import { trainAlignment } from '../../lib/train/trainer.js';
import { ELEMENT_FEATURE_DIM } from '../../lib/data/paired/features.js';
import { NODE_FEATURE_DIM } from '../../lib/data/structure/graph.js';
import { AlignmentModel } from '../../lib/models/clip_model.js';
import type { LoadedRun } from '../../lib/train/run_dir.js';
import { csvCell } from './hostile_fixtures.js';
import { sharedFile } from './shared_data.js';
import { SOLID_STATE_SAMPLE } from './synthesis_fixtures.js';

export const MP20 = sharedFile('mp20/train_partial.csv.gz');

/** A CSV of the given rows (column → text), columns in the order of the first row. */
export function writeCsv(path: string, rows: readonly Record<string, string>[]): string {
  const columns = Object.keys(rows[0]!);
  writeFileSync(path, [columns.map(csvCell).join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c] ?? '')).join(','))].join('\n') + '\n');
  return path;
}

/** Rows `from` … `from + count − 1` of the shared MP-20 training table, as a new CSV file. */
export async function mp20Slice(path: string, from: number, count: number): Promise<string> {
  const rows: Record<string, string>[] = [];
  let i = 0;
  for await (const r of readCsvRecords(MP20!)) {
    if (i++ < from) continue;
    rows.push(r);
    if (rows.length >= count) break;
  }
  return writeCsv(path, rows);
}

let tinyRun: Promise<string> | null = null;

/** A tiny run (1 epoch on 48 real MP-20 rows + the recipe sample), trained once per process. */
export function trainedTinyRun(): Promise<string> {
  tinyRun ??= (async () => {
    const engine = await initEngine('wasm');
    const out = join(mkdtempSync(join(tmpdir(), 'matalign-evaltiny-')), 'run');
    const config = resolveConfig('tiny', { train: { epochs: 1 }, data: { maxStructures: 48 } });
    await trainAlignment({ preset: 'tiny', config, structureFiles: [MP20!], synthesisFiles: [SOLID_STATE_SAMPLE], outDir: out, resume: false, engine });
    return out;
  })();
  return tinyRun;
}

/** The first `count` records of the shared solid-state recipes, as a new JSONL file (null when the data is absent). */
export async function solidStateSlice(path: string, count: number): Promise<string | null> {
  const source = sharedFile('synthesis/solid-state_2019-12-03.shared.jsonl.gz');
  if (!source) return null;
  const { createReadStream } = await import('node:fs');
  const { createGunzip } = await import('node:zlib');
  const { createInterface } = await import('node:readline');
  const lines: string[] = [];
  const rl = createInterface({ input: createReadStream(source).pipe(createGunzip()) });
  for await (const line of rl) {
    if (line.trim()) lines.push(line);
    if (lines.length >= count) break;
  }
  rl.close();
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/**
 * An OBELiX-like table from real MP-20 rows: a conductivity column with some upper bounds
 * ('<1E-10'), a Family column, rows without a CIF (formula only) and one disordered cell.
 */
export async function conductivityTable(path: string, count: number): Promise<string> {
  const rows: Record<string, string>[] = [];
  let i = 0;
  for await (const r of readCsvRecords(MP20!)) {
    const fe = Number(r['formation_energy_per_atom']);
    rows.push({
      ID: `x${i}`, 'Reduced Composition': r['pretty_formula']!, Family: i % 2 ? 'garnet' : 'NASICON',
      'Ionic conductivity (S cm-1)': i % 5 === 4 ? '<1E-10' : (10 ** (-4 + fe)).toExponential(3),
      cif: i % 6 === 5 ? '' : r['cif']!,
    });
    if (++i >= count) break;
  }
  const disordered = 'data_NaKCl\n_cell_length_a 5.9\n_cell_length_b 5.9\n_cell_length_c 5.9\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n'
    + "loop_\n_symmetry_equiv_pos_as_xyz\n'x, y, z'\n'x, y+1/2, z+1/2'\n'x+1/2, y, z+1/2'\n'x+1/2, y+1/2, z'\n"
    + 'loop_\n_atom_site_type_symbol\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\n'
    + 'Na Na1 0 0 0 0.5\nK K1 0 0 0 0.5\nCl Cl1 0.5 0.5 0.5 1\n';
  rows.push({ ID: 'dis', 'Reduced Composition': 'Na0.5K0.5Cl', Family: 'halides', 'Ionic conductivity (S cm-1)': '1.0e-6', cif: disordered });
  return writeCsv(path, rows);
}

/** A run-like object around an untrained model: loading data reads only its config. */
export function untrainedRun(): LoadedRun {
  const config = resolveConfig('tiny', { model: { modalities: ['structure', 'composition'] } });
  const model = new AlignmentModel(config.model, { cutoff: config.data.cutoff, vocabSize: 1, nodeFeatures: NODE_FEATURE_DIM, elementFeatures: ELEMENT_FEATURE_DIM, xrdPoints: config.data.xrdPoints }, 3);
  model.initialize(['structure', 'composition']);
  return { dir: '', manifest: { config } as LoadedRun['manifest'], model, tokenizer: null };
}

