// Peak-by-peak agreement between matalign's powder patterns and pymatgen's XRDCalculator
// (run through bench/pymatgen_xrd.py with Debian's /usr/bin/python3). Shared by
// bench/xrd_vs_pymatgen.ts, bench/characterization.ts and test/data/xrd_pymatgen.test.ts.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { Structure, structureFromCif } from '../lib/data/structure/crystal.js';
import { openTextStream } from '../lib/data/io/text_files.js';

export const SYSTEM_PYTHON = '/usr/bin/python3';
export const PYMATGEN_HELPER = fileURLToPath(new URL('./pymatgen_xrd.py', import.meta.url));

export interface ReferencePattern {
  readonly id: string;
  readonly two_theta?: number[];
  readonly intensity?: number[];
  readonly seconds?: number;
  readonly error?: string;
}

export interface Agreement {
  /** Peaks above the threshold, counted in both patterns (each direction). */
  readonly compared: number;
  /** Of those, peaks with a partner within the 2θ tolerance and intensity within tolerance. */
  readonly within: number;
  /** Largest 2θ offset to the nearest partner, °. */
  readonly maxDeltaTwoTheta: number;
  /** Largest intensity difference to that partner (0–100 scale). */
  readonly maxDeltaIntensity: number;
}

export const TOLERANCE = { twoTheta: 0.02, intensity: 2, threshold: 1 } as const;

/** True when pymatgen can be imported by the system python. */
export function pymatgenAvailable(): boolean {
  const r = spawnSync(SYSTEM_PYTHON, ['-c', 'import pymatgen.analysis.diffraction.xrd'], { stdio: 'ignore' });
  return r.status === 0;
}

/** Runs the python helper over {id, cif} items; one reference pattern per item, in order. */
export function pymatgenPatterns(
  items: readonly { id: string; cif: string }[], args: readonly string[] = [],
): Promise<ReferencePattern[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(SYSTEM_PYTHON, [PYMATGEN_HELPER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`pymatgen helper exited ${code}: ${err.slice(-2000)}`));
      else resolve(out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as ReferencePattern));
    });
    child.stdin.end(items.map((i) => JSON.stringify(i)).join('\n') + '\n');
  });
}

function oneWay(
  from: { x: readonly number[]; y: readonly number[] }, to: { x: readonly number[]; y: readonly number[] },
): Agreement {
  let compared = 0;
  let within = 0;
  let maxDeltaTwoTheta = 0;
  let maxDeltaIntensity = 0;
  from.x.forEach((x, i) => {
    if (!(from.y[i]! > TOLERANCE.threshold)) return;
    compared++;
    let best = -1;
    to.x.forEach((t, j) => { if (best < 0 || Math.abs(t - x) < Math.abs(to.x[best]! - x)) best = j; });
    const dx = best < 0 ? Infinity : Math.abs(to.x[best]! - x);
    const dy = best < 0 ? Infinity : Math.abs(to.y[best]! - from.y[i]!);
    maxDeltaTwoTheta = Math.max(maxDeltaTwoTheta, dx);
    maxDeltaIntensity = Math.max(maxDeltaIntensity, dy);
    if (dx <= TOLERANCE.twoTheta && dy <= TOLERANCE.intensity) within++;
  });
  return { compared, within, maxDeltaTwoTheta, maxDeltaIntensity };
}

/** Agreement of two peak lists (2θ in °, intensities on the 0–100 scale), both directions. */
export function comparePeaks(
  ours: { x: readonly number[]; y: readonly number[] }, reference: { x: readonly number[]; y: readonly number[] },
): Agreement {
  const a = oneWay(reference, ours);
  const b = oneWay(ours, reference);
  return {
    compared: a.compared + b.compared, within: a.within + b.within,
    maxDeltaTwoTheta: Math.max(a.maxDeltaTwoTheta, b.maxDeltaTwoTheta),
    maxDeltaIntensity: Math.max(a.maxDeltaIntensity, b.maxDeltaIntensity),
  };
}

/** Rows [skip, skip + count) of an MP-20 style CSV(.gz): id, CIF text and the parsed structure. */
export async function takeStructures(
  path: string, count: number, skip = 0,
): Promise<{ id: string; cif: string; structure: Structure }[]> {
  const rows: { id: string; cif: string; structure: Structure }[] = [];
  const parser = (await openTextStream(path)).pipe(parse({ columns: true, relax_column_count: true, bom: true }));
  let seen = 0;
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    if (seen++ < skip) continue;
    const cif = record.cif ?? '';
    rows.push({ id: record.material_id ?? `row${seen}`, cif, structure: structureFromCif(cif, { allowDisorder: true }) });
    if (rows.length >= count) break;
  }
  parser.destroy();
  return rows;
}
