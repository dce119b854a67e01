// `matalign eval defects`: defect identification with a run's image tower on simulated STEM
// defects (training acquisition and a shifted one) and on measured images (NEU-DET layout).
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { initEngine, parseBackendRequest } from '../env.js';
import { DEFECT_MODELS, DefectModel, DefectResult, DefectTestSet, evaluateDefectTask, formatDefectTable } from '../eval/defects.js';
import { writeDefectExamples } from '../eval/defect_examples.js';
import { buildImageTask, buildSimulatedTask } from '../eval/defect_tasks.js';
import { DEFAULT_CLASSIFIER_BUDGET, ClassifierBudget } from '../eval/image_classifier.js';
import { writeJsonAtomic } from '../train/checkpoint.js';
import { loadRun } from '../train/run_dir.js';
import { checkInputFiles, parseSeed } from './run_options.js';
import { OptionError, integerOption, numberOption } from './options.js';

export const EVAL_DEFECTS_USAGE = `matalign eval defects --run runs/NAME --json OUT.json
               [--structures S.csv[.gz] ...] [--seeds-per-structure 4] [--max-structures 120] [--image-size S]
               [--train images.zip --train-labels L.csv[.gz] --test images.zip --test-labels L.csv[.gz]]
               [--split-test 0.2] [--neu-size 48] [--models aligned_probe,aligned_finetune,scratch]
               [--label-fractions 1,0.1] [--steps 300] [--epochs 20] [--batch-size 32] [--lr 0.003]
               [--standardize] [--cache DIR | --no-cache] [--seed N] [--backend B]
  Defect identification with the run's micrograph tower: a logistic probe on its frozen
  features, the tower fine-tuned with a softmax head, and the same CNN trained from scratch.
  --structures: simulated micrographs (5 classes) of structures the run never saw, split by
  structure; 'simulated' tests the run's acquisition, 'simulated_shifted' a noisier,
  drifting one (classifiers trained on the first). --train/--test: measured images (6 NEU-DET
  classes); the same file pair for both is split by a seeded stratified split (--split-test).
  --standardize scales each image to zero mean and unit deviation before every model.
  Example PNGs go to <json folder>/defect_examples/, the image cache to <json folder>/defect_cache/.`;

const OPTIONS = {
  run: { type: 'string' }, json: { type: 'string' }, structures: { type: 'string', multiple: true },
  'seeds-per-structure': { type: 'string' }, 'max-structures': { type: 'string' }, 'image-size': { type: 'string' },
  train: { type: 'string' }, 'train-labels': { type: 'string' }, test: { type: 'string' }, 'test-labels': { type: 'string' },
  'split-test': { type: 'string' }, 'neu-size': { type: 'string' }, models: { type: 'string' }, 'label-fractions': { type: 'string' },
  steps: { type: 'string' }, epochs: { type: 'string' }, 'batch-size': { type: 'string' }, lr: { type: 'string' },
  standardize: { type: 'boolean' }, cache: { type: 'string' }, 'no-cache': { type: 'boolean' }, seed: { type: 'string' }, backend: { type: 'string' }, help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function parseModels(text: string | undefined): DefectModel[] {
  if (text === undefined) return [...DEFECT_MODELS];
  const models = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const m of models) if (!(DEFECT_MODELS as readonly string[]).includes(m)) throw new OptionError(`--models: unknown model '${m}' (${DEFECT_MODELS.join(', ')})`);
  if (models.length === 0) throw new OptionError('--models names no model');
  return [...new Set(models)] as DefectModel[];
}

function parseFractions(text: string | undefined): number[] {
  if (text === undefined) return [1, 0.1];
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new OptionError('--label-fractions names no fraction');
  return [...new Set(parts.map((p) => numberOption('label-fractions', p, 1, { min: 0, exclusiveMin: true, max: 1 })))];
}

function parseBudget(v: Values): ClassifierBudget {
  const d = DEFAULT_CLASSIFIER_BUDGET;
  return {
    ...d,
    maxSteps: integerOption('steps', v.steps, d.maxSteps, { min: 1, max: 1_000_000 }),
    epochs: integerOption('epochs', v.epochs, d.epochs, { min: 1, max: 100_000 }),
    batchSize: integerOption('batch-size', v['batch-size'], d.batchSize, { min: 1, max: 4096 }),
    lr: numberOption('lr', v.lr, d.lr, { min: 0, exclusiveMin: true, max: 1 }),
  };
}

/** Both or neither of a file and its labels; all four NEU options together. */
function imageFiles(v: Values): { train: { zip: string; labels: string }; test: { zip: string; labels: string } } | null {
  const given = [v.train, v['train-labels'], v.test, v['test-labels']];
  if (given.every((x) => x === undefined)) return null;
  if (given.some((x) => x === undefined)) throw new OptionError('give --train, --train-labels, --test and --test-labels together');
  checkInputFiles(given as string[]);
  return { train: { zip: resolve(v.train!), labels: resolve(v['train-labels']!) }, test: { zip: resolve(v.test!), labels: resolve(v['test-labels']!) } };
}

export async function runEvalDefects(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  if (v.help) { process.stdout.write(EVAL_DEFECTS_USAGE + '\n'); return 0; }
  if (positionals.length) throw new OptionError(`unexpected argument '${positionals[0]}'`);
  if (!v.run) throw new OptionError('give --run runs/NAME');
  if (!v.json) throw new OptionError('give --json OUT.json');
  const structureFiles = v.structures ?? [];
  checkInputFiles(structureFiles);
  const images = imageFiles(v);
  if (!structureFiles.length && !images) throw new OptionError('give --structures files, or --train/--test images, or both');
  if (v.cache !== undefined && v['no-cache']) throw new OptionError('give --cache DIR or --no-cache, not both');
  const options = {
    models: parseModels(v.models), labelFractions: parseFractions(v['label-fractions']), budget: parseBudget(v),
    seed: v.seed !== undefined ? parseSeed(v.seed) : 0, standardize: v.standardize ?? false,
  };
  const seedsPerStructure = integerOption('seeds-per-structure', v['seeds-per-structure'], 4, { min: 1, max: 1000 });
  const maxStructures = integerOption('max-structures', v['max-structures'], 120, { min: 0, max: 1_000_000 });
  const imageSize = v['image-size'] === undefined ? null : integerOption('image-size', v['image-size'], 32, { min: 8, max: 512 });
  const neuSize = integerOption('neu-size', v['neu-size'], 48, { min: 8, max: 512 });
  const splitTest = numberOption('split-test', v['split-test'], 0.2, { min: 0, exclusiveMin: true, max: 0.9 });
  const outDir = dirname(resolve(v.json));
  const cacheDir = v['no-cache'] ? null : resolve(v.cache ?? join(outDir, 'defect_cache'));
  await initEngine(parseBackendRequest(v.backend ?? process.env.MATALIGN_BACKEND));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const run = await loadRun(v.run);
  const results: DefectResult[] = [];
  const tests: DefectTestSet[] = [];
  const notes: Record<string, unknown> = {};
  try {
    if (structureFiles.length) {
      const sim = await buildSimulatedTask(run, structureFiles, { imageSize, seedsPerStructure, maxStructures, testFraction: 0.3, seed: options.seed, cacheDir, log });
      log(sim.scope === 'test' ? "structures: the run's held-out test split" : 'structures: all (files the run did not train on)');
      notes.simulated = { scope: sim.scope, structures: sim.structures, seeds_per_structure: seedsPerStructure, image_size: sim.acquisition.default.size, pixel_size: sim.acquisition.default.pixelSize };
      results.push(...(await evaluateDefectTask(run.model, sim.task, { ...options, log })));
      tests.push(...sim.task.tests);
    }
    if (images) {
      const neu = await buildImageTask(images.train, images.test, { imageSize: neuSize, splitTest, seed: options.seed, log });
      log(`neu_det: ${neu.note}`);
      notes.neu_det = { split: neu.note, image_size: neuSize };
      results.push(...(await evaluateDefectTask(run.model, neu.task, { ...options, log })));
      tests.push(...neu.task.tests);
    }
  } finally {
    run.model.dispose();
  }
  const examples = await writeDefectExamples(tests, join(outDir, 'defect_examples'), outDir);
  await writeJsonAtomic(v.json, { run: v.run, settings: { ...notes, models: options.models, label_fractions: options.labelFractions, budget: options.budget, standardize: options.standardize, seed: options.seed }, results, examples });
  process.stdout.write(formatDefectTable(results));
  return 0;
}
