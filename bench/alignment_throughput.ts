// Training throughput of the aligned model: samples/s of each tower alone (forward +
// backward + AdamW on that tower with an InfoNCE loss against fixed targets) and of the
// whole contrastive step, for the small and full presets, on each backend that starts,
// with data preparation (features) time and peak RSS. Real MP-20 rows and recipes.
// usage: npx tsx bench/alignment_throughput.ts [--presets small,full] [--backends wasm,cpu] [--steps 3]
import { parseArgs } from 'node:util';
import { activeModalities, Modality, PresetName, PRESETS } from '../lib/config.js';
import { ELEMENT_FEATURE_DIM } from '../lib/data/paired/features.js';
import { NODE_FEATURE_DIM } from '../lib/data/structure/graph.js';
import { SynthesisTokenizer } from '../lib/data/synthesis/tokenizer.js';
import { BackendRequest, initEngine, Rng, tf } from '../lib/env.js';
import { AlignmentModel, ModalityBatches } from '../lib/models/clip_model.js';
import { buildBatch } from '../lib/train/batches.js';
import { clipLoss } from '../lib/train/loss.js';
import { AdamW } from '../lib/train/optimizer.js';
import { prepareData } from '../lib/train/prepare.js';
import { lossAndGradients } from '../lib/train/step.js';
import { emit } from './machine.js';

const { values } = parseArgs({ options: { presets: { type: 'string' }, backends: { type: 'string' }, steps: { type: 'string' } } });
const presets = (values.presets ?? 'small,full').split(',') as PresetName[];
const backends = (values.backends ?? 'wasm,cpu').split(',') as BackendRequest[];
const STEPS = Number(values.steps ?? 3);
const STRUCTURES = ['../shared/data/mp20/train_partial.csv.gz'];
const RECIPES = ['../shared/data/synthesis/solid-state_2019-12-03.shared.jsonl.gz'];

function time(f: () => void, steps: number): number {
  f();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) f();
  return (performance.now() - t0) / 1000 / steps;
}

for (const preset of presets) {
  const base = PRESETS[preset];
  const B = base.train.batchSize;
  const config = { ...base, data: { ...base.data, maxStructures: 4 * B, maxRecipeOnly: B } };
  const t0 = performance.now();
  const data = await prepareData(config, STRUCTURES, RECIPES);
  const featureSeconds = (performance.now() - t0) / 1000;
  emit({ bench: 'alignment_features', preset, materials: data.features.length, seconds: featureSeconds, per_material_ms: (1000 * featureSeconds) / data.features.length });
  const texts = data.features.flatMap((f) => f.texts);
  const tokenizer = SynthesisTokenizer.train(texts, { vocabSize: config.model.text.vocabSize });
  const ctx = { config, features: data.features, tokenizer };
  const modalities = activeModalities(config);
  for (const backend of backends) {
    let info;
    try { info = await initEngine(backend); } catch (e) { emit({ bench: 'alignment_step', preset, backend, available: false, why: (e as Error).message.slice(0, 200) }); continue; }
    if (info.backend === 'cpu' && preset === 'full') { emit({ bench: 'alignment_step', preset, backend: 'cpu', skipped: 'the pure-JS cpu backend needs minutes per full step' }); continue; }
    const model = new AlignmentModel(config.model, { cutoff: config.data.cutoff, vocabSize: tokenizer.vocabSize, nodeFeatures: NODE_FEATURE_DIM, elementFeatures: ELEMENT_FEATURE_DIM, xrdPoints: config.data.xrdPoints }, 0);
    model.initialize(modalities);
    const optimizer = new AdamW();
    const vars = model.params.entries();
    const idx = Array.from({ length: B }, (_, i) => i);
    const batch = buildBatch(ctx, idx, modalities, new Rng(1));
    for (const m of modalities) {
      const input = batch.batches[m] as ModalityBatches[typeof m];
      const n = batch.rows.get(m)?.length ?? 0;
      if (n < 2) continue;
      const target = tf.tidy(() => { const t = tf.randomNormal([n, config.model.dim], 0, 1, 'float32', 3); return tf.div(t, tf.norm(t, 2, 1, true)) as tf.Tensor2D; });
      const towerVars = model.towerVariables(m);
      const seconds = time(() => {
        const { value, grads } = tf.variableGrads(() => clipLoss(model.embed(m as Modality, input), target, 14), towerVars);
        optimizer.apply(vars, new Map(Object.entries(grads).map(([k, g]) => [model.params.nameOf(k), g])), 1e-4);
        tf.dispose([value, ...Object.values(grads)]);
      }, STEPS);
      emit({ bench: 'alignment_tower_step', preset, backend: info.backend, tower: m, batch: n, seconds_per_step: seconds, samples_per_s: n / seconds, params: model.params.count(`${m}.`) });
      target.dispose();
    }
    const prepSeconds = time(() => { buildBatch(ctx, idx, modalities, new Rng(2)); }, STEPS);
    const groups = Int32Array.from(idx, (i) => data.groups[i]!);
    const seconds = time(() => {
      const r = lossAndGradients(model, config, { chunks: [batch], sizes: [B], groups });
      optimizer.apply(vars, r.grads, 1e-4);
      tf.dispose([...r.grads.values()]);
    }, STEPS);
    const trainMaterials = 0.8 * (9191 + config.data.maxRecipeOnly);
    emit({
      bench: 'alignment_step', preset, backend: info.backend, batch: B, seconds_per_step: seconds, samples_per_s: B / seconds,
      batch_preparation_s: prepSeconds, batch_preparation_share: prepSeconds / (prepSeconds + seconds),
      estimated_epoch_s: (trainMaterials / B) * seconds, params: model.params.count(), peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    });
    model.dispose();
    optimizer.dispose();
  }
}
