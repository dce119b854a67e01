// `matalign train`: contrastive alignment training on structure tables and recipe files.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isPresetName, mergeConfig, PRESET_NAMES, resolveConfig } from '../config.js';
import { initEngine, parseBackendRequest } from '../env.js';
import { readManifest } from '../train/run_dir.js';
import { trainAlignment } from '../train/trainer.js';
import { CliError } from './common.js';
import { checkInputFiles, parseSeed, parseWorkers } from './run_options.js';

export const TRAIN_USAGE = `matalign train --preset tiny|small|full --structures F.csv[.gz] ... [--synthesis F.jsonl[.gz] ...]
               [--out runs/NAME] [--resume] [--backend B] [--workers N] [--seed N] [--config F.json]
  Trains every modality's tower into one shared space with a symmetric InfoNCE loss.
  --structures  structure tables (CSV with a CIF column) or CIF files; repeatable
  --synthesis   text-mined recipe files (JSONL, plain or gzip); repeatable
  --out         run directory (default runs/<preset>): config, split, metrics.jsonl, checkpoints
  --resume      continue the run in --out from its last checkpoint (schedule, optimizer, data order);
                with --config, only train.epochs, train.patience, train.checkpointEvery and
                train.valSamples may change (a longer or shorter schedule)
  --config      JSON overriding preset keys, e.g. {"train": {"epochs": 5}} (unknown keys are errors)
  --backend     auto|webgpu|tfjs-node|wasm|cpu (default MATALIGN_BACKEND, else auto)
  --workers     N|auto: data-parallel worker threads on wasm/cpu (default MATALIGN_WORKERS, else
                auto = one per core, at most 4); 0 trains on the main thread`;

export async function runTrainCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      preset: { type: 'string' }, structures: { type: 'string', multiple: true }, synthesis: { type: 'string', multiple: true },
      out: { type: 'string' }, resume: { type: 'boolean' }, backend: { type: 'string' }, seed: { type: 'string' }, config: { type: 'string' },
      workers: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { process.stdout.write(TRAIN_USAGE + '\n'); return 0; }
  if (positionals.length) throw new CliError(`unexpected argument '${positionals[0]}' (files go after --structures / --synthesis)`, 2);
  const outDir = values.out ?? `runs/${values.preset ?? 'small'}`;
  let preset = values.preset;
  if (values.resume && !preset) preset = (await readManifest(outDir)).preset;
  if (!preset || !isPresetName(preset)) throw new CliError(`--preset must be one of ${PRESET_NAMES.join(', ')}`, 2);
  const structureFiles = values.structures ?? [];
  if (structureFiles.length === 0) throw new CliError('give at least one --structures file', 2);
  const synthesisFiles = values.synthesis ?? [];
  checkInputFiles([...structureFiles, ...synthesisFiles]);
  let override: unknown;
  if (values.config) {
    try { override = JSON.parse(await readFile(values.config, 'utf8')); } catch (e) { throw new CliError(`--config ${values.config}: ${(e as Error).message}`); }
  }
  let config = resolveConfig(preset, override, values.seed !== undefined ? parseSeed(values.seed) : undefined);
  // Resuming continues the run's own config; --config may then change its length only (see trainer).
  if (values.resume) config = mergeConfig((await readManifest(outDir)).config, override ?? {});
  const workers = parseWorkers(values.workers);
  const engine = await initEngine(parseBackendRequest(values.backend ?? process.env.MATALIGN_BACKEND));
  const summary = await trainAlignment({
    preset, config, structureFiles, synthesisFiles, outDir, resume: values.resume ?? false, engine,
    ...(workers !== undefined ? { workers } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const last = summary.epochs[summary.epochs.length - 1];
  process.stdout.write(`trained ${summary.epochs.length} epoch(s) in ${summary.seconds.toFixed(0)} s${summary.stoppedEarly ? ' (early stop)' : ''}; ` +
    `best epoch ${summary.bestEpoch ?? '-'}${last ? `, last val R@1 ${last['val_R@1'].toFixed(3)}` : ''} → ${outDir}\n`);
  return 0;
}
