// `matalign eval synthesis`: precursor recommendation for unseen targets through the aligned
// space, against the frequency and composition-similarity baselines.
import { parseArgs } from 'node:util';
import { describeEngine, initEngine, parseBackendRequest } from '../env.js';
import { SynthesisRow, evaluateSynthesis } from '../eval/synthesis_eval.js';
import { writeJsonAtomic } from '../train/checkpoint.js';
import { loadRun } from '../train/run_dir.js';
import { CliError, parseNumberOption } from './common.js';
import { checkInputFiles, expandListFlags, parseSeed } from './run_options.js';

export const SYNTHESIS_USAGE = `matalign eval synthesis --run runs/NAME --train R.jsonl[.gz] ... --test R.jsonl[.gz] ...
               [--structures S.csv[.gz] ...] [--test-fraction 0.1|run] [--seed N] --json OUT.json [--backend B]
  Ranked precursor sets for test targets unseen in training (the same files as --train and
  --test are split by target composition key): matalign (aligned-space neighbours mixed with
  composition similarity, α chosen on training targets), frequency, composition_similarity.`;

const cell = (v: number | string | null | undefined) => (typeof v === 'number' ? v.toFixed(3) : String(v ?? '—'));

export function formatSynthesisTable(rows: readonly SynthesisRow[]): string {
  const cols = ['success@1', 'success@5', 'success@10', 'precision', 'recall', 'f1', 'temperature_mae_C'];
  const head = 'model'.padEnd(26) + cols.map((c) => c.replace('temperature_mae_C', 'T MAE °C').padStart(11)).join('');
  return [head, ...rows.map((r) => r.model.padEnd(26) + cols.map((c) => cell(r[c]).padStart(11)).join(''))].join('\n') + '\n';
}

export async function runSynthesisEval(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: expandListFlags(argv, ['--train', '--test', '--structures']), allowPositionals: true,
    options: {
      run: { type: 'string' }, train: { type: 'string', multiple: true }, test: { type: 'string', multiple: true },
      structures: { type: 'string', multiple: true }, 'test-fraction': { type: 'string' }, seed: { type: 'string' },
      json: { type: 'string' }, backend: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { process.stdout.write(SYNTHESIS_USAGE + '\n'); return 0; }
  if (positionals.length) throw new CliError(`unexpected argument '${positionals[0]}'`, 2);
  if (!values.run) throw new CliError('give --run runs/NAME', 2);
  if (!values.json) throw new CliError('give --json OUT.json', 2);
  const trainFiles = values.train ?? [], testFiles = values.test ?? [], structureFiles = values.structures ?? [];
  if (!trainFiles.length || !testFiles.length) throw new CliError('give --train and --test recipe files (the same files are split by target)', 2);
  checkInputFiles([...trainFiles, ...testFiles, ...structureFiles]);
  const testFraction = values['test-fraction'] === 'run' ? 'run' : parseNumberOption('test-fraction', values['test-fraction'], 0.1);
  if (testFraction !== 'run' && !(testFraction > 0 && testFraction < 1)) throw new CliError(`--test-fraction must be in (0, 1) or 'run', got '${values['test-fraction']}'`, 2);
  const seed = values.seed !== undefined ? parseSeed(values.seed) : 0;
  const engine = await initEngine(parseBackendRequest(values.backend ?? process.env.MATALIGN_BACKEND));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(describeEngine(engine));
  const run = await loadRun(values.run);
  try {
    const report = await evaluateSynthesis(run, trainFiles, testFiles, structureFiles, { seed, testFraction, log });
    await writeJsonAtomic(values.json, { run: values.run, ...report });
    process.stdout.write(formatSynthesisTable(report.results));
  } finally {
    run.model.dispose();
  }
  return 0;
}
