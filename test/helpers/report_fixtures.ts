// Small hand-made metrics in the evaluations' file shapes, for the report tests.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportInput } from '../../lib/report/report_types.js';
import type {
  DefectMetrics, EmbeddingPoint, PropertyMetrics, RetrievalReport, SynthesisMetrics, TrainingEpoch, XrdPatternSeries,
} from '../../lib/report/metrics_types.js';

export function makeTrainingCurve(): TrainingEpoch[] {
  return [1, 2, 3, 4, 5].map((epoch) => ({
    epoch, step: epoch * 10, train_loss: 4 / epoch + 0.5, val_loss: 4.2 / epoch + 0.7, temperature: 0.07,
    'val_R@1': 0.1 * epoch, lr: 1e-3, seconds: 12, samples_per_s: 400,
  }));
}

export function makeRetrieval(): RetrievalReport {
  const row = (query: 'structure' | 'text' | 'xrd', target: 'structure' | 'text' | 'xrd', r10: number) => ({
    query, target, n: 200, 'R@1': r10 / 4, 'R@5': r10 / 1.5, 'R@10': r10, mean_rank: 20, median_rank: 8, 'chance_R@10': 0.05,
  });
  return {
    run: 'fixture', gallery: 'test',
    results: [row('structure', 'text', 0.8), row('text', 'structure', 0.7), row('structure', 'xrd', 0.5), row('xrd', 'structure', 0.4)],
  };
}

export function makeProperty(): PropertyMetrics {
  const models = ['aligned_ridge', 'aligned_finetune', 'scratch', 'composition', 'mean'];
  const mae: Record<string, number> = { aligned_ridge: 0.2, aligned_finetune: 0.1, scratch: 0.3, composition: 0.35, mean: 0.8 };
  const fractions = [0.01, 0.1, 1];
  return {
    run: 'fixture',
    targets: {
      formation_energy: {
        unit: 'eV/atom', task: 'regression', n_train: 80, n_test: 6, skipped: { nan_target: 1 },
        results: models.flatMap((model) => fractions.map((f) => ({
          model, label_fraction: f, mae: mae[model]! / Math.sqrt(f * 10 + 0.5), mse: mae[model]! ** 2, r2: 1 - mae[model]!,
        }))),
        parity: ['aligned_finetune', 'scratch'].map((model, m) => ({
          model, y_true: [-3, -2, -1.5, -1, -0.5, 0], y_pred: [-2.8, -2.1, -1.2, -1.1, -0.4 - m * 0.3, 0.1 + m * 0.2],
        })),
      },
      is_metal: {
        unit: '', task: 'classification', n_train: 80, n_test: 6, skipped: {},
        results: ['aligned_ridge', 'scratch'].flatMap((model, m) => fractions.map((f) => ({
          model, label_fraction: f, accuracy: 0.9 - m * 0.1, precision: 0.85, recall: 0.8, f1: 0.82 - m * 0.1 - (1 - f) * 0.1,
        }))),
      },
    },
  };
}

export function makeSynthesis(): SynthesisMetrics {
  const row = (model: string, scale: number) => {
    const r: Record<string, number | string> = { model, precision: 0.6 * scale, recall: 0.5 * scale, f1: 0.55 * scale, temperature_mae_C: 120 / scale };
    for (let k = 1; k <= 10; k++) r[`success@${k}`] = Math.min(1, scale * (0.2 + 0.05 * k));
    return r as unknown as SynthesisMetrics['results'][number];
  };
  return {
    run: 'fixture', n_test_targets: 50,
    results: [row('matalign', 1), row('frequency', 0.5), row('composition_similarity', 0.7)],
    examples: [
      { target: 'LiFePO4', true_precursors: [['Li2CO3', 'FeC2O4', 'NH4H2PO4']], predicted: [['Li2CO3', 'FeC2O4', 'NH4H2PO4'], ['LiOH', 'FePO4']], hit_rank: 1 },
      { target: 'BaTiO3', true_precursors: [['BaCO3', 'TiO2']], predicted: [['BaO', 'TiO2']], hit_rank: null },
    ],
  };
}

export function makeDefects(pngPath?: string): DefectMetrics {
  const classes = ['pristine', 'vacancy', 'substitution'];
  const result = (dataset: string, model: string, diag: number) => ({
    dataset, model, label_fraction: 1, accuracy: diag / 10, precision: 0.8, recall: 0.7, f1: 0.75, classes,
    confusion: [[diag, 10 - diag, 0], [1, diag, 9 - diag], [0, 10 - diag, diag]],
  });
  return {
    run: 'fixture',
    results: [result('simulated', 'aligned', 9), result('simulated', 'scratch', 6)],
    ...(pngPath ? { examples: [{ dataset: 'simulated', label: 'vacancy', png: pngPath }] } : {}),
  };
}

export function makeEmbeddingPoints(): EmbeddingPoint[] {
  const systems = ['cubic', 'hexagonal', 'tetragonal'];
  return Array.from({ length: 12 }, (_, i) => ({
    id: `mp-${i}`, x: Math.cos(i), y: Math.sin(i * 1.3), property: -2 + i * 0.2, crystal_system: systems[i % 3]!, modality: i % 2 ? 'structure' : 'text',
  }));
}

export function makeXrdPatterns(): XrdPatternSeries[] {
  const grid = Array.from({ length: 141 }, (_, i) => 10 + i * 0.5);
  const peaks = (centres: number[]) => grid.map((t) => centres.reduce((s, c) => s + 100 * Math.exp(-((t - c) ** 2) / 0.5), 2));
  return [{ label: 'NaCl', twoTheta: grid, intensity: peaks([27.4, 31.7, 45.5]) }, { label: 'Si', twoTheta: grid, intensity: peaks([28.4, 47.3, 56.1]) }];
}

/** A 1 × 1 white PNG, for example images. */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC', 'base64');

/** Every section's input; writes the defect example image into assetDir. */
export function makeFullReportInput(assetDir: string): ReportInput {
  writeFileSync(join(assetDir, 'vacancy.png'), TINY_PNG);
  return {
    run: 'fixture', config: { seed: 1, preset: 'tiny', backend: 'wasm' }, dataSummary: { 'structures (train)': 100, recipes: 50 },
    xrdPatterns: makeXrdPatterns(), training: makeTrainingCurve(), retrieval: makeRetrieval(),
    embedding: { points: makeEmbeddingPoints(), method: 'UMAP', propertyName: 'Formation energy', propertyUnit: 'eV/atom' },
    property: makeProperty(), synthesis: makeSynthesis(), defects: makeDefects('vacancy.png'), defectsDir: assetDir,
  };
}
