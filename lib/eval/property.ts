// Property prediction from a trained aligned run: for each target, every model at every
// label fraction on the rows with a structure; rows known only by composition (no usable
// CIF) are scored apart by the composition-level models. Censored values (upper bounds)
// never enter MAE/MSE/R² nor training: they get their own bound and rank checks.
import type { AlignmentModel } from '../models/clip_model.js';
import { featurizeComposition } from './composition_features.js';
import type { FinetuneOptions } from './finetune.js';
import { censoredMetrics, classificationMetrics, regressionMetrics } from './metrics.js';
import type { MlpOptions } from './mlp_probe.js';
import type { PropertyData } from './property_data.js';
import { reasonClass } from './property_data.js';
import { DEFAULT_PROBE_MLP, ModelInputs, PROPERTY_MODELS, PropertyModel, PropertyTask, predictProperty } from './property_models.js';
import { LABEL_FRACTIONS, subsampleIndices } from './probes.js';
import { TargetSpec, extractTargetColumn, targetByName } from './targets.js';
import { unifiedEmbeddings } from './unified_embedding.js';

export type ScoreRow =
  | { model: string; label_fraction: number; mae: number; mse: number; r2: number }
  | { model: string; label_fraction: number; accuracy: number; precision: number; recall: number; f1: number };

export interface CensoredRow { model: string; label_fraction: number; n: number; below_bound: number | null; pair_order: number | null }
export interface FamilyRow { model: string; family: string; n: number; mae: number }
export interface ParityRow { model: string; y_true: number[]; y_pred: number[] }

export interface SectionResult {
  n_train: number;
  n_test: number;
  results: ScoreRow[];
  parity: ParityRow[];
  /** Upper-bounded test values: fraction predicted below the bound and pair order (metrics.ts censoredMetrics). */
  censored?: CensoredRow[];
  /** MAE at 100 % labels per value of the table's `Family` column. */
  by_family?: FamilyRow[];
}

export interface TargetResult extends SectionResult {
  unit: string;
  task: 'regression' | 'classification';
  skipped: Record<string, number>;
  n_test_censored: number;
  /** Rows without a usable structure, scored by composition-level models only. */
  composition_only?: SectionResult;
  /** Which composition model CV chose, per label fraction. */
  composition_model: Record<string, string>;
  notes: string[];
}

export interface PropertyOptions {
  readonly targets: readonly string[];
  readonly fractions?: readonly number[];
  readonly models?: readonly PropertyModel[];
  readonly seed?: number;
  readonly finetune?: FinetuneOptions;
  readonly mlp?: MlpOptions;
  readonly log?: (line: string) => void;
}

const FAMILY = 'Family';

function score(t: PropertyTask, model: string, fraction: number, y: number[], p: Float64Array): ScoreRow {
  if (t.task === 'regression') {
    const m = regressionMetrics(y, p);
    return { model, label_fraction: fraction, mae: m.mae, mse: m.mse, r2: m.r2 };
  }
  const m = classificationMetrics(y, Array.from(p), t.numClasses);
  // Binary: scores of the positive class (label 1); more classes: macro means.
  const c = t.numClasses === 2 ? m.perClass[1]! : { precision: m.macroPrecision, recall: m.macroRecall, f1: m.macroF1 };
  return { model, label_fraction: fraction, accuracy: m.accuracy, precision: c.precision, recall: c.recall, f1: Number.isNaN(c.f1) ? 0 : c.f1 };
}

function familyRows(model: string, data: PropertyData, test: readonly number[], y: number[], p: Float64Array): FamilyRow[] {
  const by = new Map<string, { n: number; err: number }>();
  test.forEach((idx, i) => {
    const f = data.materials[idx]!.fields[FAMILY]?.trim() || '(none)';
    const e = by.get(f) ?? { n: 0, err: 0 };
    e.n++;
    e.err += Math.abs(y[i]! - p[i]!);
    by.set(f, e);
  });
  return [...by].sort((a, b) => b[1].n - a[1].n).map(([family, e]) => ({ model, family, n: e.n, mae: e.err / e.n }));
}

interface Section { train: number[]; yTrain: number[]; test: number[]; yTest: number[]; censored: boolean[] }

/** Every model × fraction on one section of rows. */
async function runSection(
  name: string, models: readonly PropertyModel[], t: PropertyTask, inputs: ModelInputs, s: Section, data: PropertyData,
  fractions: readonly number[], compositionChoice: Record<string, string>, log: (line: string) => void,
): Promise<SectionResult> {
  const out: SectionResult = { n_train: s.train.length, n_test: s.censored.filter((c) => !c).length, results: [], parity: [] };
  const exact = s.test.map((_, i) => i).filter((i) => !s.censored[i]);
  const hasCensored = s.censored.some((c) => c);
  const hasFamily = t.task === 'regression' && s.test.some((i) => data.materials[i]!.fields[FAMILY] !== undefined);
  if (hasCensored) out.censored = [];
  if (hasFamily) out.by_family = [];
  for (const fraction of fractions) {
    const sub = subsampleIndices(s.train.length, fraction, inputs.seed);
    const train = sub.map((i) => s.train[i]!), y = sub.map((i) => s.yTrain[i]!);
    for (const model of models) {
      const started = Date.now();
      const { predictions, info } = await predictProperty(model, t, inputs, train, y, s.test);
      if (model === 'composition') compositionChoice[`${name}@${fraction}`] = String(info.chosen);
      const yx = exact.map((i) => s.yTest[i]!), px = Float64Array.from(exact, (i) => predictions[i]!);
      if (exact.length) out.results.push(score(t, model, fraction, yx, px));
      if (hasCensored) {
        const c = censoredMetrics(s.yTest, predictions, s.censored);
        out.censored!.push({ model, label_fraction: fraction, n: c.censoredCount, below_bound: c.belowBound, pair_order: c.pairOrder });
      }
      if (fraction === 1 && exact.length) {
        out.parity.push({ model, y_true: yx, y_pred: Array.from(px) });
        if (hasFamily) out.by_family!.push(...familyRows(model, data, exact.map((i) => s.test[i]!), yx, px));
      }
      log(`  ${name} ${model} @ ${fraction}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  }
  return out;
}

/** Target values of the materials, split into the structure section and the composition-only section. */
function sections(spec: TargetSpec, data: PropertyData, skipped: Record<string, number>) {
  const column = extractTargetColumn(spec, data.materials.map((m) => ({ fields: m.fields, structure: m.structure })));
  for (const s of column.skipped) skipped[reasonClass(s.reason)] = (skipped[reasonClass(s.reason)] ?? 0) + 1;
  const value = new Map(column.kept.map((idx, k) => [idx, { y: column.values[k]!, censored: column.censored[k]! }]));
  const hasGraph = (i: number) => data.ctx.features[i]!.graph !== null;
  const section = (train: number[], test: number[]): Section => ({
    train: train.filter((i) => value.has(i) && !value.get(i)!.censored), yTrain: [], test: test.filter((i) => value.has(i)), yTest: [], censored: [],
  });
  const fill = (s: Section): Section => ({
    ...s, yTrain: s.train.map((i) => value.get(i)!.y), yTest: s.test.map((i) => value.get(i)!.y), censored: s.test.map((i) => value.get(i)!.censored),
  });
  const main = fill(section(data.train.filter(hasGraph), data.test.filter(hasGraph)));
  const compositionOnly = fill(section(data.train, data.test.filter((i) => !hasGraph(i))));
  const censoredTrain = data.train.filter((i) => value.get(i)?.censored).length;
  return { main, compositionOnly, clipped: column.clipped, censoredTrain };
}

/** Evaluates every target; `model` is the run's aligned model (its weights are only read). */
export async function evaluateProperties(model: AlignmentModel, data: PropertyData, options: PropertyOptions): Promise<Record<string, TargetResult>> {
  const log = options.log ?? (() => {});
  const seed = options.seed ?? 0;
  const fractions = options.fractions ?? LABEL_FRACTIONS;
  const models = options.models ?? PROPERTY_MODELS;
  const all = [...data.train, ...data.test];
  log(`embedding ${all.length} materials (${data.modalities.join(', ')})`);
  const emb = unifiedEmbeddings(model, data.ctx, all);
  const compositionFeatures = new Map(all.map((i) => [i, featurizeComposition(data.materials[i]!.composition)]));
  const inputs: ModelInputs = {
    model, ctx: data.ctx, unified: emb.unified, compositionFeatures, seed,
    finetune: options.finetune ?? {}, mlp: options.mlp ?? DEFAULT_PROBE_MLP,
  };
  const compositionInputs: ModelInputs = { ...inputs, unified: emb.composition };
  const out: Record<string, TargetResult> = {};
  for (const name of options.targets) {
    const spec = targetByName(name);
    const t: PropertyTask = { task: spec.task, numClasses: spec.classes?.length ?? 2 };
    const skipped = { ...data.skipped };
    const { main, compositionOnly, clipped, censoredTrain } = sections(spec, data, skipped);
    const notes = [`unified embedding: ${emb.modalities.join(' + ')} (${emb.modalities.length} × ${model.config.dim})`];
    if (emb.incomplete) notes.push(`${emb.incomplete} materials lacked some modality (zero block in the unified embedding)`);
    if (spec.compute === 'hardness_chen' || spec.compute === 'hardness_tian') {
      notes.push(spec.compute === 'hardness_chen'
        ? `negative values: ${clipped} rows whose Chen hardness 2(k²G)^0.585 − 3 was negative (low G/K) were clipped to 0 GPa and kept`
        : 'negative values: none possible (the Tian model is positive for positive moduli)');
    }
    if (censoredTrain) notes.push(`${censoredTrain} censored training values (upper bounds) left out of fitting`);
    const composition_model: Record<string, string> = {};
    log(`${name}: ${main.train.length} training, ${main.test.length} test rows with a structure; ${compositionOnly.test.length} composition-only test rows`);
    const result: TargetResult = {
      unit: spec.unit, task: spec.task, skipped, n_test_censored: main.censored.filter((c) => c).length,
      ...(main.train.length >= 2 && main.test.length ? await runSection(name, models, t, inputs, main, data, fractions, composition_model, log)
        : { n_train: main.train.length, n_test: 0, results: [], parity: [] }),
      composition_model, notes,
    };
    if (compositionOnly.test.length && compositionOnly.train.length >= 2) {
      result.composition_only = await runSection(`${name} (composition only)`, ['aligned_ridge', 'composition', 'mean'], t, compositionInputs, compositionOnly, data, fractions, composition_model, log);
      notes.push('composition_only: rows without a usable structure; aligned_ridge there reads the aligned composition embedding only');
    }
    out[name] = result;
  }
  return out;
}
