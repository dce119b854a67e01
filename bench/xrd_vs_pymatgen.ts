// Agreement of matalign's powder patterns (what `matalign xrd` prints) with pymatgen's
// XRDCalculator on real MP-20 structures: every peak above 1 % of the maximum must have a
// partner within 0.02° 2θ whose intensity differs by at most 2 (0–100 scale), both ways.
// usage: npx tsx bench/xrd_vs_pymatgen.ts [--count 200] [--start 0] [--wavelength CuKa] [--two-theta 10,80]
//        [--files ../shared/data/mp20/train_partial.csv.gz,../shared/data/mp20/val_partial.csv.gz] [--per-structure]
// Prints a JSON line per file and one summary line; structures outside tolerance are printed too.
import { parseArgs } from 'node:util';
import { simulateXrd } from '../lib/data/characterization/xrd.js';
import { emit } from './machine.js';
import { TOLERANCE, comparePeaks, pymatgenPatterns, takeStructures } from './xrd_agreement.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string' }, start: { type: 'string' }, wavelength: { type: 'string' }, 'two-theta': { type: 'string' },
    files: { type: 'string' }, 'per-structure': { type: 'boolean' },
  },
});
const files = (values.files ?? '../shared/data/mp20/train_partial.csv.gz,../shared/data/mp20/val_partial.csv.gz').split(',');
const count = Number(values.count ?? 200);
const start = Number(values.start ?? 0);
const wavelength = values.wavelength ?? 'CuKa';
const range = (values['two-theta'] ?? '10,80').split(',').map(Number) as [number, number];

interface Totals { structures: number; failed: number; errors: number; compared: number; within: number; maxDeltaTwoTheta: number; maxDeltaIntensity: number }
const total: Totals = { structures: 0, failed: 0, errors: 0, compared: 0, within: 0, maxDeltaTwoTheta: 0, maxDeltaIntensity: 0 };

for (const [f, file] of files.entries()) {
  const n = Math.floor(count / files.length) + (f < count % files.length ? 1 : 0);
  const rows = await takeStructures(file, n, start);
  const refs = await pymatgenPatterns(rows.map((r) => ({ id: r.id, cif: r.cif })), ['--wavelength', String(wavelength), '--two-theta', range.join(',')]);
  const part: Totals = { structures: 0, failed: 0, errors: 0, compared: 0, within: 0, maxDeltaTwoTheta: 0, maxDeltaIntensity: 0 };
  rows.forEach((row, i) => {
    const ref = refs[i]!;
    part.structures++;
    if (ref.error || !ref.two_theta || !ref.intensity) {
      part.errors++;
      emit({ bench: 'xrd_vs_pymatgen', id: row.id, pymatgen_error: ref.error });
      return;
    }
    const ours = simulateXrd(row.structure, { wavelength, twoThetaRange: range });
    const a = comparePeaks({ x: ours.peaks.map((p) => p.twoTheta), y: ours.peaks.map((p) => p.intensity) }, { x: ref.two_theta, y: ref.intensity });
    part.compared += a.compared;
    part.within += a.within;
    part.maxDeltaTwoTheta = Math.max(part.maxDeltaTwoTheta, a.maxDeltaTwoTheta);
    part.maxDeltaIntensity = Math.max(part.maxDeltaIntensity, a.maxDeltaIntensity);
    if (a.within < a.compared) part.failed++;
    if (values['per-structure'] || a.within < a.compared) emit({ bench: 'xrd_vs_pymatgen', id: row.id, natoms: row.structure.natoms, ...a });
  });
  emit({ bench: 'xrd_vs_pymatgen', file, start, ...summary(part) });
  for (const k of Object.keys(total) as (keyof Totals)[]) {
    total[k] = k.startsWith('max') ? Math.max(total[k], part[k]) : total[k] + part[k];
  }
}
emit({ bench: 'xrd_vs_pymatgen', summary: true, files, wavelength, two_theta_range: range, tolerance: TOLERANCE, ...summary(total) });

function summary(t: Totals) {
  return {
    structures: t.structures, structures_outside_tolerance: t.failed, pymatgen_errors: t.errors,
    peaks_compared: t.compared, peaks_within: t.within, fraction_within: t.compared ? t.within / t.compared : 1,
    max_delta_two_theta: t.maxDeltaTwoTheta, max_delta_intensity: t.maxDeltaIntensity,
  };
}
