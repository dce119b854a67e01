// The property models compared: probes on frozen aligned embeddings, the structure tower
// fine-tuned from the aligned weights or from scratch, a composition-only model (ridge or
// kNN, chosen by cross-validation on the training rows only) and the mean / majority
// baseline. Each fits on training rows and returns predictions for test rows.
import type { AlignmentModel } from '../models/clip_model.js';
import { hashSeed } from '../rng.js';
import { Rng } from '../rng.js';
import type { BatchContext } from '../train/batches.js';
import { finetuneStructureTower, FinetuneOptions, structureTowerModel } from './finetune.js';
import type { FeatureRows } from './feature_matrix.js';
import type { MlpOptions } from './mlp_probe.js';
import { fitClassifier, fitRegressor } from './probes.js';

export const PROPERTY_MODELS = ['aligned_ridge', 'aligned_mlp', 'aligned_finetune', 'scratch', 'composition', 'mean'] as const;
export type PropertyModel = (typeof PROPERTY_MODELS)[number];

export interface PropertyTask {
  readonly task: 'regression' | 'classification';
  /** C (classification). */
  readonly numClasses: number;
}

/** Everything a model may read about material i (an index into ctx.features). */
export interface ModelInputs {
  readonly model: AlignmentModel;
  readonly ctx: BatchContext;
  /** [|modalities|·D] unified embedding (materials with a structure). */
  readonly unified: ReadonlyMap<number, Float32Array>;
  /** [FEATURE_DIM] composition features. */
  readonly compositionFeatures: ReadonlyMap<number, Float32Array>;
  readonly finetune: FinetuneOptions;
  readonly mlp: MlpOptions;
  readonly seed: number;
}

/** Probe settings for the frozen-embedding MLP: bounded so a 9k-row table takes seconds. */
export const DEFAULT_PROBE_MLP: MlpOptions = { hidden: [128], maxEpochs: 60, patience: 6, batchSize: 64, learningRate: 1e-3 };

const rowsOf = (m: ReadonlyMap<number, Float32Array>, idx: readonly number[]): FeatureRows => idx.map((i) => m.get(i)!);

/** Fits a probe of a kind ('ridge' means logistic regression for a classification) and predicts. */
async function probe(kind: 'ridge' | 'mlp' | 'knn' | 'mean', t: PropertyTask, x: FeatureRows, y: number[], q: FeatureRows, mlp: MlpOptions, seed: number): Promise<Float64Array> {
  if (t.task === 'regression') {
    const r = await fitRegressor(kind, x, y, { seed, mlp, knn: { k: 5, standardize: true } });
    return r.predict(q);
  }
  const ck = kind === 'ridge' ? 'logistic' : kind === 'mean' ? 'majority' : kind;
  const c = await fitClassifier(ck, x, y, t.numClasses, { seed, mlp, knn: { k: 5, standardize: true } });
  return Float64Array.from(c.predict(q));
}

/** Error of a prediction for model selection: MSE, or error rate for a classification. */
function selectionError(t: PropertyTask, y: readonly number[], p: Float64Array): number {
  let e = 0;
  y.forEach((v, i) => { e += t.task === 'regression' ? (v - p[i]!) ** 2 : v === p[i] ? 0 : 1; });
  return e / y.length;
}

/**
 * Composition model: ridge (logistic for a classification) or 5-NN on composition
 * features, whichever has the lower 3-fold CV error on (at most 3000 of) the training rows.
 */
export async function fitCompositionModel(t: PropertyTask, x: FeatureRows, y: number[], q: FeatureRows, seed: number): Promise<{ chosen: string; predictions: Float64Array }> {
  const kinds = ['ridge', 'knn'] as const;
  let chosen: (typeof kinds)[number] = 'ridge';
  if (x.length >= 9) {
    const order = new Rng(seed).fork('composition_cv').shuffle(x.map((_, i) => i)).slice(0, 3000);
    const errors = [0, 0];
    for (let f = 0; f < 3; f++) {
      const val = order.filter((_, i) => i % 3 === f), fit = order.filter((_, i) => i % 3 !== f);
      for (const [k, kind] of kinds.entries()) {
        const p = await probe(kind, t, fit.map((i) => x[i]!), fit.map((i) => y[i]!), val.map((i) => x[i]!), DEFAULT_PROBE_MLP, seed);
        errors[k]! += selectionError(t, val.map((i) => y[i]!), p);
      }
    }
    chosen = errors[1]! < errors[0]! ? 'knn' : 'ridge';
  }
  return { chosen, predictions: await probe(chosen, t, x, y, q, DEFAULT_PROBE_MLP, seed) };
}

/** Predictions of one model for `test`, trained on `train` with targets y. */
export async function predictProperty(
  kind: PropertyModel, t: PropertyTask, inputs: ModelInputs, train: readonly number[], y: number[], test: readonly number[],
): Promise<{ predictions: Float64Array; info: Record<string, number | string> }> {
  const { seed } = inputs;
  switch (kind) {
    case 'aligned_ridge':
      return { predictions: await probe('ridge', t, rowsOf(inputs.unified, train), y, rowsOf(inputs.unified, test), inputs.mlp, seed), info: {} };
    case 'aligned_mlp':
      return { predictions: await probe('mlp', t, rowsOf(inputs.unified, train), y, rowsOf(inputs.unified, test), inputs.mlp, seed), info: {} };
    case 'composition': {
      const c = await fitCompositionModel(t, rowsOf(inputs.compositionFeatures, train), y, rowsOf(inputs.compositionFeatures, test), seed);
      return { predictions: c.predictions, info: { chosen: c.chosen } };
    }
    case 'mean':
      return { predictions: await probe('mean', t, train.map(() => [0]), y, test.map(() => [0]), {}, seed), info: {} };
    case 'aligned_finetune':
    case 'scratch': {
      const tower = structureTowerModel(inputs.model, kind === 'aligned_finetune', hashSeed(seed, `property:${kind}`));
      const ft = finetuneStructureTower(tower, inputs.ctx, train, y, { task: t.task, numClasses: t.numClasses }, { seed, ...inputs.finetune });
      try {
        return { predictions: ft.predict(test), info: { epochs: ft.epochs, steps: ft.steps } };
      } finally {
        ft.dispose();
      }
    }
    default: throw new Error(`unknown model ${String(kind)}`);
  }
}
