// Contrastive training of the aligned towers: epochs of shuffled batches (augmented per
// step), AdamW with warm-up + cosine schedule and gradient clipping, a progress line,
// validation loss and R@1 per epoch, early stopping, atomic checkpoints and exact resume
// (the batch order and augmentation of every step derive from the seed, epoch and step).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { activeModalities, AlignConfig, Modality } from '../config.js';
import { ELEMENT_FEATURE_DIM } from '../data/paired/features.js';
import { SplitName, splitIndices } from '../data/paired/split.js';
import { NODE_FEATURE_DIM } from '../data/structure/graph.js';
import { SynthesisTokenizer } from '../data/synthesis/tokenizer.js';
import { describeEngine, EngineInfo, Rng, tf } from '../env.js';
import { InputError } from '../errors.js';
import { ModalityEmbeddings, retrievalTable } from '../eval/retrieval.js';
import { AlignmentModel } from '../models/clip_model.js';
import { BatchContext, buildBatch, MaterialBatch } from './batches.js';
import { loadCheckpoint, saveCheckpoint, TrainingState } from './checkpoint.js';
import { DataParallelStepper, defaultWorkerCount, splitParts } from './data_parallel.js';
import { embedMaterialsAsync } from './embedding.js';
import { multiPairLoss } from './loss.js';
import { AdamW, clipByGlobalNormAsync, scheduledLr } from './optimizer.js';
import { PreparedData, prepareData } from './prepare.js';
import { Progress } from './progress.js';
import { appendMetrics, dataFileRecords, gitCommit, readManifest, RunManifest, writeManifest, writeRunSplit } from './run_dir.js';
import { clampLogitScale, lossAndGradientsAsync, pairRowsOf, StepResult } from './step.js';

export interface TrainOptions {
  readonly preset: string;
  readonly config: AlignConfig;
  readonly structureFiles: readonly string[];
  readonly synthesisFiles: readonly string[];
  readonly outDir: string;
  readonly resume: boolean;
  readonly engine: EngineInfo;
  /** Worker threads for data-parallel steps (0: steps on this thread); default defaultWorkerCount(backend). */
  readonly workers?: number;
  readonly log?: (line: string) => void;
}

export interface EpochMetrics {
  readonly epoch: number;
  readonly step: number;
  readonly train_loss: number;
  readonly val_loss: number;
  readonly temperature: number;
  readonly 'val_R@1': number;
  readonly lr: number;
  readonly seconds: number;
  readonly samples_per_s: number;
  readonly [key: string]: number;
}

export interface TrainSummary {
  readonly outDir: string;
  readonly epochs: readonly EpochMetrics[];
  readonly stoppedEarly: boolean;
  readonly bestEpoch: number | null;
  readonly seconds: number;
}

const INITIAL_STATE: TrainingState = { step: 0, epoch: 0, stepInEpoch: 0, bestValLoss: null, bestEpoch: null, epochsWithoutImprovement: 0, done: false };

async function setUpRun(o: TrainOptions, data: PreparedData, split: Record<SplitName, number[]>): Promise<{ config: AlignConfig; tokenizer: SynthesisTokenizer | null; manifest: RunManifest }> {
  const config = o.config;
  const log = o.log ?? (() => {});
  let tokenizer: SynthesisTokenizer | null = null;
  if (data.modalities.includes('text')) {
    if (o.resume) tokenizer = await SynthesisTokenizer.load(join(o.outDir, 'tokenizer'));
    else {
      const texts = split.train.flatMap((i) => data.features[i]!.texts);
      if (texts.length === 0) log('no synthesis descriptions among the training materials: the text tower is not trained');
      else {
        tokenizer = SynthesisTokenizer.train(texts, { vocabSize: config.model.text.vocabSize });
        await tokenizer.save(join(o.outDir, 'tokenizer'));
      }
    }
  }
  const manifest: RunManifest = {
    format: 'matalign-run-1', preset: o.preset, config, seed: config.seed, backend: o.engine.backend, gitCommit: gitCommit(),
    createdAt: new Date().toISOString(),
    data: { structures: await dataFileRecords(o.structureFiles), synthesis: await dataFileRecords(o.synthesisFiles) },
    vocabSize: tokenizer?.vocabSize ?? 0,
    split: { train: split.train.length, val: split.val.length, test: split.test.length, rule: 'hash(seed, composition key): test < testFraction ≤ val < test + valFraction' },
  };
  if (!o.resume) {
    await writeManifest(o.outDir, manifest);
    const ids = (idx: number[]) => idx.map((i) => data.set.materials[i]!.id);
    await writeRunSplit(o.outDir, { seed: config.seed, train: ids(split.train), val: ids(split.val), test: ids(split.test) });
  }
  return { config, tokenizer, manifest };
}

/** Mean loss over validation chunks of the training batch size, from fixed embeddings. */
async function validationLoss(embeddings: Map<Modality, ModalityEmbeddings>, count: number, groups: Int32Array, config: AlignConfig, scale: number): Promise<number> {
  const B = config.train.batchSize;
  let total = 0, chunks = 0;
  for (let start = 0; start + 2 <= count; start += B) {
    const end = Math.min(count, start + B);
    const rows = new Map<Modality, Int32Array>();
    const tensors = new Map<string, tf.Tensor2D>();
    for (const [m, e] of embeddings) {
      const sel: number[] = [];
      e.materials.forEach((mat, r) => { if (mat >= start && mat < end) sel.push(r); });
      if (sel.length === 0) continue;
      rows.set(m, Int32Array.from(sel, (r) => e.materials[r]! - start));
      const vals = new Float32Array(sel.length * e.dim);
      sel.forEach((r, i) => vals.set(e.values.subarray(r * e.dim, (r + 1) * e.dim), i * e.dim));
      tensors.set(m, tf.tensor2d(vals, [sel.length, e.dim]));
    }
    const pairs = pairRowsOf(rows, config.loss.pairs, groups.slice(start, end));
    const lossTensor = tf.tidy(() => multiPairLoss(tensors, pairs, scale, config.loss.maskFalseNegatives).total);
    const loss = (await lossTensor.data())[0]!;
    tf.dispose([lossTensor, ...tensors.values()]);
    if (pairs.some((p) => p.rowsA.length >= 2)) { total += loss; chunks++; }
  }
  return chunks ? total / chunks : NaN;
}

/** Config keys a resumed run may change: the length of its schedule and its bookkeeping. */
const RESUMABLE_CHANGES = ['train.epochs', 'train.patience', 'train.checkpointEvery', 'train.valSamples'];

/** Dotted paths of the leaves where two configs differ. */
function changedKeys(a: unknown, b: unknown, path = ''): string[] {
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => changedKeys((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}

/** Drops metric lines of epochs after `completed` (written before a crash, redone on resume). */
async function truncateMetrics(dir: string, completed: number): Promise<void> {
  let text: string;
  try { text = await readFile(join(dir, 'metrics.jsonl'), 'utf8'); } catch { return; }
  const kept = text.split('\n').filter((l) => l.trim() && (JSON.parse(l) as { epoch: number }).epoch <= completed);
  await writeFile(join(dir, 'metrics.jsonl.tmp'), kept.map((l) => l + '\n').join(''));
  await rename(join(dir, 'metrics.jsonl.tmp'), join(dir, 'metrics.jsonl'));
}

export async function trainAlignment(o: TrainOptions): Promise<TrainSummary> {
  const log = o.log ?? (() => {});
  const t0 = performance.now();
  await mkdir(o.outDir, { recursive: true });
  if (o.resume) {
    const m = await readManifest(o.outDir);
    const changed = changedKeys(m.config, o.config);
    const bad = changed.filter((k) => !RESUMABLE_CHANGES.includes(k));
    if (bad.length) throw new InputError(`${o.outDir}: --resume cannot change ${bad.join(', ')} (only ${RESUMABLE_CHANGES.join(', ')}); start a new --out`);
    if (changed.length) {
      log(`resuming with ${changed.map((k) => `${k} = ${JSON.stringify(k.split('.').reduce((v: any, p) => v[p], o.config))}`).join(', ')}`);
      await writeManifest(o.outDir, { ...m, config: o.config });
    }
  }
  const config = o.config;
  log(describeEngine(o.engine));
  const data = await prepareData(config, o.structureFiles, o.synthesisFiles, o.log ? { log } : {});
  const split = splitIndices(data.set.materials.map((m) => m.key), config.seed, config.data.valFraction, config.data.testFraction);
  const trainIdx = split.train;
  if (trainIdx.length < 2) throw new InputError(`only ${trainIdx.length} training materials: give more structures`);
  const { tokenizer } = await setUpRun(o, data, split);
  const modalities = data.modalities.filter((m) => m !== 'text' || tokenizer);
  const ctx: BatchContext = { config, features: data.features, tokenizer };
  const model = new AlignmentModel(config.model, { cutoff: config.data.cutoff, vocabSize: Math.max(1, tokenizer?.vocabSize ?? 1), nodeFeatures: NODE_FEATURE_DIM, elementFeatures: ELEMENT_FEATURE_DIM, xrdPoints: config.data.xrdPoints }, config.seed, config.loss.temperature);
  model.initialize(modalities);
  const optimizer = new AdamW({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: config.train.weightDecay });
  let state = INITIAL_STATE;
  if (o.resume) {
    const ckpt = await loadCheckpoint(o.outDir, 'last');
    if (ckpt?.state) {
      model.params.load(ckpt.groups.get('params')!);
      optimizer.load({ step: ckpt.state.step, m: ckpt.groups.get('adam.m')!, v: ckpt.groups.get('adam.v')! });
      state = ckpt.state;
      log(`resuming at epoch ${state.epoch + 1}, step ${state.step}`);
      await truncateMetrics(o.outDir, state.epoch);
    } else log('no checkpoint to resume from: starting at the beginning');
  }
  log(`${trainIdx.length} training, ${split.val.length} validation, ${split.test.length} test materials; ${model.params.count()} parameters; modalities ${modalities.join(', ')}`);
  const B = config.train.batchSize;
  const stepsPerEpoch = Math.max(1, Math.floor(trainIdx.length / B) || 1);
  const totalSteps = stepsPerEpoch * config.train.epochs;
  const vars = model.params.entries();
  const valIdx = new Rng(config.seed).fork('val').shuffle([...split.val]).slice(0, config.train.valSamples);
  const epochs: EpochMetrics[] = [];
  const save = async (name: string, s: TrainingState, withOptimizer: boolean) => {
    const groups = new Map([['params', await model.params.serializeAsync()]]);
    if (withOptimizer) { const a = await optimizer.serializeAsync(); groups.set('adam.m', a.m); groups.set('adam.v', a.v); }
    await saveCheckpoint(o.outDir, name, { state: s, groups });
  };
  const stepper = await startStepper(o, model, modalities, log);
  try {
    return await trainEpochs();
  } finally {
    await stepper?.close();
    model.dispose();
    optimizer.dispose();
  }

  async function trainEpochs(): Promise<TrainSummary> {
    let stoppedEarly = false;
    // One step's inputs: parts for the workers, or micro-batch chunks on this thread.
    const stepInputs = (epoch: number, s: number, order: number[]) => {
      const idx = order.slice(s * B, Math.min(order.length, (s + 1) * B));
      const rng = new Rng(config.seed).fork(`batch:${epoch}:${s}`);
      const pieces = stepper ? splitParts(idx, stepper.workers) : splitEvery(idx, config.train.microBatch);
      const chunks: MaterialBatch[] = pieces.map((part) => buildBatch(ctx, part, modalities, rng));
      return { idx, chunks, sizes: pieces.map((p) => p.length), groups: Int32Array.from(idx, (i) => data.groups[i]!) };
    };
    for (let epoch = state.epoch; epoch < config.train.epochs && !state.done; epoch++) {
      const tEpoch = performance.now();
      const order = new Rng(config.seed).fork(`epoch:${epoch}`).shuffle([...trainIdx]);
      const progress = new Progress(`epoch ${epoch + 1}/${config.train.epochs}`, stepsPerEpoch, o.log !== undefined);
      let lossSum = 0, lossCount = 0, samples = 0, lr = 0;
      let next: ReturnType<typeof stepInputs> | null = null;
      for (let s = epoch === state.epoch ? state.stepInEpoch : 0; s < stepsPerEpoch; s++) {
        const { idx, chunks, sizes, groups } = next ?? stepInputs(epoch, s, order);
        next = null;
        let result: StepResult;
        if (stepper) {
          // The next batch is prepared here while the workers back-propagate this one.
          const whileBackward = () => { if (s + 1 < stepsPerEpoch) next = stepInputs(epoch, s + 1, order); };
          result = await stepper.lossAndGradients(model, config, chunks, sizes, groups, { whileBackward });
        } else result = await lossAndGradientsAsync(model, config, { chunks, sizes, groups });
        await clipByGlobalNormAsync(result.grads, config.train.clipNorm);
        lr = scheduledLr(state.step, totalSteps, config.train.lr, config.train.warmup, config.train.minLrRatio);
        optimizer.apply(vars, result.grads, lr);
        tf.dispose([...result.grads.values()]);
        const temperature = 1 / (await clampLogitScale(model, config));
        if (Number.isFinite(result.loss)) { lossSum += result.loss; lossCount++; }
        samples += idx.length;
        state = { ...state, step: state.step + 1, epoch, stepInEpoch: s + 1 };
        progress.update(s + 1, { loss: lossSum / Math.max(1, lossCount), τ: temperature, lr }, samples);
        if (config.train.checkpointEvery > 0 && state.step % config.train.checkpointEvery === 0 && s + 1 < stepsPerEpoch) await save('last', state, true);
      }
      const scale = await clampLogitScale(model, config);
      const valEmb = await embedMaterialsAsync(model, ctx, valIdx, modalities, B);
      const valLoss = await validationLoss(valEmb, valIdx.length, Int32Array.from(valIdx, (i) => data.groups[i]!), config, scale);
      const pairKeys = new Set(config.loss.pairs.flatMap(([a, b]) => [`${a}>${b}`, `${b}>${a}`]));
      const table = retrievalTable(valEmb, valIdx.length, config.seed).filter((r) => pairKeys.has(`${r.query}>${r.target}`));
      const valR1 = table.length ? table.reduce((a, r) => a + r['R@1'], 0) / table.length : NaN;
      const seconds = (performance.now() - tEpoch) / 1000;
      const metrics: EpochMetrics = {
        epoch: epoch + 1, step: state.step, train_loss: lossSum / Math.max(1, lossCount), val_loss: valLoss, temperature: 1 / scale,
        'val_R@1': valR1, lr, seconds, samples_per_s: samples / seconds,
        ...Object.fromEntries(table.map((r) => [`val_${r.query}_to_${r.target}_R@1`, r['R@1']])),
      };
      epochs.push(metrics);
      await appendMetrics(o.outDir, metrics);
      log(`epoch ${epoch + 1}: train loss ${metrics.train_loss.toFixed(3)}, val loss ${valLoss.toFixed(3)}, val R@1 ${valR1.toFixed(3)}, τ ${(1 / scale).toFixed(4)}, ${seconds.toFixed(1)} s`);
      const improved = state.bestValLoss === null || !(valLoss >= state.bestValLoss);
      state = {
        ...state, epoch: epoch + 1, stepInEpoch: 0,
        bestValLoss: improved && Number.isFinite(valLoss) ? valLoss : state.bestValLoss,
        bestEpoch: improved ? epoch + 1 : state.bestEpoch,
        epochsWithoutImprovement: improved ? 0 : state.epochsWithoutImprovement + 1,
      };
      if (improved) await save('best', state, false);
      if (config.train.patience > 0 && state.epochsWithoutImprovement >= config.train.patience) {
        stoppedEarly = true;
        state = { ...state, done: true };
        log(`early stop: no better validation loss for ${config.train.patience} epochs (best epoch ${state.bestEpoch})`);
      }
      if (epoch + 1 === config.train.epochs) state = { ...state, done: true };
      await save('last', state, true);
    }
    return { outDir: o.outDir, epochs, stoppedEarly, bestEpoch: state.bestEpoch, seconds: (performance.now() - t0) / 1000 };
  }
}

/** Consecutive pieces of at most `size` items. */
function splitEvery<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let c = 0; c < items.length; c += size) out.push(items.slice(c, c + size));
  return out;
}

/**
 * The data-parallel stepper when it applies: a wasm or cpu engine, ≥ 2 workers asked for
 * (or the default), and parts no larger than the micro-batch (memory stays bounded by it).
 */
async function startStepper(o: TrainOptions, model: AlignmentModel, modalities: Modality[], log: (line: string) => void): Promise<DataParallelStepper | null> {
  const backend = o.engine.backend;
  const workers = o.workers ?? defaultWorkerCount(backend);
  if (workers < 2 || (backend !== 'wasm' && backend !== 'cpu')) return null;
  const part = Math.ceil(o.config.train.batchSize / workers);
  if (part > o.config.train.microBatch) {
    log(`steps on one thread: parts of ${part} materials for ${workers} workers exceed train.microBatch ${o.config.train.microBatch}`);
    return null;
  }
  const stepper = await DataParallelStepper.start(model, workers, backend, modalities, part, o.config.loss.temperature);
  log(`data-parallel steps on ${workers} worker threads (${backend}), parts of ≤ ${part} materials`);
  return stepper;
}

export { activeModalities };
