// `matalign eval <task>`: retrieval (cross-modal) and the downstream evaluations.
import { parseArgs } from 'node:util';
import { initEngine, parseBackendRequest } from '../env.js';
import { retrievalTable, RetrievalResult } from '../eval/retrieval.js';
import { prepareRunData } from '../eval/run_data.js';
import { writeJsonAtomic } from '../train/checkpoint.js';
import { embedMaterialsAsync } from '../train/embedding.js';
import { loadRun } from '../train/run_dir.js';
import { CliError } from './common.js';
import { EVAL_DEFECTS_USAGE } from './eval_defects.js';
import { checkInputFiles, parsePositiveInt, parseSeed } from './run_options.js';

export const EVAL_USAGE = `matalign eval retrieval --run runs/NAME --structures F.csv[.gz] ... [--synthesis F.jsonl[.gz] ...]
               [--gallery 1000] [--seed N] --json OUT.json [--backend B]
  Cross-modal retrieval for every ordered pair of modalities present: R@1/5/10, mean and
  median rank. On the run's own data files only its held-out test split is scored.
matalign eval property --run runs/NAME --train F.csv[.gz] ... [--test F.csv[.gz] ... | --split-test 0.2] --json OUT.json
  Property prediction (aligned probes, fine-tuned tower, scratch, composition, mean); see --help.
matalign eval synthesis --run runs/NAME --train R.jsonl[.gz] ... --test R.jsonl[.gz] ... --json OUT.json
  Precursor recommendation for unseen targets against two baselines; see --help.
${EVAL_DEFECTS_USAGE}`;

export function formatRetrievalTable(results: readonly RetrievalResult[]): string {
  const head = `${'query'.padEnd(12)}${'target'.padEnd(12)}${'n'.padStart(6)}${'R@1'.padStart(8)}${'R@5'.padStart(8)}${'R@10'.padStart(8)}${'mean'.padStart(9)}${'median'.padStart(8)}${'chance@10'.padStart(11)}`;
  const rows = results.map((r) => `${r.query.padEnd(12)}${r.target.padEnd(12)}${String(r.n).padStart(6)}${r['R@1'].toFixed(3).padStart(8)}${r['R@5'].toFixed(3).padStart(8)}${r['R@10'].toFixed(3).padStart(8)}${r.mean_rank.toFixed(1).padStart(9)}${String(r.median_rank).padStart(8)}${r['chance_R@10'].toFixed(3).padStart(11)}`);
  return [head, ...rows].join('\n') + '\n';
}

async function runRetrieval(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      run: { type: 'string' }, structures: { type: 'string', multiple: true }, synthesis: { type: 'string', multiple: true },
      gallery: { type: 'string' }, seed: { type: 'string' }, json: { type: 'string' }, backend: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { process.stdout.write(EVAL_USAGE + '\n'); return 0; }
  if (positionals.length) throw new CliError(`unexpected argument '${positionals[0]}'`, 2);
  if (!values.run) throw new CliError('give --run runs/NAME', 2);
  if (!values.json) throw new CliError('give --json OUT.json', 2);
  const structureFiles = values.structures ?? [];
  if (!structureFiles.length) throw new CliError('give at least one --structures file', 2);
  const synthesisFiles = values.synthesis ?? [];
  checkInputFiles([...structureFiles, ...synthesisFiles]);
  const gallery = parsePositiveInt('gallery', values.gallery, 1000);
  const seed = values.seed !== undefined ? parseSeed(values.seed) : 0;
  await initEngine(parseBackendRequest(values.backend ?? process.env.MATALIGN_BACKEND));
  const run = await loadRun(values.run);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const { ctx, indices, scope, modalities } = await prepareRunData(run, structureFiles, synthesisFiles, { log });
  log(scope === 'test' ? `scoring the run's held-out test split: ${indices.length} materials` : `scoring all ${indices.length} materials (files the run did not train on)`);
  const embeddings = await embedMaterialsAsync(run.model, ctx, indices, modalities);
  const results = retrievalTable(embeddings, gallery, seed);
  await writeJsonAtomic(values.json, { run: values.run, gallery, scope, results });
  process.stdout.write(formatRetrievalTable(results));
  run.model.dispose();
  return 0;
}

export async function runEvalCommand(argv: string[]): Promise<number> {
  const [task, ...rest] = argv;
  if (!task || task === '--help' || task === '-h') { process.stdout.write(EVAL_USAGE + '\n'); return task ? 0 : 2; }
  if (task === 'retrieval') return runRetrieval(rest);
  if (task === 'property') return (await import('./eval_property.js')).runPropertyEval(rest);
  if (task === 'synthesis') return (await import('./eval_synthesis.js')).runSynthesisEval(rest);
  if (task === 'defects') return (await import('./eval_defects.js')).runEvalDefects(rest);
  throw new CliError(`unknown evaluation '${task}' (retrieval, property, synthesis, defects)`, 2);
}
