// What every modality's tower reads for one material, computed once per run (everything
// here is deterministic): the crystal graph, the XRD peak list (profiles are drawn from it
// with augmentation per step), a few simulated micrographs, composition arrays and the
// rendered synthesis descriptions.
import type { DataConfig } from '../../config.js';
import { elementBySymbol, elementFeatures, ELEMENT_FEATURE_NAMES } from '../chemistry/elements.js';
import { simulateMicrograph } from '../characterization/micrograph.js';
import { simulateXrd } from '../characterization/xrd.js';
import { buildCrystalGraph, CrystalGraph } from '../structure/graph.js';
import { renderRecipe } from '../synthesis/recipe_text.js';
import { hashSeed } from '../../rng.js';
import type { PairedMaterial } from './materials.js';

/** Peaks of the simulated pattern: 2θ in °, intensity 0–100 (Cu Kα). */
export interface PeakList {
  readonly twoTheta: Float64Array;
  readonly intensity: Float64Array;
}

export interface CompositionArrays {
  /** [M] atomic numbers. */
  readonly elements: Int32Array;
  /** [M] atom fractions, sum 1. */
  readonly fractions: Float32Array;
  /** [M·F] element features. */
  readonly features: Float32Array;
}

export interface MaterialFeatures {
  readonly graph: CrystalGraph | null;
  readonly peaks: PeakList | null;
  /** [S·S] float32 images in [0, 1]; empty where the structure could not be imaged. */
  readonly micrographs: readonly Float32Array[];
  readonly composition: CompositionArrays;
  /** One description per linked recipe (formula-masked or full, per config). */
  readonly texts: readonly string[];
}

export const ELEMENT_FEATURE_DIM = ELEMENT_FEATURE_NAMES.length;

/** Peak range simulated: the profile range widened for lattice-scale shifts and peak tails, ° 2θ. */
export const PEAK_RANGE: readonly [number, number] = [5, 90];

export function compositionArrays(composition: ReadonlyMap<string, number>): CompositionArrays {
  const entries = [...composition].filter(([, n]) => n > 0).map(([s, n]) => [elementBySymbol(s), n] as const).sort((a, b) => a[0].Z - b[0].Z);
  const total = entries.reduce((a, [, n]) => a + n, 0);
  const features = new Float32Array(entries.length * ELEMENT_FEATURE_DIM);
  entries.forEach(([e], i) => features.set(elementFeatures(e), i * ELEMENT_FEATURE_DIM));
  return {
    elements: Int32Array.from(entries, ([e]) => e.Z),
    fractions: Float32Array.from(entries, ([, n]) => n / total),
    features,
  };
}

/** Seed of micrograph variant v of a material: fixed per (run seed, id, v). */
export function micrographSeed(seed: number, id: string, variant: number): number {
  return hashSeed(seed, `micrograph:${id}:${variant}`);
}

export interface FeatureOptions {
  readonly seed: number;
  readonly needs: ReadonlySet<string>;
  /** Micrograph variants to simulate (training draws among them; evaluation uses variant 0). */
  readonly micrographVariants?: number;
}

/** The features of one material; a modality that cannot be computed is left empty (null / []). */
export function materialFeatures(m: PairedMaterial, data: DataConfig, options: FeatureOptions): MaterialFeatures {
  const s = m.structure;
  const { needs } = options;
  let graph: CrystalGraph | null = null;
  let peaks: PeakList | null = null;
  const micrographs: Float32Array[] = [];
  if (s && needs.has('structure')) {
    try { graph = buildCrystalGraph(s, { cutoff: data.cutoff, maxNeighbors: data.maxNeighbors }); } catch { graph = null; }
  }
  if (s && needs.has('xrd')) {
    try {
      const pattern = simulateXrd(s, { twoThetaRange: [PEAK_RANGE[0], PEAK_RANGE[1]] });
      peaks = { twoTheta: Float64Array.from(pattern.peaks, (p) => p.twoTheta), intensity: Float64Array.from(pattern.peaks, (p) => p.intensity) };
    } catch { peaks = null; }
  }
  if (s && needs.has('micrograph')) {
    const variants = options.micrographVariants ?? data.micrographVariants;
    for (let v = 0; v < variants; v++) {
      try {
        micrographs.push(simulateMicrograph(s, 'pristine', micrographSeed(options.seed, m.id, v), { size: data.micrographSize, pixelSize: data.micrographPixel }).image);
      } catch { break; }
    }
  }
  const texts = needs.has('text')
    ? m.recipes.map((r) => renderRecipe(r, { seed: options.seed, includeTarget: data.textVariant === 'full' }))
    : [];
  return { graph, peaks, micrographs, composition: compositionArrays(m.composition), texts };
}
