// CIF → crystal graph (8 Å, K = 12) throughput over all shared MP-20 rows, against pymatgen's
// CIF parse + get_all_neighbors(8.0) on the same rows in the same run.
// usage: npx tsx bench/structure_graph.ts [--pymatgen-rows N]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { gunzipSync } from 'node:zlib';
import { structureFromCif } from '../lib/data/structure/crystal.js';
import { buildCrystalGraph } from '../lib/data/structure/graph.js';
import { emit } from './machine.js';
import { PYTHON, pymatgenAvailable } from './pymatgen_compare.js';

const FILES = ['../shared/data/mp20/train_partial.csv.gz', '../shared/data/mp20/val_partial.csv.gz'];
const argIndex = process.argv.indexOf('--pymatgen-rows');
const pymatgenRows = argIndex > 0 ? Number(process.argv[argIndex + 1]) : Infinity;

let total = 0, seconds = 0, edges = 0, pySeconds = 0, pyRows = 0, oursOnPyRows = 0;
for (const file of FILES) {
  const records = parse(gunzipSync(readFileSync(file)), { columns: true }) as Record<string, string>[];
  const t0 = performance.now();
  const perRow: number[] = [];
  for (const r of records) {
    const t = performance.now();
    const g = buildCrystalGraph(structureFromCif(r['cif']!), { cutoff: 8, maxNeighbors: 12 });
    edges += g.natoms * 12;
    perRow.push(performance.now() - t);
  }
  seconds += (performance.now() - t0) / 1000;
  total += records.length;
  if (pymatgenAvailable()) {
    const n = Math.min(records.length, Math.max(0, pymatgenRows - pyRows));
    if (n > 0) {
      const out = JSON.parse(execFileSync(PYTHON, ['bench/pymatgen_structures.py', 'time', file, '0', String(n), '8.0'], { maxBuffer: 1 << 26 }).toString());
      pySeconds += out.seconds;
      pyRows += n;
      oursOnPyRows += perRow.slice(0, n).reduce((a, b) => a + b, 0) / 1000;
    }
  }
}
emit({
  bench: 'cif_to_graph', rows: total, seconds, structures_per_s: total / seconds, cutoff_A: 8, k: 12,
  pymatgen_rows: pyRows, pymatgen_seconds: pySeconds, pymatgen_structures_per_s: pyRows ? pyRows / pySeconds : null,
  speedup_vs_pymatgen: pyRows ? pySeconds / oursOnPyRows : null,
});
