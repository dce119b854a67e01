// Agreement of `matalign structure` / `matalign graph` with pymatgen on real rows.
// usage: npx tsx bench/structure_vs_pymatgen.ts [FILE.csv.gz] [COUNT] [START]
// Prints one JSON line of agreement statistics.
import { compareWithPymatgen } from './pymatgen_compare.js';

const file = process.argv[2] ?? '../shared/data/mp20/val_partial.csv.gz';
const count = Number(process.argv[3] ?? 300);
const start = Number(process.argv[4] ?? 0);
const result = await compareWithPymatgen(file, start, count, 6);
process.stdout.write(JSON.stringify({ bench: 'structure_vs_pymatgen', file, start, ...result.summary }) + '\n');
for (const m of result.mismatches.slice(0, 20)) process.stderr.write(JSON.stringify(m) + '\n');
