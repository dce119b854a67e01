// The shapes of the metrics files the evaluations write and the report reads. Keys are the
// files' own (snake_case, "R@1", "success@k"), so a parsed file is one of these as is.

/** A modality of the shared latent space. */
export type RetrievalModality = 'structure' | 'composition' | 'text' | 'xrd' | 'micrograph';

/** One ordered modality pair of a retrieval evaluation. Recalls are fractions in [0, 1]. */
export interface RetrievalResult {
  query: RetrievalModality;
  target: RetrievalModality;
  /** Number of queries. */
  n: number;
  'R@1': number;
  'R@5': number;
  'R@10': number;
  /** 1-based rank of the true match, averaged over queries. */
  mean_rank: number;
  median_rank: number;
  /** 10 / gallery size. */
  'chance_R@10': number;
}

/** retrieval.json */
export interface RetrievalReport {
  run: string;
  /** Gallery description, e.g. "test" or "fixed-1000". */
  gallery: string | number;
  results: RetrievalResult[];
}

/** One line of a run directory's metrics.jsonl: one epoch of training. */
export interface TrainingEpoch {
  epoch: number;
  /** Optimiser steps so far. */
  step: number;
  /** Summed symmetric InfoNCE over modality pairs (nats). */
  train_loss: number;
  val_loss: number;
  /** Softmax temperature τ (dimensionless). */
  temperature: number;
  /** Validation recall@1, fraction in [0, 1]. */
  'val_R@1': number;
  /** Learning rate at the end of the epoch. */
  lr: number;
  /** Wall time of the epoch (s). */
  seconds: number;
  samples_per_s: number;
}

export type PropertyModel = 'aligned_ridge' | 'aligned_mlp' | 'aligned_finetune' | 'scratch' | 'composition' | 'mean';

export interface RegressionResult {
  model: PropertyModel | string;
  /** Fraction of training labels used: 0.01, 0.1 or 1. */
  label_fraction: number;
  /** In the target's unit. */
  mae: number;
  /** In the target's unit squared. */
  mse: number;
  r2: number;
}

export interface ClassificationResult {
  model: PropertyModel | string;
  label_fraction: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Test-set predictions of one model; y_true and y_pred are [n_test] in the target's unit. */
export interface ParitySeries {
  model: PropertyModel | string;
  y_true: number[];
  y_pred: number[];
}

export interface PropertyTargetMetrics {
  /** e.g. "eV/atom", "eV", "log10(GPa)"; "" for dimensionless. */
  unit: string;
  task: 'regression' | 'classification';
  n_train: number;
  n_test: number;
  /** Rows skipped, by reason, e.g. {"nan_target": 3}. */
  skipped: Record<string, number>;
  results: Array<RegressionResult | ClassificationResult>;
  parity?: ParitySeries[];
}

/** property.json */
export interface PropertyMetrics {
  run: string;
  targets: Record<string, PropertyTargetMetrics>;
}

export type SynthesisModel = 'matalign' | 'frequency' | 'composition_similarity';

/** success@1 … success@10 are fractions of test targets whose exact precursor set is in the top k. */
export interface SynthesisResult {
  model: SynthesisModel | string;
  [successAtK: `success@${number}`]: number;
  precision: number;
  recall: number;
  f1: number;
  /** Mean absolute error of the predicted heating temperature (°C). */
  temperature_mae_C: number;
}

export interface SynthesisReportExample {
  target: string;
  /** Every known precursor set of the target: [sets][precursors]. */
  true_precursors: string[][];
  /** Ranked proposals: [k][precursors]. */
  predicted: string[][];
  /** 1-based rank of the first exact hit, null when none of the proposals hits. */
  hit_rank: number | null;
}

/** synthesis.json */
export interface SynthesisMetrics {
  run: string;
  n_test_targets: number;
  results: SynthesisResult[];
  examples?: SynthesisReportExample[];
}

export type DefectDataset = 'simulated' | 'simulated_shifted' | 'neu_det';

export interface DefectResult {
  dataset: DefectDataset | string;
  model: string;
  label_fraction: number;
  accuracy: number;
  /** Macro averages over classes. */
  precision: number;
  recall: number;
  f1: number;
  classes: string[];
  /** [true class][predicted class] counts, both indexed like classes. */
  confusion: number[][];
}

export interface DefectExample {
  dataset: DefectDataset | string;
  label: string;
  /** Path relative to the metrics file's folder. */
  png: string;
}

/** defects.json */
export interface DefectMetrics {
  run: string;
  results: DefectResult[];
  examples?: DefectExample[];
}

/** One point of a 2-D embedding map (x, y: reduced coordinates, dimensionless). */
export interface EmbeddingPoint {
  id: string;
  x: number;
  y: number;
  property?: number;
  crystal_system?: string;
  modality: RetrievalModality | string;
}

/** One powder pattern on a 2θ grid: twoTheta (°) and intensity (a.u.) are both [P]. */
export interface XrdPatternSeries {
  label: string;
  twoTheta: number[];
  intensity: number[];
}
