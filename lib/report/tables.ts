// Metrics as polars DataFrames, and the derived tables the report shows: best model per
// property target, aligned vs scratch at a label fraction, retrieval query × target matrix.
import pl from 'nodejs-polars';
import { InputError } from '../errors.js';
import type { ClassificationResult, DefectMetrics, PropertyMetrics, RegressionResult, RetrievalReport, SynthesisMetrics } from './metrics_types.js';

type DataFrame = pl.DataFrame;

/** One row per ordered modality pair. */
export function retrievalFrame(metrics: RetrievalReport): DataFrame {
  const r = metrics.results;
  return pl.DataFrame({
    query: r.map((x) => x.query), target: r.map((x) => x.target), n: r.map((x) => x.n),
    'R@1': r.map((x) => x['R@1']), 'R@5': r.map((x) => x['R@5']), 'R@10': r.map((x) => x['R@10']),
    mean_rank: r.map((x) => x.mean_rank), median_rank: r.map((x) => x.median_rank), 'chance_R@10': r.map((x) => x['chance_R@10']),
  });
}

/** Query modality down, target modality across, the metric in each cell (null where not evaluated). */
export function retrievalMatrix(metrics: RetrievalReport, metric: 'R@1' | 'R@5' | 'R@10' = 'R@10'): DataFrame {
  return retrievalFrame(metrics)
    .select('query', 'target', metric)
    .pivot(metric, { index: 'query', on: 'target', aggregateFunc: 'first', sortColumns: true })
    .sort('query');
}

/** Long table: one row per target × model × label fraction; unused metric columns are null. */
export function propertyFrame(metrics: PropertyMetrics): DataFrame {
  const rows: Array<Record<string, string | number | null>> = [];
  for (const [target, t] of Object.entries(metrics.targets)) {
    for (const r of t.results) {
      const reg = r as Partial<RegressionResult>, cls = r as Partial<ClassificationResult>;
      rows.push({
        target, unit: t.unit, task: t.task, model: r.model, label_fraction: r.label_fraction,
        mae: reg.mae ?? null, mse: reg.mse ?? null, r2: reg.r2 ?? null,
        accuracy: cls.accuracy ?? null, precision: cls.precision ?? null, recall: cls.recall ?? null, f1: cls.f1 ?? null,
      });
    }
  }
  if (rows.length === 0) throw new InputError('property metrics: no results');
  const columns = Object.keys(rows[0]!);
  return pl.DataFrame(Object.fromEntries(columns.map((c) => [c, rows.map((row) => row[c] ?? null)])));
}

/**
 * Adds `metric` (MAE for regression, macro F1 for classification) and `loss` (lower is
 * better: MAE, or −F1) so regression and classification targets rank the same way.
 */
function withScore(frame: DataFrame): DataFrame {
  const regression = pl.col('task').eq(pl.lit('regression'));
  return frame.withColumns(
    pl.when(regression).then(pl.lit('mae')).otherwise(pl.lit('f1')).alias('metric'),
    pl.when(regression).then(pl.col('mae')).otherwise(pl.col('f1')).alias('value'),
    pl.when(regression).then(pl.col('mae')).otherwise(pl.col('f1').mul(-1)).alias('loss'),
  );
}

/** Best model per target at one label fraction (lowest MAE, or highest F1). */
export function bestModelPerTarget(metrics: PropertyMetrics, labelFraction = 1): DataFrame {
  return withScore(propertyFrame(metrics))
    .filter(pl.col('label_fraction').eq(pl.lit(labelFraction)))
    .groupBy('target')
    .agg(
      pl.col('unit').first(),
      pl.col('metric').first(),
      pl.col('model').sortBy('loss').first().alias('best_model'),
      pl.col('value').sortBy('loss').first().alias('best_value'),
      pl.col('value').filter(pl.col('model').eq(pl.lit('mean'))).first().alias('mean_baseline'),
    )
    .sort('target');
}

/**
 * Best aligned model against the same tower trained from scratch, per target, at one label
 * fraction. improvement_pct > 0 means aligned is better (lower MAE or higher F1).
 */
export function alignedVsScratch(metrics: PropertyMetrics, labelFraction = 0.1): DataFrame {
  const scored = withScore(propertyFrame(metrics)).filter(pl.col('label_fraction').eq(pl.lit(labelFraction)));
  const aligned = scored
    .filter(pl.col('model').str.contains('^aligned'))
    .groupBy('target')
    .agg(
      pl.col('metric').first(),
      pl.col('model').sortBy('loss').first().alias('aligned_model'),
      pl.col('value').sortBy('loss').first().alias('aligned'),
      pl.col('loss').min().alias('aligned_loss'),
    );
  const scratch = scored.filter(pl.col('model').eq(pl.lit('scratch'))).select('target', pl.col('value').alias('scratch'), pl.col('loss').alias('scratch_loss'));
  return aligned
    .join(scratch, { on: 'target', how: 'inner' })
    .withColumns(pl.col('scratch_loss').sub(pl.col('aligned_loss')).div(pl.col('scratch_loss').abs()).mul(100).alias('improvement_pct'))
    .select('target', 'metric', 'aligned_model', 'aligned', 'scratch', 'improvement_pct')
    .sort('target');
}

/** One row per synthesis model: success@1/3/5/10 (where present), precursor P/R/F1, temperature MAE (°C). */
export function synthesisFrame(metrics: SynthesisMetrics): DataFrame {
  const r = metrics.results;
  const ks = [1, 3, 5, 10].filter((k) => r.some((x) => typeof x[`success@${k}`] === 'number'));
  return pl.DataFrame({
    model: r.map((x) => x.model),
    ...Object.fromEntries(ks.map((k) => [`success@${k}`, r.map((x) => x[`success@${k}`] ?? null)])),
    precision: r.map((x) => x.precision), recall: r.map((x) => x.recall), f1: r.map((x) => x.f1),
    temperature_mae_C: r.map((x) => x.temperature_mae_C ?? null),
  });
}

/** One row per dataset × model × label fraction. */
export function defectsFrame(metrics: DefectMetrics): DataFrame {
  const r = metrics.results;
  return pl.DataFrame({
    dataset: r.map((x) => x.dataset), model: r.map((x) => x.model), label_fraction: r.map((x) => x.label_fraction),
    accuracy: r.map((x) => x.accuracy), precision: r.map((x) => x.precision), recall: r.map((x) => x.recall), f1: r.map((x) => x.f1),
  }).sort(['dataset', 'label_fraction', 'model']);
}
