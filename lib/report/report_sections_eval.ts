// Sections for the downstream evaluations: property prediction, label efficiency, synthesis
// recommendation and defect identification.
import { resolve } from 'node:path';
import { confusionMatrixSpec, labelFractionSpec, parityPlotSpec, successAtKSpec } from './charts.js';
import type { DefectResult, PropertyTargetMetrics } from './metrics_types.js';
import { omittedSection, slug } from './report_blocks.js';
import type { Block, ReportInput, Section } from './report_types.js';
import { frameCells, type Cell } from './table_format.js';
import { alignedVsScratch, bestModelPerTarget, defectsFrame, synthesisFrame } from './tables.js';

function targetTable(target: string, t: PropertyTargetMetrics): Block {
  const fraction = Math.max(...t.results.map((r) => r.label_fraction));
  const rows = t.results.filter((r) => r.label_fraction === fraction);
  const keys = t.task === 'regression' ? ['mae', 'mse', 'r2'] : ['accuracy', 'precision', 'recall', 'f1'];
  return {
    kind: 'table',
    caption: `${target}${t.unit ? ` (${t.unit})` : ''}: all models at ${fraction * 100}% labels`,
    columns: ['model', ...keys],
    rows: rows.map((r) => [r.model, ...keys.map((k) => (r as unknown as Record<string, Cell>)[k])]),
  };
}

export function propertySection(input: ReportInput): Section {
  const m = input.property;
  const names = m ? Object.keys(m.targets) : [];
  if (!m || names.length === 0) return omittedSection('property', 'Property prediction', 'no property metrics were given');
  const blocks: Block[] = [
    { kind: 'text', text: `${names.length} targets. Regression: MAE in the target's unit (lower is better); classification: macro F1 (higher is better).` },
  ];
  // The full-label fraction where the evaluation ran it, else the largest one it has.
  const top = Math.max(...names.flatMap((n) => m.targets[n]!.results.map((r) => r.label_fraction)));
  if (Number.isFinite(top)) blocks.push({ kind: 'table', caption: `Best model per target at ${top * 100}% labels`, ...frameCells(bestModelPerTarget(m, top)) });
  const vs = alignedVsScratch(m, 0.1);
  if (vs.height > 0) blocks.push({ kind: 'table', caption: 'Best aligned model vs the same tower from scratch, at 10% labels (improvement > 0: aligned better)', ...frameCells(vs) });
  for (const name of names) {
    const t = m.targets[name]!;
    const skipped = Object.entries(t.skipped ?? {}).map(([why, n]) => `${why}: ${n}`).join(', ');
    blocks.push({ kind: 'text', text: `${name}: ${t.task}, ${t.n_train} training and ${t.n_test} test materials; skipped rows: ${skipped || 'none'}.` });
    const table = targetTable(name, t);
    if (t.parity && t.parity.length > 0) {
      blocks.push({ kind: 'row', blocks: [
        { kind: 'chart', name: `parity_${slug(name)}`, caption: `Predicted vs true ${name} on the test set, one panel per model.`, spec: parityPlotSpec(name, t) },
        table,
      ] });
    } else {
      blocks.push(table);
    }
  }
  return { id: 'property', title: 'Property prediction', blocks };
}

export function labelFractionSection(input: ReportInput): Section {
  const m = input.property;
  const names = m ? Object.keys(m.targets).filter((n) => m.targets[n]!.results.length > 0) : [];
  if (!m || names.length === 0) return omittedSection('label_fraction', 'Label efficiency', 'no property metrics were given');
  return {
    id: 'label_fraction', title: 'Label efficiency',
    blocks: [
      { kind: 'text', text: 'Error against the fraction of training labels, aligned embeddings vs a tower trained from scratch vs baselines.' },
      { kind: 'row', blocks: names.map((n): Block => ({ kind: 'chart', name: `label_fraction_${slug(n)}`, caption: `Label efficiency for ${n}.`, spec: labelFractionSpec(n, m.targets[n]!) })) },
    ],
  };
}

export function synthesisSection(input: ReportInput): Section {
  const m = input.synthesis;
  if (!m || m.results.length === 0) return omittedSection('synthesis', 'Synthesis recommendation', 'no synthesis metrics were given');
  const blocks: Block[] = [
    { kind: 'text', text: `${m.n_test_targets} test targets unseen in training. Success@k: the exact precursor set is among the top k proposals; precision/recall/F1 per precursor; temperature MAE in °C.` },
    { kind: 'table', caption: 'Synthesis recommendation per model', ...frameCells(synthesisFrame(m)) },
    { kind: 'chart', name: 'synthesis_success_at_k', caption: 'Exact-set success@k for k = 1…10.', spec: successAtKSpec(m) },
  ];
  if (m.examples && m.examples.length > 0) {
    const sets = (s: string[][]) => s.map((p) => `{${p.join(', ')}}`).join('; ');
    blocks.push({
      kind: 'table', caption: 'Examples: known precursor sets and the top three proposals',
      columns: ['target', 'known precursor sets', 'top proposals', 'first exact hit (rank)'],
      rows: m.examples.map((e) => [e.target, sets(e.true_precursors), sets(e.predicted.slice(0, 3)), e.hit_rank ?? 'none']),
    });
  } else {
    blocks.push({ kind: 'note', text: 'Omitted: no synthesis examples were given.' });
  }
  return { id: 'synthesis', title: 'Synthesis recommendation', blocks };
}

/** Per dataset, each model's result at the largest label fraction of that dataset. */
function confusionResults(results: readonly DefectResult[]): Map<string, DefectResult[]> {
  const byDataset = new Map<string, DefectResult[]>();
  for (const r of results) byDataset.set(r.dataset, [...(byDataset.get(r.dataset) ?? []), r]);
  for (const [dataset, rs] of byDataset) {
    const top = Math.max(...rs.map((r) => r.label_fraction));
    byDataset.set(dataset, rs.filter((r) => r.label_fraction === top));
  }
  return byDataset;
}

export function defectsSection(input: ReportInput): Section {
  const m = input.defects;
  if (!m || m.results.length === 0) return omittedSection('defects', 'Defect identification', 'no defect metrics were given');
  const blocks: Block[] = [
    { kind: 'text', text: 'Accuracy and macro precision/recall/F1 per dataset, model and label fraction; confusion matrices count test images.' },
    { kind: 'table', caption: 'Defect identification', ...frameCells(defectsFrame(m)) },
  ];
  for (const [dataset, rs] of confusionResults(m.results)) {
    blocks.push({ kind: 'row', blocks: rs.map((r): Block => ({
      kind: 'chart', name: `confusion_${slug(dataset)}_${slug(r.model)}`,
      caption: `Confusion matrix, ${dataset}, ${r.model}, ${r.label_fraction * 100}% labels.`, spec: confusionMatrixSpec(r),
    })) });
  }
  if (m.examples && m.examples.length > 0) {
    const base = input.defectsDir ?? '.';
    blocks.push({ kind: 'row', blocks: m.examples.map((e, i): Block => ({
      kind: 'image', name: `example_${i}_${slug(e.dataset)}_${slug(e.label)}.png`, caption: `${e.dataset}: ${e.label}`, source: resolve(base, e.png),
    })) });
  } else {
    blocks.push({ kind: 'note', text: 'Omitted: no example images were given.' });
  }
  return { id: 'defects', title: 'Defect identification', blocks };
}
