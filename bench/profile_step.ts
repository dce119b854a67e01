// Where one training step's time goes on a backend: tf.profile over one step of a tower (or
// the whole contrastive step) of a preset's shapes, kernel times summed by kernel name.
// One JSON line per task with the top kernels (ms per step, calls, share of kernel time).
// usage: npx tsx bench/profile_step.ts [--preset small] [--tasks micrograph,step] [--backend wasm] [--top 12]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { activeModalities, AlignConfig, Modality, PresetName, resolveConfig } from '../lib/config.js';
import { ELEMENT_FEATURE_DIM } from '../lib/data/paired/features.js';
import { NODE_FEATURE_DIM } from '../lib/data/structure/graph.js';
import { loadStructureTable } from '../lib/data/structure/structure_table.js';
import { initEngine, parseBackendRequest, tf } from '../lib/env.js';
import { AlignmentModel, ModalityBatches } from '../lib/models/clip_model.js';
import { lossAndGradientsAsync } from '../lib/train/step.js';
import { emit } from './machine.js';
import { buildParityBatch } from './parity_batches.js';

const { values } = parseArgs({ options: { preset: { type: 'string' }, tasks: { type: 'string' }, backend: { type: 'string' }, top: { type: 'string' }, structures: { type: 'string' } } });
const preset = (values.preset ?? 'small') as PresetName;
const tasks = (values.tasks ?? 'structure-gcn3d,structure-cgcnn,composition,text,xrd,micrograph,step').split(',');
const engine = await initEngine(parseBackendRequest(values.backend ?? 'wasm'));
const base = resolveConfig(preset);
const { rows } = await loadStructureTable(values.structures ?? join(import.meta.dirname, '../../shared/data/mp20/train_partial.csv.gz'), { limit: 600 });
const parity = buildParityBatch(base, rows);
const B = base.train.batchSize;

for (const task of tasks) {
  const config: AlignConfig = { ...base, model: { ...base.model, structure: { ...base.model.structure, kind: task === 'structure-cgcnn' ? 'cgcnn' : 'gcn3d' } } };
  const modalities = task === 'step' ? activeModalities(config) : [task.split('-')[0] as Modality];
  const model = new AlignmentModel(config.model, { cutoff: config.data.cutoff, vocabSize: config.model.text.vocabSize, nodeFeatures: NODE_FEATURE_DIM, elementFeatures: ELEMENT_FEATURE_DIM, xrdPoints: config.data.xrdPoints }, 0);
  model.initialize(modalities);
  const step = async () => {
    if (task === 'step') {
      const rowsOf = new Map(modalities.map((m) => [m, Int32Array.from({ length: B }, (_, i) => i)] as const));
      const r = await lossAndGradientsAsync(model, config, { chunks: [{ batches: parity.batches, rows: rowsOf }], sizes: [B], groups: parity.groups });
      tf.dispose([...r.grads.values()]);
      return;
    }
    const m = modalities[0]!;
    const { value, grads } = tf.variableGrads(() => tf.tidy(() => tf.sum(tf.mul(model.embed(m, parity.batches[m] as ModalityBatches[typeof m]), tf.tensor2d(parity.targets, [B, config.model.dim])))) as tf.Scalar);
    tf.dispose([value, ...Object.values(grads)]);
  };
  await step(); // warm-up
  const t0 = performance.now();
  const info = await tf.profile(step);
  const wall = performance.now() - t0;
  const byName = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += Number(k.kernelTimeMs) || 0;
    e.calls++;
    byName.set(k.name, e);
  }
  const kernelMs = [...byName.values()].reduce((a, e) => a + e.ms, 0);
  const top = [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(values.top ?? 12))
    .map(([name, e]) => ({ name, ms: Math.round(e.ms * 10) / 10, calls: e.calls, share: Math.round((e.ms / kernelMs) * 1000) / 1000 }));
  emit({ bench: 'profile_step', preset, task, backend: engine.backend, batch: B, wall_ms: Math.round(wall), kernel_ms: Math.round(kernelMs), kernels: info.kernels.length, top });
  model.dispose();
}
