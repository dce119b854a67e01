// Defect identification with a trained run's image tower: each model is fitted on the
// labelled training images of a task (all labels and few-label fractions) and scored on
// one or more test sets (e.g. the training acquisition and a shifted one):
//   aligned_probe     softmax (logistic) probe on the frozen tower's pooled features
//   aligned_finetune  the run's tower + a softmax head, every weight trained with AdamW
//   scratch           the same CNN randomly initialised, trained the same way
// Metrics: accuracy, macro precision/recall/F1 and the confusion matrix.
import { tf } from '../env.js';
import { InputError } from '../errors.js';
import type { AlignmentModel } from '../models/clip_model.js';
import { ClassifierBudget, ImageClassifier, ImageSet, imageBatch, predictImages, standardizeImages, trainImageClassifier } from './image_classifier.js';
import { labelSubsample } from './defect_splits.js';
import { classificationMetrics } from './metrics.js';
import { fitClassifier } from './probes.js';
import type { MlpOptions } from './mlp_probe.js';

export const DEFECT_MODELS = ['aligned_probe', 'aligned_finetune', 'scratch'] as const;
export type DefectModel = (typeof DEFECT_MODELS)[number];

/** One row of defects.json. */
export interface DefectResult {
  readonly dataset: string;
  readonly model: DefectModel;
  readonly label_fraction: number;
  readonly accuracy: number;
  /** Macro averages over the classes present in the test set. */
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly classes: string[];
  /** [true class][predicted class] counts. */
  readonly confusion: number[][];
  readonly n_train: number;
  readonly n_test: number;
  /** Mean training loss over the first and last tenth of the steps (trained models only). */
  readonly loss_start?: number;
  readonly loss_end?: number;
}

export interface DefectTestSet {
  readonly dataset: string;
  readonly set: ImageSet;
  readonly indices: readonly number[];
}

/** Training images and the test sets scored with the models trained on them; all share the class list. */
export interface DefectTask {
  readonly train: ImageSet;
  readonly trainIndices: readonly number[];
  readonly tests: readonly DefectTestSet[];
}

export interface DefectEvalOptions {
  readonly models: readonly DefectModel[];
  /** Fractions of the training labels, e.g. [1, 0.1]. */
  readonly labelFractions: readonly number[];
  readonly budget: ClassifierBudget;
  readonly probe?: MlpOptions;
  readonly seed: number;
  /** Scale each image to zero mean, unit deviation before every model (see standardizeImages). */
  readonly standardize?: boolean;
  readonly log?: (line: string) => void;
}

/** The task with every image standardised (a set shared by training and a test stays shared). */
function standardizedTask(task: DefectTask): DefectTask {
  const done = new Map<ImageSet, ImageSet>();
  const of = (set: ImageSet) => {
    if (!done.has(set)) done.set(set, standardizeImages(set));
    return done.get(set)!;
  };
  return { train: of(task.train), trainIndices: task.trainIndices, tests: task.tests.map((t) => ({ ...t, set: of(t.set) })) };
}

/** [n][2C] pooled features of the frozen micrograph tower for the images at `indices`. */
export function towerFeatureRows(model: AlignmentModel, set: ImageSet, indices: readonly number[], chunk = 128): Float32Array[] {
  const rows: Float32Array[] = [];
  for (let s = 0; s < indices.length; s += chunk) {
    const values = tf.tidy(() => model.towerFeatures('micrograph', imageBatch(set, indices.slice(s, s + chunk))).arraySync());
    for (const v of values) rows.push(Float32Array.from(v));
  }
  return rows;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

/** A result row from the true and predicted classes of a test set; `losses` of a trained model add its loss at the start and end. */
export function defectResult(
  dataset: string, model: DefectModel, fraction: number, classes: readonly string[], truth: ArrayLike<number>, predicted: ArrayLike<number>,
  nTrain: number, losses: readonly number[] | null = null,
): DefectResult {
  const m = classificationMetrics(truth, predicted, classes.length);
  const tenth = losses ? Math.max(1, Math.floor(losses.length / 10)) : 0;
  return {
    dataset, model, label_fraction: fraction, accuracy: m.accuracy, precision: m.macroPrecision, recall: m.macroRecall, f1: m.macroF1,
    classes: [...classes], confusion: m.confusion.map((row) => [...row]), n_train: nTrain, n_test: truth.length,
    ...(losses ? { loss_start: mean(losses.slice(0, tenth)), loss_end: mean(losses.slice(-tenth)) } : {}),
  };
}

function resultOf(dataset: string, model: DefectModel, fraction: number, test: DefectTestSet, predicted: Int32Array, nTrain: number, losses: number[] | null): DefectResult {
  return defectResult(dataset, model, fraction, test.set.classes, test.indices.map((i) => test.set.labels[i]!), predicted, nTrain, losses);
}

async function probeResults(aligned: AlignmentModel, task: DefectTask, picked: number[], fraction: number, o: DefectEvalOptions): Promise<DefectResult[]> {
  const K = task.train.classes.length;
  const labels = picked.map((i) => task.train.labels[i]!);
  const probe = await fitClassifier('logistic', towerFeatureRows(aligned, task.train, picked), labels, K, { seed: o.seed, mlp: o.probe });
  return task.tests.map((t) => resultOf(t.dataset, 'aligned_probe', fraction, t, probe.predict(towerFeatureRows(aligned, t.set, t.indices)), picked.length, null));
}

function trainedResults(aligned: AlignmentModel, task: DefectTask, picked: number[], fraction: number, kind: DefectModel, o: DefectEvalOptions): DefectResult[] {
  const K = task.train.classes.length;
  const classifier = new ImageClassifier(aligned.config.micrograph, K, o.seed, kind === 'aligned_finetune' ? aligned.params : null);
  try {
    const losses = trainImageClassifier(classifier, task.train, picked, o.budget, o.seed, (step, total, loss) => {
      if (step === total || step % 100 === 0) o.log?.(`  ${kind} ${fraction * 100}%: step ${step}/${total} loss ${loss.toFixed(3)}`);
    });
    return task.tests.map((t) => resultOf(t.dataset, kind, fraction, t, predictImages(classifier, t.set, t.indices), picked.length, losses));
  } finally {
    classifier.dispose();
  }
}

/** Every requested model at every label fraction, scored on every test set of the task. */
export async function evaluateDefectTask(aligned: AlignmentModel, given: DefectTask, o: DefectEvalOptions): Promise<DefectResult[]> {
  const task = o.standardize ? standardizedTask(given) : given;
  const classes = task.train.classes.join('|');
  for (const t of task.tests) if (t.set.classes.join('|') !== classes) throw new InputError(`test set '${t.dataset}' has classes ${t.set.classes.join(', ')}, training ${task.train.classes.join(', ')}`);
  if (task.trainIndices.length === 0) throw new InputError('no training images');
  const results: DefectResult[] = [];
  for (const fraction of o.labelFractions) {
    const picked = labelSubsample(task.train.labels, task.trainIndices, fraction, o.seed);
    for (const kind of o.models) {
      o.log?.(`${kind} at ${fraction * 100}% labels (${picked.length} training images)`);
      if (kind === 'aligned_probe') results.push(...(await probeResults(aligned, task, picked, fraction, o)));
      else results.push(...trainedResults(aligned, task, picked, fraction, kind, o));
    }
  }
  return results;
}

/** A readable table of the results. */
export function formatDefectTable(results: readonly DefectResult[]): string {
  const head = `${'dataset'.padEnd(19)}${'model'.padEnd(18)}${'labels'.padStart(7)}${'n_train'.padStart(8)}${'n_test'.padStart(7)}${'acc'.padStart(7)}${'prec'.padStart(7)}${'rec'.padStart(7)}${'F1'.padStart(7)}`;
  const pct = (f: number) => `${+(f * 100).toFixed(1)}%`;
  const rows = results.map((r) => `${r.dataset.padEnd(19)}${r.model.padEnd(18)}${pct(r.label_fraction).padStart(7)}${String(r.n_train).padStart(8)}${String(r.n_test).padStart(7)}` +
    [r.accuracy, r.precision, r.recall, r.f1].map((v) => v.toFixed(3).padStart(7)).join(''));
  return [head, ...rows].join('\n') + '\n';
}
