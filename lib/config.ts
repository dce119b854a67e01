// Every configuration type of alignment training, its defaults and the presets, in one place.
// Configs are plain JSON: a run directory stores the resolved one, and a user's JSON file
// overrides a preset key by key (unknown keys are rejected with their path).
import { InputError } from './errors.js';

export const MODALITIES = ['structure', 'composition', 'text', 'xrd', 'micrograph'] as const;
export type Modality = (typeof MODALITIES)[number];

export function isModality(name: string): name is Modality {
  return (MODALITIES as readonly string[]).includes(name);
}

export interface GraphEncoderConfig {
  /** 'gcn3d': H' = ReLU(Ã H W + H W_s), Ã from Gaussian-expanded distances; 'cgcnn': gated edge convolutions. */
  readonly kind: 'gcn3d' | 'cgcnn';
  readonly hidden: number;
  readonly layers: number;
  /** Gaussian basis of neighbour distances: G centres from 0 to the cutoff. */
  readonly gaussians: number;
}

export interface CompositionEncoderConfig {
  readonly hidden: number;
}

export interface TextEncoderConfig {
  /** d_model. */
  readonly hidden: number;
  readonly layers: number;
  readonly heads: number;
  /** Feed-forward width. */
  readonly ff: number;
  /** L: token limit per description, [CLS] and [SEP] included. */
  readonly maxLength: number;
  /** WordPiece vocabulary trained on the run's training descriptions. */
  readonly vocabSize: number;
}

export interface CnnEncoderConfig {
  /** Channels of successive stride-2 convolutions. */
  readonly channels: readonly number[];
  readonly kernel: number;
}

export interface ModelConfig {
  /** D: the shared space. */
  readonly dim: number;
  readonly modalities: readonly Modality[];
  readonly structure: GraphEncoderConfig;
  readonly composition: CompositionEncoderConfig;
  readonly text: TextEncoderConfig;
  readonly xrd: CnnEncoderConfig;
  readonly micrograph: CnnEncoderConfig;
}

export interface XrdAugmentConfig {
  /** Relative lattice scale drawn uniformly in ±this (DFT lattices are ~1 % large). */
  readonly latticeScale: number;
  /** Peak FWHM drawn uniformly in this range, ° 2θ. */
  readonly fwhm: readonly [number, number];
  /** σ of Gaussian noise relative to the highest peak. */
  readonly noise: number;
  /** Largest smooth background relative to the highest peak. */
  readonly background: number;
}

export interface DataConfig {
  /** Neighbour cutoff, Å, and neighbours per atom. */
  readonly cutoff: number;
  readonly maxNeighbors: number;
  /** Crystals with more atoms than this are reported and left out (padding cost is B·N). */
  readonly maxAtoms: number;
  /** At most this many structures are used (0: all), taken in file order. */
  readonly maxStructures: number;
  /** Materials known only from recipes (composition + text, no structure); 0: none. */
  readonly maxRecipeOnly: number;
  /** XRD profile: P points over 2θ 10–80°. */
  readonly xrdPoints: number;
  readonly xrdAugment: XrdAugmentConfig;
  /** Micrograph side S, px, and pixel size, Å. */
  readonly micrographSize: number;
  readonly micrographPixel: number;
  /** Distinct simulated micrographs cached per structure (random field, rotation, noise); training draws one. */
  readonly micrographVariants: number;
  /** Description variant the text tower reads: formula-masked (no target formula or its element symbols) or full. */
  readonly textVariant: 'masked' | 'full';
  /** Fractions of composition keys held out for validation and test. */
  readonly valFraction: number;
  readonly testFraction: number;
}

export interface LossConfig {
  /** Modality pairs whose symmetric InfoNCE terms are summed. */
  readonly pairs: readonly (readonly [Modality, Modality])[];
  /** Initial temperature τ; the logit scale 1/τ is learned (clamped ≤ maxLogitScale) unless fixed. */
  readonly temperature: number;
  readonly learnTemperature: boolean;
  readonly maxLogitScale: number;
  /** Off-diagonal pairs with the same composition key are not pushed apart. */
  readonly maskFalseNegatives: boolean;
}

export interface TrainConfig {
  readonly epochs: number;
  /** Effective contrastive batch B (in-batch negatives). */
  readonly batchSize: number;
  /** Samples per forward/backward chunk; < batchSize switches on gradient caching (same loss, bounded memory). */
  readonly microBatch: number;
  readonly lr: number;
  readonly weightDecay: number;
  /** Warm-up as a fraction of all steps, then cosine decay to lr × minLrRatio. */
  readonly warmup: number;
  readonly minLrRatio: number;
  /** Global gradient-norm clip. */
  readonly clipNorm: number;
  /** Stop after this many epochs without a better validation loss (0: never). */
  readonly patience: number;
  /** Also checkpoint every this many steps inside an epoch (0: at epoch ends only). */
  readonly checkpointEvery: number;
  /** Validation materials scored per epoch (retrieval R@1 and loss). */
  readonly valSamples: number;
}

export interface AlignConfig {
  readonly seed: number;
  readonly data: DataConfig;
  readonly model: ModelConfig;
  readonly loss: LossConfig;
  readonly train: TrainConfig;
}

export const PRESET_NAMES = ['tiny', 'small', 'full'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const ALL_PAIRS: readonly (readonly [Modality, Modality])[] = [
  ['structure', 'xrd'], ['structure', 'micrograph'], ['structure', 'text'], ['structure', 'composition'],
  ['composition', 'text'], ['xrd', 'micrograph'],
];

const FULL: AlignConfig = {
  seed: 0,
  data: {
    cutoff: 6, maxNeighbors: 12, maxAtoms: 24, maxStructures: 0, maxRecipeOnly: 3000,
    xrdPoints: 1024, xrdAugment: { latticeScale: 0.008, fwhm: [0.1, 0.3], noise: 0.02, background: 0.1 },
    micrographSize: 48, micrographPixel: 0.35, micrographVariants: 2, textVariant: 'masked',
    valFraction: 0.1, testFraction: 0.1,
  },
  model: {
    dim: 128,
    modalities: [...['structure', 'composition', 'text', 'xrd', 'micrograph'] as Modality[]],
    structure: { kind: 'gcn3d', hidden: 96, layers: 3, gaussians: 24 },
    composition: { hidden: 96 },
    text: { hidden: 96, layers: 2, heads: 4, ff: 192, maxLength: 96, vocabSize: 3000 },
    xrd: { channels: [16, 32, 48, 64, 64], kernel: 7 },
    micrograph: { channels: [16, 32, 64, 96], kernel: 3 },
  },
  loss: { pairs: ALL_PAIRS, temperature: 0.07, learnTemperature: true, maxLogitScale: 100, maskFalseNegatives: true },
  train: {
    epochs: 14, batchSize: 128, microBatch: 128, lr: 2e-3, weightDecay: 0.01, warmup: 0.05, minLrRatio: 0.02,
    clipNorm: 5, patience: 4, checkpointEvery: 50, valSamples: 512,
  },
};

const SMALL: AlignConfig = {
  ...FULL,
  data: { ...FULL.data, maxStructures: 2000, maxRecipeOnly: 1000, xrdPoints: 512, micrographSize: 32, micrographPixel: 0.4, micrographVariants: 2 },
  model: {
    ...FULL.model, dim: 64,
    structure: { ...FULL.model.structure, hidden: 64, layers: 2 },
    composition: { hidden: 64 },
    text: { hidden: 64, layers: 1, heads: 4, ff: 128, maxLength: 64, vocabSize: 2000 },
    xrd: { channels: [16, 32, 48, 64], kernel: 7 },
    micrograph: { channels: [16, 32, 48], kernel: 3 },
  },
  train: { ...FULL.train, epochs: 8, batchSize: 96, microBatch: 96, patience: 0, checkpointEvery: 50, valSamples: 256 },
};

const TINY: AlignConfig = {
  ...SMALL,
  data: { ...SMALL.data, maxStructures: 96, maxRecipeOnly: 16, xrdPoints: 256, micrographSize: 24, micrographVariants: 1 },
  model: {
    ...SMALL.model, dim: 16,
    structure: { ...SMALL.model.structure, hidden: 16, gaussians: 12 },
    composition: { hidden: 16 },
    text: { hidden: 16, layers: 1, heads: 2, ff: 32, maxLength: 32, vocabSize: 400 },
    xrd: { channels: [8, 16], kernel: 5 },
    micrograph: { channels: [8, 16], kernel: 3 },
  },
  train: { ...SMALL.train, epochs: 3, batchSize: 24, microBatch: 24, lr: 3e-3, checkpointEvery: 0, valSamples: 32 },
};

export const PRESETS: Readonly<Record<PresetName, AlignConfig>> = { tiny: TINY, small: SMALL, full: FULL };

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/** `base` with `override` merged key by key; an override key absent from `base` is an error naming its path. */
export function mergeConfig<T>(base: T, override: unknown, path = 'config'): T {
  if (override === undefined) return base;
  if (Array.isArray(base) || base === null || typeof base !== 'object') {
    if (typeof override !== typeof base && !(Array.isArray(base) && Array.isArray(override))) {
      throw new InputError(`${path}: expected ${Array.isArray(base) ? 'an array' : typeof base}, got ${JSON.stringify(override)}`);
    }
    return override as T;
  }
  if (override === null || typeof override !== 'object' || Array.isArray(override)) {
    throw new InputError(`${path}: expected an object, got ${JSON.stringify(override)}`);
  }
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(override as Record<string, unknown>)) {
    if (!(k in out)) throw new InputError(`${path}.${k}: unknown key (known: ${Object.keys(out).join(', ')})`);
    out[k] = mergeConfig(out[k], v, `${path}.${k}`);
  }
  return out as T;
}

/** A preset with overrides, checked for sense. */
export function resolveConfig(preset: PresetName, override?: unknown, seed?: number): AlignConfig {
  let config = mergeConfig(PRESETS[preset], override);
  if (seed !== undefined) config = { ...config, seed };
  validateConfig(config);
  return config;
}

export function validateConfig(c: AlignConfig): void {
  const fail = (path: string, why: string) => { throw new InputError(`config.${path}: ${why}`); };
  for (const m of c.model.modalities) if (!isModality(m)) fail('model.modalities', `unknown modality '${m}' (known: ${MODALITIES.join(', ')})`);
  for (const [a, b] of c.loss.pairs) {
    if (!isModality(a) || !isModality(b) || a === b) fail('loss.pairs', `bad pair [${a}, ${b}]`);
  }
  const posInt: [string, number][] = [
    ['model.dim', c.model.dim], ['train.epochs', c.train.epochs], ['train.batchSize', c.train.batchSize],
    ['train.microBatch', c.train.microBatch], ['data.maxAtoms', c.data.maxAtoms], ['data.maxNeighbors', c.data.maxNeighbors],
    ['data.xrdPoints', c.data.xrdPoints], ['data.micrographSize', c.data.micrographSize], ['model.text.maxLength', c.model.text.maxLength],
  ];
  for (const [p, v] of posInt) if (!(Number.isInteger(v) && v >= 1)) fail(p, `must be a positive integer, got ${v}`);
  if (c.train.batchSize < 2) fail('train.batchSize', 'needs at least 2 samples for in-batch negatives');
  if (c.model.text.hidden % c.model.text.heads !== 0) fail('model.text.heads', `must divide hidden ${c.model.text.hidden}`);
  if (!(c.loss.temperature > 0)) fail('loss.temperature', 'must be positive');
  if (!(c.data.valFraction >= 0 && c.data.testFraction >= 0 && c.data.valFraction + c.data.testFraction < 1)) fail('data', 'val + test fractions must be in [0, 1)');
  if (c.data.micrographSize < 2 ** c.model.micrograph.channels.length) fail('data.micrographSize', 'too small for the image tower');
}

/** The modalities a config trains: those of the model that appear in a loss pair. */
export function activeModalities(c: AlignConfig): Modality[] {
  const inPairs = new Set(c.loss.pairs.flat());
  return c.model.modalities.filter((m) => inPairs.has(m));
}
