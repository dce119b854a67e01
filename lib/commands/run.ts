// `matalign run`: the main job — data → alignment training → evaluations → report — ending
// with the report's path and a short results table.
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { isPresetName, PRESET_NAMES } from '../config.js';
import { initEngine, parseBackendRequest } from '../env.js';
import { CliError } from './common.js';
import { locateDataDir } from './job_data.js';
import { defaultReportDir, runMainJob } from './run_job.js';
import { resultLines } from './run_summary.js';
import { parseSeed, parseWorkers } from './run_options.js';

export const RUN_USAGE = `matalign run [--preset tiny|small|full] [--data DIR] [--out reports/NAME] [--backend B] [--seed N]
             [--config F.json] [--fresh] [--workers N]
  The main job: trains the aligned towers on the data folder's structures and recipes
  (<out>/run), evaluates them on the held-out test split (metrics files in <out>/) and
  writes the report (<out>/report.md, report.html, metrics.json, figures/).
  --preset   default small (about 5 minutes on 2 CPU cores); tiny is a smoke test
  --data     data folder laid out like ../shared/data (default: data/, else ../shared/data,
             else MATALIGN_MIRROR)
  --out      report folder (default reports/<preset>, reports/<preset>-seed<N> with --seed N)
  --config   JSON overriding preset keys, e.g. {"train": {"epochs": 4}}
  --fresh    replace an earlier run in <out>/run (by default a run with the same config and
             data is continued, and one with another config is an error)
  --backend  auto|webgpu|tfjs-node|wasm|cpu (default MATALIGN_BACKEND, else auto)
  --workers  N|auto: training worker threads on wasm/cpu (default MATALIGN_WORKERS, else one per
             core, at most 4); 0 trains on the main thread`;

export async function runRunCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      preset: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, backend: { type: 'string' }, seed: { type: 'string' },
      config: { type: 'string' }, fresh: { type: 'boolean' }, workers: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { process.stdout.write(RUN_USAGE + '\n'); return 0; }
  if (positionals.length) throw new CliError(`unexpected argument '${positionals[0]}' (see matalign run --help)`, 2);
  const preset = values.preset ?? 'small';
  if (!isPresetName(preset)) throw new CliError(`--preset must be one of ${PRESET_NAMES.join(', ')}, got '${preset}'`, 2);
  const seed = values.seed !== undefined ? parseSeed(values.seed) : undefined;
  const workers = parseWorkers(values.workers);
  const backend = parseBackendRequest(values.backend ?? process.env.MATALIGN_BACKEND);
  let override: unknown;
  if (values.config) {
    try { override = JSON.parse(await readFile(values.config, 'utf8')); } catch (e) { throw new CliError(`--config ${values.config}: ${(e as Error).message.split('\n')[0]}`); }
  }
  const dataDir = locateDataDir(values.data);
  const engine = await initEngine(backend);
  const result = await runMainJob({
    preset, dataDir, outDir: values.out ?? defaultReportDir(preset, seed), engine, override, fresh: values.fresh ?? false,
    ...(seed !== undefined ? { seed } : {}),
    ...(workers !== undefined ? { workers } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const shown = (p: string) => (relative(process.cwd(), p).startsWith('..') ? p : relative(process.cwd(), p));
  process.stdout.write(`report: ${shown(result.report.html)} (also report.md, metrics.json, figures/ in ${shown(result.report.dir)}); ${result.seconds.toFixed(0)} s\n`);
  process.stdout.write(resultLines(result.report.dir, result.runDir).join('\n') + '\n');
  return 0;
}
