// Vega-Lite spec builders for training, retrieval, embedding maps and XRD patterns: pure
// functions from metrics to specs (data inlined), so a notebook can display them as they are
// and the report can render them. Evaluation charts are in charts_eval.ts.
import type { TopLevelSpec } from 'vega-lite';
import { InputError } from '../errors.js';
import { CRYSTAL_SYSTEMS, finishSpec, unitSuffix } from './chart_style.js';
import type { EmbeddingPoint, RetrievalReport, TrainingEpoch, XrdPatternSeries } from './metrics_types.js';

export * from './charts_eval.js';

const MODALITY_ORDER = ['structure', 'composition', 'text', 'xrd', 'micrograph'];

/** Loss (train and validation) and validation R@1 against epoch, side by side. */
export function trainingCurveSpec(epochs: readonly TrainingEpoch[], title = 'Training curves'): TopLevelSpec {
  if (epochs.length === 0) throw new InputError('training curve: no epochs');
  const epochAxis = { field: 'epoch', type: 'quantitative', title: 'Epoch', axis: { tickMinStep: 1 } };
  return finishSpec({
    title,
    data: { values: epochs.map((e) => ({ epoch: e.epoch, train_loss: e.train_loss, val_loss: e.val_loss, val_r1: e['val_R@1'] })) },
    hconcat: [
      {
        title: 'Contrastive loss',
        width: 320, height: 220,
        transform: [
          { fold: ['train_loss', 'val_loss'], as: ['key', 'loss'] },
          { calculate: "datum.key === 'train_loss' ? 'train' : 'validation'", as: 'split' },
        ],
        mark: { type: 'line', point: true },
        encoding: {
          x: epochAxis,
          y: { field: 'loss', type: 'quantitative', title: 'InfoNCE loss (nats)', scale: { zero: false } },
          color: { field: 'split', type: 'nominal', title: 'Split', scale: { domain: ['train', 'validation'], range: ['#1f77b4', '#ff7f0e'] } },
        },
      },
      {
        title: 'Validation recall@1',
        width: 320, height: 220,
        transform: [{ calculate: "'validation R@1'", as: 'series' }],
        mark: { type: 'line', point: true },
        encoding: {
          x: epochAxis,
          y: { field: 'val_r1', type: 'quantitative', title: 'R@1 (fraction of queries)', scale: { domain: [0, 1] } },
          color: { field: 'series', type: 'nominal', title: 'Metric', scale: { range: ['#2ca02c'] } },
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  });
}

function retrievalRows(metrics: RetrievalReport) {
  if (metrics.results.length === 0) throw new InputError('retrieval: no results');
  return metrics.results.map((r) => ({
    query: r.query, target: r.target, pair: `${r.query} → ${r.target}`,
    r1: r['R@1'], r5: r['R@5'], r10: r['R@10'], chance10: r['chance_R@10'], n: r.n,
  }));
}

function modalityDomain(values: readonly string[]): string[] {
  const seen = new Set(values);
  return [...MODALITY_ORDER.filter((m) => seen.has(m)), ...[...seen].filter((m) => !MODALITY_ORDER.includes(m)).sort()];
}

/** Query × target heat map of R@10 (fraction), with the value written in each cell. */
export function retrievalHeatmapSpec(metrics: RetrievalReport, title = 'Cross-modal retrieval R@10'): TopLevelSpec {
  const rows = retrievalRows(metrics);
  const queries = modalityDomain(rows.map((r) => r.query));
  const targets = modalityDomain(rows.map((r) => r.target));
  return finishSpec({
    title: { text: title, subtitle: `gallery: ${metrics.gallery}` },
    data: { values: rows },
    width: 60 * targets.length + 40, height: 44 * queries.length + 20,
    encoding: {
      x: { field: 'target', type: 'nominal', title: 'Target modality', sort: targets, axis: { labelAngle: 0, grid: false } },
      y: { field: 'query', type: 'nominal', title: 'Query modality', sort: queries, axis: { grid: false } },
    },
    layer: [
      {
        mark: 'rect',
        encoding: { color: { field: 'r10', type: 'quantitative', title: 'R@10 (fraction)', scale: { domain: [0, 1], scheme: 'blues' } } },
      },
      {
        mark: { type: 'text', fontSize: 12 },
        encoding: {
          text: { field: 'r10', type: 'quantitative', format: '.2f' },
          color: { condition: { test: 'datum.r10 > 0.6', value: 'white' }, value: 'black' },
        },
      },
    ],
  });
}

/**
 * Grouped bars of R@1/5/10, one panel per query modality with the target modalities across
 * (a pair not evaluated stays empty), and a dashed line at chance R@10.
 */
export function retrievalBarSpec(metrics: RetrievalReport, title = 'Retrieval recall by modality pair'): TopLevelSpec {
  const rows = retrievalRows(metrics);
  const queries = modalityDomain(rows.map((r) => r.query));
  const targets = modalityDomain(rows.map((r) => r.target));
  const x = { field: 'target', type: 'nominal', title: 'Target modality', sort: targets, axis: { labelAngle: 0 } };
  return finishSpec({
    title: { text: title, subtitle: `gallery: ${metrics.gallery}; dashed line: chance R@10` },
    data: { values: rows },
    ...(queries.length > 3 ? { columns: 3 } : {}),
    // One shared target axis: an independent x scale per panel breaks xOffset in Vega-Lite 6.
    facet: { field: 'query', type: 'nominal', sort: queries, title: 'Query modality', header: { labelFontSize: 12, labelFontWeight: 'bold', titleFontSize: 12 } },
    spec: {
      width: Math.max(120, 75 * targets.length), height: 200,
      layer: [
        {
          transform: [{ fold: ['r1', 'r5', 'r10'], as: ['key', 'recall'] }, { calculate: "{r1: 'R@1', r5: 'R@5', r10: 'R@10'}[datum.key]", as: 'metric' }],
          mark: 'bar',
          encoding: {
            x, xOffset: { field: 'metric', sort: ['R@1', 'R@5', 'R@10'] },
            y: { field: 'recall', type: 'quantitative', title: 'Recall (fraction of queries)', scale: { domain: [0, 1] } },
            color: { field: 'metric', type: 'nominal', title: 'Metric', sort: ['R@1', 'R@5', 'R@10'] },
          },
        },
        { mark: { type: 'rule', color: 'black', strokeDash: [4, 3] }, encoding: { y: { field: 'chance10', aggregate: 'max', type: 'quantitative' } } },
      ],
    },
  });
}

export interface EmbeddingMapOptions {
  /** 'property' colours by the numeric property, 'crystal_system' by the seven systems. */
  colorBy: 'property' | 'crystal_system';
  /** Name and unit of the property, e.g. "Formation energy", "eV/atom". */
  propertyName?: string;
  propertyUnit?: string;
  /** Reduction that made x, y, for the axis titles. */
  method?: 'PCA' | 'UMAP';
  title?: string;
}

/** Scatter of 2-D embedding points, coloured by property or crystal system, shaped by modality. */
export function embeddingMapSpec(points: readonly EmbeddingPoint[], options: EmbeddingMapOptions): TopLevelSpec {
  if (points.length === 0) throw new InputError('embedding map: no points');
  const method = options.method ?? 'UMAP';
  const propertyTitle = `${options.propertyName ?? 'Property'}${unitSuffix(options.propertyUnit ?? '')}`;
  const byProperty = options.colorBy === 'property';
  const field = byProperty ? 'property' : 'crystal_system';
  const values = points.filter((p) => (byProperty ? Number.isFinite(p.property) : typeof p.crystal_system === 'string'));
  if (values.length === 0) throw new InputError(`embedding map: no point has a ${field}`);
  const systems = [...new Set(values.map((p) => p.crystal_system ?? ''))];
  const color = byProperty
    ? { field, type: 'quantitative', title: [options.propertyName ?? 'Property', ...(options.propertyUnit ? [`(${options.propertyUnit})`] : [])], scale: { scheme: 'viridis' } }
    : { field, type: 'nominal', title: 'Crystal system', scale: { domain: [...CRYSTAL_SYSTEMS.filter((s) => systems.includes(s)), ...systems.filter((s) => !(CRYSTAL_SYSTEMS as readonly string[]).includes(s))], scheme: 'category10' } };
  return finishSpec({
    title: { text: options.title ?? `Embedding map (${method}) by ${byProperty ? propertyTitle : 'crystal system'}`, subtitle: `${values.length} of ${points.length} points` },
    data: { values: values.map((p) => ({ ...p })) },
    width: 380, height: 320,
    mark: { type: 'point', filled: true, size: 40, opacity: 0.8 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: `${method} 1 (dimensionless)`, scale: { zero: false } },
      y: { field: 'y', type: 'quantitative', title: `${method} 2 (dimensionless)`, scale: { zero: false } },
      color,
      shape: { field: 'modality', type: 'nominal', title: 'Modality' },
      tooltip: [{ field: 'id', type: 'nominal' }, { field: 'modality', type: 'nominal' }, { field, type: byProperty ? 'quantitative' : 'nominal' }],
    },
  });
}

/** Powder patterns as lines: 2θ (°) against intensity (a.u.), one colour per pattern. */
export function xrdPatternSpec(patterns: readonly XrdPatternSeries[], title = 'Powder XRD patterns (Cu Kα)'): TopLevelSpec {
  if (patterns.length === 0) throw new InputError('XRD chart: no patterns');
  const values: Array<{ label: string; two_theta: number; intensity: number }> = [];
  for (const p of patterns) {
    if (p.twoTheta.length !== p.intensity.length) throw new InputError(`XRD pattern ${p.label}: ${p.twoTheta.length} 2θ values but ${p.intensity.length} intensities`);
    p.twoTheta.forEach((t, i) => values.push({ label: p.label, two_theta: t, intensity: p.intensity[i]! }));
  }
  return finishSpec({
    title,
    data: { values },
    width: 520, height: 220,
    mark: { type: 'line', strokeWidth: 1.2, interpolate: 'linear' },
    encoding: {
      x: { field: 'two_theta', type: 'quantitative', title: '2θ (°)', scale: { zero: false, nice: false } },
      y: { field: 'intensity', type: 'quantitative', title: 'Intensity (a.u.)' },
      color: { field: 'label', type: 'nominal', title: 'Pattern', sort: patterns.map((p) => p.label) },
    },
  });
}
