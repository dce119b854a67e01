// The report's sections in order, built from whatever metrics are present; a section whose
// input is absent keeps its heading and one line saying what is missing.
import { embeddingMapSpec, retrievalBarSpec, retrievalHeatmapSpec, trainingCurveSpec, xrdPatternSpec } from './charts.js';
import { omittedSection, slug } from './report_blocks.js';
import { defectsSection, labelFractionSection, propertySection, synthesisSection } from './report_sections_eval.js';
import type { Block, ReportInput, Section } from './report_types.js';
import { frameCells, type Cell } from './table_format.js';
import { retrievalFrame, retrievalMatrix } from './tables.js';

function configSection(input: ReportInput): Section {
  if (!input.config) return omittedSection('config', 'Configuration', 'no configuration was given');
  return { id: 'config', title: 'Configuration', blocks: [{ kind: 'code', text: JSON.stringify(input.config, null, 2) }] };
}

function dataSection(input: ReportInput): Section {
  const blocks: Block[] = [];
  if (input.dataSummary) {
    blocks.push({ kind: 'table', columns: ['item', 'value'], rows: Object.entries(input.dataSummary).map(([k, v]) => [k, v]) });
  }
  if (input.xrdPatterns && input.xrdPatterns.length > 0) {
    blocks.push({ kind: 'chart', name: 'xrd_patterns', caption: 'Example powder XRD patterns (Cu Kα), 2θ in degrees.', spec: xrdPatternSpec(input.xrdPatterns) });
  }
  if (input.micrographs && input.micrographs.length > 0) {
    blocks.push({ kind: 'row', blocks: input.micrographs.map((m, i): Block => ({ kind: 'image', name: `micrograph_${i}_${slug(m.label)}.png`, caption: m.label, source: m.png })) });
  }
  if (blocks.length === 0) return omittedSection('data', 'Data summary', 'no data summary, example patterns or micrographs were given');
  return { id: 'data', title: 'Data summary', blocks };
}

function trainingSection(input: ReportInput): Section {
  const epochs = input.training;
  if (!epochs || epochs.length === 0) return omittedSection('training', 'Training curves', 'no training curve (metrics.jsonl) was given');
  const last = epochs[epochs.length - 1]!;
  const best = epochs.reduce((a, b) => (b['val_R@1'] > a['val_R@1'] ? b : a));
  const seconds = epochs.reduce((s, e) => s + (e.seconds ?? 0), 0);
  const rows: Cell[][] = [
    ['epochs', epochs.length], ['optimiser steps', last.step],
    ['final train loss (nats)', last.train_loss], ['final validation loss (nats)', last.val_loss],
    ['final validation R@1', last['val_R@1']], [`best validation R@1 (epoch ${best.epoch})`, best['val_R@1']],
    ['final temperature τ', last.temperature], ['training time (s)', seconds],
    ['mean throughput (samples/s)', epochs.reduce((s, e) => s + (e.samples_per_s ?? 0), 0) / epochs.length],
  ];
  return {
    id: 'training', title: 'Training curves',
    blocks: [
      { kind: 'chart', name: 'training_curves', caption: 'Symmetric InfoNCE loss (train and validation) and validation R@1 per epoch.', spec: trainingCurveSpec(epochs) },
      { kind: 'table', columns: ['quantity', 'value'], rows },
    ],
  };
}

function retrievalSection(input: ReportInput): Section {
  const m = input.retrieval;
  if (!m || m.results.length === 0) return omittedSection('retrieval', 'Cross-modal retrieval', 'no retrieval metrics were given');
  const table = frameCells(retrievalFrame(m));
  const matrix = frameCells(retrievalMatrix(m, 'R@10'));
  return {
    id: 'retrieval', title: 'Cross-modal retrieval',
    blocks: [
      { kind: 'text', text: `Gallery: ${m.gallery}. Recall@k is the fraction of queries whose match ranks in the top k; chance R@10 = 10 / gallery size.` },
      { kind: 'table', caption: 'Retrieval per ordered modality pair', ...table },
      { kind: 'row', blocks: [
        { kind: 'chart', name: 'retrieval_heatmap', caption: 'R@10 for every query → target modality pair.', spec: retrievalHeatmapSpec(m) },
        { kind: 'table', caption: 'R@10, query modality (rows) × target modality (columns)', ...matrix },
      ] },
      { kind: 'chart', name: 'retrieval_bars', caption: 'R@1, R@5 and R@10 per pair, with chance R@10.', spec: retrievalBarSpec(m) },
    ],
  };
}

function embeddingSection(input: ReportInput): Section {
  const e = input.embedding;
  if (!e || e.points.length === 0) return omittedSection('embedding', 'Embedding map', 'no embedding map points were given');
  const blocks: Block[] = [{ kind: 'text', text: `${e.points.length} embeddings reduced to two dimensions by ${e.method}.` }];
  const common = { method: e.method, ...(e.propertyName ? { propertyName: e.propertyName } : {}), ...(e.propertyUnit ? { propertyUnit: e.propertyUnit } : {}) };
  const maps: Block[] = [];
  if (e.points.some((p) => Number.isFinite(p.property))) {
    maps.push({ kind: 'chart', name: 'embedding_by_property', caption: `Embedding map coloured by ${e.propertyName ?? 'property'}.`, spec: embeddingMapSpec(e.points, { colorBy: 'property', ...common }) });
  }
  if (e.points.some((p) => typeof p.crystal_system === 'string')) {
    maps.push({ kind: 'chart', name: 'embedding_by_crystal_system', caption: 'Embedding map coloured by crystal system.', spec: embeddingMapSpec(e.points, { colorBy: 'crystal_system', ...common }) });
  }
  if (maps.length === 0) blocks.push({ kind: 'note', text: 'Omitted: the points carry neither a property nor a crystal system to colour by.' });
  else blocks.push({ kind: 'row', blocks: maps });
  return { id: 'embedding', title: 'Embedding map', blocks };
}

/** All sections, in report order. */
export function buildSections(input: ReportInput): Section[] {
  return [
    configSection(input), dataSection(input), trainingSection(input), retrievalSection(input), embeddingSection(input),
    propertySection(input), labelFractionSection(input), synthesisSection(input), defectsSection(input),
  ];
}
