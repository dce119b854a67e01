// `matalign eval property`: property prediction from a trained run's aligned embeddings and
// fine-tuned structure tower against composition-only, from-scratch and mean baselines.
import { parseArgs } from 'node:util';
import { describeEngine, initEngine, parseBackendRequest } from '../env.js';
import { readCsvRecords } from '../data/io/csv_records.js';
import { PropertyOptions, TargetResult, evaluateProperties } from '../eval/property.js';
import { loadPropertyData } from '../eval/property_data.js';
import { PROPERTY_MODELS, PropertyModel } from '../eval/property_models.js';
import { LABEL_FRACTIONS } from '../eval/probes.js';
import { targetByName, targetsPresent } from '../eval/targets.js';
import { writeJsonAtomic } from '../train/checkpoint.js';
import { loadRun } from '../train/run_dir.js';
import { CliError, parseNumberOption } from './common.js';
import { checkInputFiles, expandListFlags, parsePositiveInt, parseSeed } from './run_options.js';

export const PROPERTY_USAGE = `matalign eval property --run runs/NAME --train F.csv[.gz] ... [--test F.csv[.gz] ... | --split-test 0.2|run]
               [--targets a,b,...] [--fractions 0.01,0.1,1] [--models m,...] [--seed N]
               [--finetune-steps 80] [--finetune-epochs 8] [--finetune-batch 32] [--max-atoms 200] [--max-rows N]
               --json OUT.json [--backend B]
  Property prediction at label fractions: aligned_ridge / aligned_mlp (probes on the unified
  aligned embedding), aligned_finetune (the run's structure tower fine-tuned), scratch (the
  same tower from random weights), composition (ridge or kNN by CV) and mean. Default targets:
  those whose columns the training files have. Without --test (or with the same files as
  --train) the training files are split by composition key; --split-test run uses the
  alignment run's own held-out test keys (materials its contrastive training never saw).`;

async function tableHeader(path: string): Promise<string[]> {
  let header: string[] = [];
  for await (const record of readCsvRecords(path, { onHeader: (h) => { header = [...h]; } })) { if (!header.length) header = Object.keys(record); break; }
  return header;
}

function parseList(name: string, text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (!items.length) throw new CliError(`--${name} is empty`, 2);
  return items;
}

function parseFractions(text: string | undefined): number[] {
  const items = parseList('fractions', text);
  if (!items) return [...LABEL_FRACTIONS];
  return items.map((s) => {
    const v = Number(s);
    if (!(v > 0 && v <= 1)) throw new CliError(`--fractions: each must be in (0, 1], got '${s}'`, 2);
    return v;
  });
}

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : 'nan');

export function formatPropertyTable(targets: Record<string, TargetResult>): string {
  const lines = [`${'target'.padEnd(26)}${'model'.padEnd(18)}${'frac'.padStart(6)}${'MAE|acc'.padStart(10)}${'MSE|F1'.padStart(10)}${'R²'.padStart(8)}`];
  for (const [name, t] of Object.entries(targets)) {
    const sections: [string, typeof t.results][] = [[name, t.results]];
    if (t.composition_only) sections.push([`${name} (comp. only)`, t.composition_only.results]);
    for (const [label, results] of sections) {
      for (const r of results) {
        const cells = 'mae' in r ? [fmt(r.mae), fmt(r.mse), fmt(r.r2)] : [fmt(r.accuracy), fmt(r.f1), ''];
        lines.push(`${label.slice(0, 25).padEnd(26)}${r.model.padEnd(18)}${String(r.label_fraction).padStart(6)}${cells[0]!.padStart(10)}${cells[1]!.padStart(10)}${cells[2]!.padStart(8)}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

export async function runPropertyEval(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: expandListFlags(argv, ['--train', '--test']), allowPositionals: true,
    options: {
      run: { type: 'string' }, train: { type: 'string', multiple: true }, test: { type: 'string', multiple: true }, 'split-test': { type: 'string' },
      targets: { type: 'string' }, fractions: { type: 'string' }, models: { type: 'string' }, seed: { type: 'string' },
      'finetune-steps': { type: 'string' }, 'finetune-epochs': { type: 'string' }, 'finetune-batch': { type: 'string' }, 'max-atoms': { type: 'string' }, 'max-rows': { type: 'string' },
      json: { type: 'string' }, backend: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { process.stdout.write(PROPERTY_USAGE + '\n'); return 0; }
  if (positionals.length) throw new CliError(`unexpected argument '${positionals[0]}'`, 2);
  if (!values.run) throw new CliError('give --run runs/NAME', 2);
  if (!values.json) throw new CliError('give --json OUT.json', 2);
  const trainFiles = values.train ?? [];
  const testFiles = values.test ?? [];
  if (!trainFiles.length) throw new CliError('give at least one --train file', 2);
  if (testFiles.length && values['split-test'] !== undefined) throw new CliError('give either --test files or --split-test, not both', 2);
  checkInputFiles([...trainFiles, ...testFiles]);
  const splitTest = values['split-test'] === 'run' ? 'run' : parseNumberOption('split-test', values['split-test'], 0.2);
  if (splitTest !== 'run' && !(splitTest > 0 && splitTest < 1)) throw new CliError(`--split-test must be in (0, 1) or 'run', got '${values['split-test']}'`, 2);
  const fractions = parseFractions(values.fractions);
  const models = parseList('models', values.models);
  for (const m of models ?? []) if (!(PROPERTY_MODELS as readonly string[]).includes(m)) throw new CliError(`unknown model '${m}' (known: ${PROPERTY_MODELS.join(', ')})`, 2);
  let targets = parseList('targets', values.targets);
  for (const t of targets ?? []) targetByName(t);
  targets ??= targetsPresent(await tableHeader(trainFiles[0]!)).map((t) => t.name);
  if (!targets.length) throw new CliError(`${trainFiles[0]}: no known target column (give --targets)`, 2);
  const seed = values.seed !== undefined ? parseSeed(values.seed) : 0;
  const finetune = {
    maxSteps: parsePositiveInt('finetune-steps', values['finetune-steps'], 80),
    maxEpochs: parsePositiveInt('finetune-epochs', values['finetune-epochs'], 8),
    batchSize: parsePositiveInt('finetune-batch', values['finetune-batch'], 32),
  };
  const maxAtoms = parsePositiveInt('max-atoms', values['max-atoms'], 200);
  const maxRows = values['max-rows'] === undefined ? 0 : parsePositiveInt('max-rows', values['max-rows'], 1);
  const engine = await initEngine(parseBackendRequest(values.backend ?? process.env.MATALIGN_BACKEND));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(describeEngine(engine));
  const run = await loadRun(values.run);
  try {
    const data = await loadPropertyData(run, trainFiles, testFiles, { splitTest, seed, maxAtoms, maxRows, log });
    log(`${data.split}: ${data.train.length} training, ${data.test.length} test rows`);
    const options: PropertyOptions = { targets, fractions, models: models as PropertyModel[] | undefined, seed, finetune, log };
    const results = await evaluateProperties(run.model, data, options);
    await writeJsonAtomic(values.json, {
      run: values.run, split: data.split, composition_only_rows: data.compositionOnly, finetune, targets: results,
    });
    process.stdout.write(formatPropertyTable(results));
  } finally {
    run.model.dispose();
  }
  return 0;
}
