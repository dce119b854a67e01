// Vega-Lite spec builders for the downstream evaluations: property parity plots, label-
// fraction curves, synthesis success@k and defect confusion matrices. Pure functions.
import type { TopLevelSpec } from 'vega-lite';
import { InputError } from '../errors.js';
import { finishSpec, modelColourScale, modelFamily, unitSuffix } from './chart_style.js';
import type { ClassificationResult, DefectResult, PropertyTargetMetrics, RegressionResult, SynthesisMetrics } from './metrics_types.js';

/** y_pred against y_true, one facet per model, each with the y = x line over the data's range. */
export function parityPlotSpec(target: string, metrics: PropertyTargetMetrics): TopLevelSpec {
  const parity = metrics.parity ?? [];
  if (parity.length === 0) throw new InputError(`parity plot for ${target}: no predictions`);
  const values: Array<{ model: string; kind: 'point' | 'diagonal'; y_true: number; y_pred: number }> = [];
  let lo = Infinity, hi = -Infinity;
  for (const p of parity) {
    if (p.y_true.length !== p.y_pred.length) throw new InputError(`parity plot for ${target} ${p.model}: y_true and y_pred differ in length`);
    p.y_true.forEach((t, i) => {
      const y = p.y_pred[i]!;
      values.push({ model: p.model, kind: 'point', y_true: t, y_pred: y });
      lo = Math.min(lo, t, y); hi = Math.max(hi, t, y);
    });
  }
  const pad = 0.05 * (hi - lo || 1);
  lo -= pad; hi += pad;
  for (const p of parity) values.push({ model: p.model, kind: 'diagonal', y_true: lo, y_pred: lo }, { model: p.model, kind: 'diagonal', y_true: hi, y_pred: hi });
  const unit = unitSuffix(metrics.unit);
  const models = parity.map((p) => p.model);
  const scale = { domain: [lo, hi], nice: false };
  return finishSpec({
    title: { text: `Parity: ${target}`, subtitle: `test set, n = ${metrics.n_test}; dashed line: y = x` },
    data: { values },
    ...(models.length > 3 ? { columns: 3 } : {}),
    facet: { field: 'model', type: 'nominal', title: null, sort: models, header: { labelFontSize: 13, labelFontWeight: 'bold' } },
    spec: {
      width: 200, height: 200,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'point'" }],
          mark: { type: 'point', filled: true, size: 22, opacity: 0.7 },
          encoding: {
            x: { field: 'y_true', type: 'quantitative', title: `True value${unit}`, scale },
            y: { field: 'y_pred', type: 'quantitative', title: `Predicted value${unit}`, scale },
            color: { field: 'model', type: 'nominal', title: 'Model', scale: modelColourScale('property', models) },
          },
        },
        {
          transform: [{ filter: "datum.kind === 'diagonal'" }],
          mark: { type: 'line', color: '#444', strokeDash: [4, 3], strokeWidth: 1 },
          encoding: { x: { field: 'y_true', type: 'quantitative' }, y: { field: 'y_pred', type: 'quantitative' } },
        },
      ],
    },
  });
}

/** Error (MAE, or macro F1 for a classification) against the fraction of labels on a log axis. */
export function labelFractionSpec(target: string, metrics: PropertyTargetMetrics): TopLevelSpec {
  if (metrics.results.length === 0) throw new InputError(`label-fraction curve for ${target}: no results`);
  const regression = metrics.task === 'regression';
  const values = metrics.results.map((r) => ({
    model: r.model,
    family: modelFamily(r.model),
    label_fraction: r.label_fraction,
    value: regression ? (r as RegressionResult).mae : (r as ClassificationResult).f1,
  }));
  const models = [...new Set(values.map((v) => v.model))];
  const fractions = [...new Set(values.map((v) => v.label_fraction))].sort((a, b) => a - b);
  return finishSpec({
    title: { text: `Label efficiency: ${target}`, subtitle: `${regression ? 'lower' : 'higher'} is better; solid: aligned, dashed: scratch, dotted: baselines` },
    data: { values },
    width: 360, height: 240,
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'label_fraction', type: 'quantitative', title: 'Fraction of training labels (log scale)', scale: { type: 'log' }, axis: { values: fractions, format: '~%' } },
      y: regression
        ? { field: 'value', type: 'quantitative', title: `MAE${unitSuffix(metrics.unit)}`, scale: { zero: false } }
        : { field: 'value', type: 'quantitative', title: 'Macro F1 (fraction)', scale: { domain: [0, 1] } },
      color: { field: 'model', type: 'nominal', title: 'Model', scale: modelColourScale('property', models) },
      strokeDash: { field: 'family', type: 'nominal', legend: null, scale: { domain: ['aligned', 'scratch', 'baseline'], range: [[1, 0], [6, 3], [2, 2]] } },
    },
  });
}

/** Exact-set success@k against k for every synthesis model. */
export function successAtKSpec(metrics: SynthesisMetrics, title = 'Precursor recommendation: success@k'): TopLevelSpec {
  if (metrics.results.length === 0) throw new InputError('success@k chart: no results');
  const values: Array<{ model: string; k: number; success: number }> = [];
  for (const r of metrics.results) {
    for (const [key, v] of Object.entries(r)) {
      const m = /^success@(\d+)$/.exec(key);
      if (m && typeof v === 'number') values.push({ model: r.model, k: Number(m[1]), success: v });
    }
  }
  if (values.length === 0) throw new InputError('success@k chart: no success@k values');
  const ks = [...new Set(values.map((v) => v.k))].sort((a, b) => a - b);
  const models = metrics.results.map((r) => r.model);
  return finishSpec({
    title: { text: title, subtitle: `${metrics.n_test_targets} test targets unseen in training` },
    data: { values },
    width: 360, height: 240,
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'k', type: 'quantitative', title: 'k (ranked precursor sets proposed)', axis: { values: ks, format: 'd' }, scale: { domain: [ks[0], ks[ks.length - 1]] } },
      y: { field: 'success', type: 'quantitative', title: 'Success@k (fraction of targets)', scale: { domain: [0, 1] } },
      color: { field: 'model', type: 'nominal', title: 'Model', scale: modelColourScale('synthesis', models) },
    },
  });
}

/** Confusion matrix as a heat map of counts: true class down, predicted class across. */
export function confusionMatrixSpec(result: DefectResult, title?: string): TopLevelSpec {
  const k = result.classes.length;
  if (k === 0 || result.confusion.length !== k || result.confusion.some((row) => row.length !== k)) {
    throw new InputError(`confusion matrix ${result.dataset}/${result.model}: must be ${k} × ${k}`);
  }
  const values = result.confusion.flatMap((row, i) => row.map((count, j) => ({ true_class: result.classes[i]!, predicted: result.classes[j]!, count })));
  const max = Math.max(1, ...values.map((v) => v.count));
  const side = Math.max(160, 40 * k);
  return finishSpec({
    title: {
      text: title ?? `Confusion: ${result.dataset}, ${result.model}`,
      subtitle: `${(result.label_fraction * 100).toFixed(0)}% labels; accuracy ${result.accuracy.toFixed(3)}, macro F1 ${result.f1.toFixed(3)}`,
    },
    data: { values },
    width: side, height: side,
    encoding: {
      x: { field: 'predicted', type: 'nominal', title: 'Predicted class', sort: result.classes, axis: { labelAngle: -40, grid: false } },
      y: { field: 'true_class', type: 'nominal', title: 'True class', sort: result.classes, axis: { grid: false } },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'count', type: 'quantitative', title: 'Count (images)', scale: { scheme: 'oranges', domain: [0, max] } } } },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'count', type: 'quantitative', format: 'd' },
          color: { condition: { test: `datum.count > ${max / 2}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  });
}
