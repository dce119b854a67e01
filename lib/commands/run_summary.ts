// The short results table `matalign run` ends with: training, retrieval and whichever other
// evaluations wrote their metrics file into the report folder.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMetricsFile, readTrainingCurve, RUN_METRICS_FILES } from '../report/metrics_load.js';
import type { ClassificationResult, RegressionResult } from '../report/metrics_types.js';

const f3 = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(3) : '-');

function trainingLines(runDir: string): string[] {
  const path = join(runDir, RUN_METRICS_FILES.training);
  if (!existsSync(path)) return [];
  const epochs = readTrainingCurve(path);
  if (epochs.length === 0) return [];
  const last = epochs[epochs.length - 1]!;
  const best = epochs.reduce((a, b) => (b['val_R@1'] > a['val_R@1'] ? b : a));
  const seconds = epochs.reduce((s, e) => s + (e.seconds ?? 0), 0);
  return [`training: ${epochs.length} epochs, ${seconds.toFixed(0)} s; final val loss ${f3(last.val_loss)}, val R@1 ${f3(last['val_R@1'])} (best ${f3(best['val_R@1'])} at epoch ${best.epoch})`];
}

/** Ordered pairs of the run's loss (run.json), or null when the run cannot be read. */
function trainedPairs(runDir: string): Set<string> | null {
  try {
    const manifest = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as { config: { loss: { pairs: [string, string][] } } };
    return new Set(manifest.config.loss.pairs.flatMap(([a, b]) => [`${a}>${b}`, `${b}>${a}`]));
  } catch {
    return null;
  }
}

function retrievalLines(outDir: string, runDir: string): string[] {
  const path = join(outDir, RUN_METRICS_FILES.retrieval);
  if (!existsSync(path)) return [];
  const m = readMetricsFile('retrieval', path);
  const pairs = trainedPairs(runDir);
  const shown = m.results.filter((r) => !pairs || pairs.has(`${r.query}>${r.target}`));
  const head = `${'retrieval (test split)'.padEnd(26)}${'n'.padStart(6)}${'R@1'.padStart(8)}${'R@10'.padStart(8)}${'chance@10'.padStart(11)}`;
  const rows = shown.map((r) => `${`${r.query} → ${r.target}`.padEnd(26)}${String(r.n).padStart(6)}${f3(r['R@1']).padStart(8)}${f3(r['R@10']).padStart(8)}${f3(r['chance_R@10']).padStart(11)}`);
  const rest = m.results.length - shown.length;
  return [head, ...rows, ...(rest > 0 ? [`(pairs trained together; all ${m.results.length} pairs in ${path})`] : [])];
}

function propertyLines(outDir: string): string[] {
  const path = join(outDir, RUN_METRICS_FILES.property);
  if (!existsSync(path)) return [];
  const m = readMetricsFile('property', path);
  return Object.entries(m.targets).map(([name, t]) => {
    const full = t.results.filter((r) => r.label_fraction === Math.max(...t.results.map((x) => x.label_fraction)));
    if (t.task === 'regression') {
      const best = (full as RegressionResult[]).reduce((a, b) => (b.mae < a.mae ? b : a), full[0] as RegressionResult);
      return `property ${name}: best MAE ${f3(best?.mae)} ${t.unit} (${best?.model ?? '-'}), R² ${f3(best?.r2)}`;
    }
    const best = (full as ClassificationResult[]).reduce((a, b) => (b.f1 > a.f1 ? b : a), full[0] as ClassificationResult);
    return `property ${name}: best F1 ${f3(best?.f1)} (${best?.model ?? '-'}), accuracy ${f3(best?.accuracy)}`;
  });
}

function synthesisLines(outDir: string): string[] {
  const path = join(outDir, RUN_METRICS_FILES.synthesis);
  if (!existsSync(path)) return [];
  const m = readMetricsFile('synthesis', path);
  return m.results.map((r) => `synthesis ${r.model}: success@1 ${f3(r['success@1'])}, success@5 ${f3(r['success@5'])}, precursor F1 ${f3(r.f1)} (${m.n_test_targets} targets)`);
}

function defectLines(outDir: string): string[] {
  const path = join(outDir, RUN_METRICS_FILES.defects);
  if (!existsSync(path)) return [];
  const m = readMetricsFile('defects', path);
  return m.results.map((r) => `defects ${r.dataset} ${r.model} (${r.label_fraction * 100}% labels): accuracy ${f3(r.accuracy)}, macro F1 ${f3(r.f1)}`);
}

/** The results table as lines of text. */
export function resultLines(outDir: string, runDir = join(outDir, 'run')): string[] {
  return [...trainingLines(runDir), ...retrievalLines(outDir, runDir), ...propertyLines(outDir), ...synthesisLines(outDir), ...defectLines(outDir)];
}
