// Runs every benchmark in turn (never in parallel: timings share 2 cores) and passes their
// JSON lines through. usage: npm run bench
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const SCRIPTS = [
  ['bench/structure_graph.ts'],
  ['bench/train_step.ts'],
  ['bench/alignment_throughput.ts'],
  ['bench/structure_vs_pymatgen.ts', '../shared/data/mp20/val_partial.csv.gz', '300'],
  ['bench/characterization.ts'],
  ['bench/xrd_vs_pymatgen.ts'],
  ['bench/synthesis_load.ts'],
  ['bench/synthesis_baselines.ts'],
  ['bench/property_baselines.ts'],
];

let failed = 0;
for (const [script, ...args] of SCRIPTS) {
  if (!existsSync(script!)) continue;
  const r = spawnSync('npx', ['tsx', script!, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) { failed++; process.stderr.write(`bench ${script} exited ${r.status}\n`); }
}
process.exitCode = failed ? 1 : 0;
