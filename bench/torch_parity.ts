// Training speed of each tower and of the whole contrastive step, TF.js against a PyTorch
// twin (bench/torch_twins.py) on the same batch, the same initial weights and AdamW, run
// back to back in one invocation so machine load affects both alike. One JSON line per
// (preset, task): samples/s of each side, their ratio (torch / tfjs) and both first-step
// losses (equal when the twin computes the same math). TF.js is timed on this thread and,
// with --workers N ≥ 2 (default: one per core), data-parallel on N worker threads; the ratio
// uses TF.js's faster form, as PyTorch's uses its faster thread count.
// usage: npx tsx bench/torch_parity.ts [--presets small,full] [--tasks structure-gcn3d,...,step]
//        [--steps 3] [--backend wasm] [--workers N] [--python /usr/bin/python3] [--torch-device cpu|cuda] [--tfjs-only] [--structures F.csv.gz]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { activeModalities, AlignConfig, Modality, PresetName, resolveConfig } from '../lib/config.js';
import { ELEMENT_FEATURE_DIM } from '../lib/data/paired/features.js';
import { NODE_FEATURE_DIM } from '../lib/data/structure/graph.js';
import { loadStructureTable } from '../lib/data/structure/structure_table.js';
import { initEngine, parseBackendRequest, tf } from '../lib/env.js';
import { AlignmentModel, ModalityBatches } from '../lib/models/clip_model.js';
import { DataParallelStepper, defaultWorkerCount } from '../lib/train/data_parallel.js';
import { AdamW, clipByGlobalNormAsync } from '../lib/train/optimizer.js';
import { lossAndGradientsAsync } from '../lib/train/step.js';
import { emit } from './machine.js';
import { buildParityBatch, ParityBatch, splitParityBatch, writeParams, writeParityBatch } from './parity_batches.js';

const ALL_TASKS = ['structure-gcn3d', 'structure-cgcnn', 'composition', 'text', 'xrd', 'micrograph', 'step'];
const { values } = parseArgs({
  options: {
    presets: { type: 'string' }, tasks: { type: 'string' }, steps: { type: 'string' }, backend: { type: 'string' },
    python: { type: 'string' }, 'tfjs-only': { type: 'boolean' }, structures: { type: 'string' }, 'torch-device': { type: 'string' },
    workers: { type: 'string' },
  },
});
const presets = (values.presets ?? 'small,full').split(',') as PresetName[];
const tasks = (values.tasks ?? ALL_TASKS.join(',')).split(',');
const STEPS = Number(values.steps ?? 3);
const python = values.python ?? '/usr/bin/python3';
const engine = await initEngine(parseBackendRequest(values.backend ?? 'wasm'));
const WORKERS = values.workers !== undefined ? Number(values.workers) : defaultWorkerCount(engine.backend);

/** The PyTorch side: a long-lived child answering one JSON line per command, or null with the reason. */
async function startTwin(): Promise<{ ask: (cmd: object) => Promise<Record<string, unknown>>; close: () => void } | string> {
  if (values['tfjs-only']) return 'disabled by --tfjs-only';
  const child = spawn(python, [join(import.meta.dirname, 'torch_twins.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const r = await lines.next();
    return r.done ? { available: false, why: 'python exited' } : (JSON.parse(r.value) as Record<string, unknown>);
  };
  const failed = new Promise<Record<string, unknown>>((resolve) => child.on('error', (e) => resolve({ available: false, why: e.message })));
  const hello = await Promise.race([next(), failed]);
  if (!hello.available) { child.kill(); return String(hello.why); }
  return {
    ask: async (cmd) => { child.stdin.write(JSON.stringify(cmd) + '\n'); return next(); },
    close: () => child.stdin.end(),
  };
}

function modelFor(config: AlignConfig, modalities: Modality[]): AlignmentModel {
  const model = new AlignmentModel(config.model, { cutoff: config.data.cutoff, vocabSize: config.model.text.vocabSize, nodeFeatures: NODE_FEATURE_DIM, elementFeatures: ELEMENT_FEATURE_DIM, xrdPoints: config.data.xrdPoints }, config.seed, config.loss.temperature);
  model.initialize(modalities);
  return model;
}

/** One training step of `task` on TF.js: a tower pulled to fixed targets, or the whole contrastive step. */
async function singleStep(task: string, model: AlignmentModel, config: AlignConfig, p: ParityBatch, modalities: Modality[], optimizer: AdamW): Promise<number> {
  const vars = model.params.entries();
  const B = config.train.batchSize;
  if (task === 'step') {
    const rows = new Map(modalities.map((m) => [m, Int32Array.from({ length: B }, (_, i) => i)] as const));
    const result = await lossAndGradientsAsync(model, config, { chunks: [{ batches: p.batches, rows }], sizes: [B], groups: p.groups });
    await clipByGlobalNormAsync(result.grads, config.train.clipNorm);
    optimizer.apply(vars, result.grads, config.train.lr);
    tf.dispose([...result.grads.values()]);
    return result.loss;
  }
  const m = modalities[0]!;
  const trainable = model.towerVariables(m);
  const { value, grads } = tf.variableGrads(() => tf.tidy(() => {
    const z = model.embed(m, p.batches[m] as ModalityBatches[typeof m]);
    return tf.sub(1, tf.mean(tf.sum(tf.mul(z, tf.tensor2d(p.targets, [B, config.model.dim])), 1))) as tf.Scalar;
  }), trainable);
  const named = new Map(Object.entries(grads).map(([k, g]) => [model.params.nameOf(k), g]));
  optimizer.apply(vars, named, config.train.lr);
  tf.dispose(Object.values(grads));
  const loss = (await value.data())[0]!;
  value.dispose();
  return loss;
}

/** The same step data-parallel: the parts on worker threads, loss and optimizer here. */
async function parallelStep(stepper: DataParallelStepper, task: string, model: AlignmentModel, config: AlignConfig, p: ParityBatch, optimizer: AdamW): Promise<number> {
  const { parts, sizes } = splitParityBatch(p, stepper.workers);
  const vars = model.params.entries();
  const D = config.model.dim;
  let result;
  if (task === 'step') result = await stepper.lossAndGradients(model, config, parts, sizes, p.groups);
  else {
    const m = task.split('-')[0] as Modality;
    for (const part of parts) for (const k of [...part.rows.keys()]) if (k !== m) part.rows.delete(k);
    const targets = tf.tensor2d(p.targets, [p.targets.length / D, D]);
    result = await stepper.step(model, parts, (emb) => ({ total: tf.sub(1, tf.mean(tf.sum(tf.mul(emb.get(m)!, targets), 1))) as tf.Scalar, perPair: new Map() }), false);
    targets.dispose();
  }
  if (task === 'step') await clipByGlobalNormAsync(result.grads, config.train.clipNorm);
  optimizer.apply(vars, result.grads, config.train.lr);
  tf.dispose([...result.grads.values()]);
  return result.loss;
}

async function timeTfjs(task: string, model: AlignmentModel, config: AlignConfig, p: ParityBatch, modalities: Modality[], stepper?: DataParallelStepper) {
  const optimizer = new AdamW({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: config.train.weightDecay });
  const tfjsStep = stepper ? (t: string, m: AlignmentModel, c: AlignConfig, b: ParityBatch, _: Modality[], o: AdamW) => parallelStep(stepper, t, m, c, b, o) : singleStep;
  const first = await tfjsStep(task, model, config, p, modalities, optimizer); // warm-up: kernel set-up, weight packing
  const t0 = performance.now();
  let last = first;
  for (let s = 0; s < STEPS; s++) last = await tfjsStep(task, model, config, p, modalities, optimizer);
  const seconds = (performance.now() - t0) / 1000 / STEPS;
  optimizer.dispose();
  return { seconds_per_step: seconds, samples_per_s: config.train.batchSize / seconds, first_loss: first, last_loss: last };
}

const twin = await startTwin();
const dir = mkdtempSync(join(tmpdir(), 'matalign-parity-'));
const { rows } = await loadStructureTable(values.structures ?? join(import.meta.dirname, '../../shared/data/mp20/train_partial.csv.gz'), { limit: 600 });
try {
  for (const preset of presets) {
    const base = resolveConfig(preset);
    const parity = buildParityBatch(base, rows);
    writeParityBatch(dir, `batch_${preset}`, parity);
    for (const task of tasks) {
      const kind = task === 'structure-cgcnn' ? 'cgcnn' : 'gcn3d';
      const config: AlignConfig = { ...base, model: { ...base.model, structure: { ...base.model.structure, kind } } };
      const modalities = task === 'step' ? activeModalities(config) : [task.split('-')[0] as Modality];
      const model = modelFor(config, modalities);
      const initial = await model.params.serializeAsync();
      writeParams(dir, `params_${preset}_${task}`, initial);
      const tfjs = await timeTfjs(task, model, config, parity, modalities);
      let parallel = null;
      if (WORKERS >= 2 && (engine.backend === 'wasm' || engine.backend === 'cpu')) {
        model.params.load(initial);
        const stepper = await DataParallelStepper.start(model, WORKERS, engine.backend, modalities, Math.ceil(base.train.batchSize / WORKERS), config.loss.temperature);
        try { parallel = { workers: WORKERS, ...(await timeTfjs(task, model, config, parity, modalities, stepper)) }; } finally { await stepper.close(); }
      }
      model.dispose();
      const best = parallel && parallel.samples_per_s > tfjs.samples_per_s ? parallel : tfjs;
      const torch = typeof twin === 'string'
        ? { available: false, why: twin }
        : await twin.ask({ cmd: 'run', dir, batch: `batch_${preset}`, params: `params_${preset}_${task}`, task: task === 'step' ? 'step' : modalities[0], modalities, config, steps: STEPS, warmup: 1, device: values['torch-device'] ?? 'cpu' });
      const ratio = torch.available ? (torch.samples_per_s as number) / best.samples_per_s : null;
      emit({
        bench: 'torch_parity', preset, task, batch: base.train.batchSize, steps: STEPS, backend: engine.backend, tfjs, tfjs_parallel: parallel, torch, torch_over_tfjs: ratio,
        first_loss_diff: torch.available ? Math.abs((torch.first_loss as number) - tfjs.first_loss) : null,
      });
    }
  }
} finally {
  if (typeof twin !== 'string') twin.close();
  rmSync(dir, { recursive: true, force: true });
}
