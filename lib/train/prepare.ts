// Materials and their features for a run: loaded from the given files, featurised once
// (with progress), grouped by composition key.
import type { AlignConfig, Modality } from '../config.js';
import { activeModalities } from '../config.js';
import { materialFeatures, MaterialFeatures } from '../data/paired/features.js';
import { loadMaterials, MaterialSet, PairedMaterial } from '../data/paired/materials.js';
import { featuresOnWorkers } from './feature_workers.js';
import { Progress } from './progress.js';
import { defaultThreadCount } from './worker_thread.js';

export interface PreparedData {
  readonly set: MaterialSet;
  readonly features: MaterialFeatures[];
  /** [n] group id per material: equal ids share a composition key. */
  readonly groups: Int32Array;
  readonly modalities: Modality[];
}

export interface PrepareOptions {
  readonly log?: (line: string) => void;
  /** Load every structure and recipe-only material (evaluation on given files): no preset caps. */
  readonly uncapped?: boolean;
  readonly micrographVariants?: number;
  readonly modalities?: readonly Modality[];
  /** Keep only the materials this accepts (before the costly featurisation). */
  readonly select?: (m: PairedMaterial) => boolean;
  /** Accept partially occupied sites as virtual-crystal nodes (default false: such rows are reported). */
  readonly allowDisorder?: boolean;
  /** Overrides the config's maxAtoms (evaluation may embed larger cells than training batches hold). */
  readonly maxAtoms?: number;
  /** Threads for the features (0: this thread); default one per core from MIN_PARALLEL_MATERIALS materials. */
  readonly workers?: number;
}

/** Below this many materials, starting feature threads costs more than it saves. */
const MIN_PARALLEL_MATERIALS = 256;

export async function prepareData(config: AlignConfig, structureFiles: readonly string[], synthesisFiles: readonly string[], options: PrepareOptions = {}): Promise<PreparedData> {
  const log = options.log ?? (() => {});
  const d = config.data;
  const loaded = await loadMaterials(structureFiles, synthesisFiles, {
    maxAtoms: options.maxAtoms ?? d.maxAtoms,
    allowDisorder: options.allowDisorder ?? false,
    maxStructures: options.uncapped ? 0 : d.maxStructures,
    maxRecipeOnly: options.uncapped ? (synthesisFiles.length ? Number.MAX_SAFE_INTEGER : 0) : d.maxRecipeOnly,
    log,
  });
  const set: MaterialSet = options.select ? { ...loaded, materials: loaded.materials.filter(options.select) } : loaded;
  if (options.select) log(`${set.materials.length} of ${loaded.materials.length} materials selected`);
  const structures = set.materials.filter((m) => m.structure).length;
  log(`${set.materials.length} materials: ${structures} with structures, ${set.materials.length - structures} known only from recipes; ` +
    `${set.recipesLinked} of ${set.recipesTotal} recipes linked to structures; ${set.skipped.length} structure rows skipped`);
  const modalities = (options.modalities ?? activeModalities(config)).slice();
  const needs = new Set<string>(modalities);
  const progress = new Progress('features', set.materials.length, options.log !== undefined);
  const micrographVariants = options.micrographVariants ?? d.micrographVariants;
  const workers = options.workers ?? (set.materials.length >= MIN_PARALLEL_MATERIALS ? defaultThreadCount() : 0);
  let features: MaterialFeatures[] = [];
  if (workers >= 2) {
    features = await featuresOnWorkers(set.materials, { data: d, seed: config.seed, needs: [...needs], micrographVariants }, workers, (done) => progress.update(done));
  } else {
    for (const m of set.materials) {
      features.push(materialFeatures(m, d, { seed: config.seed, needs, micrographVariants }));
      progress.update(features.length);
    }
  }
  const groupOf = new Map<string, number>();
  const groups = Int32Array.from(set.materials, (m) => {
    if (!groupOf.has(m.key)) groupOf.set(m.key, groupOf.size);
    return groupOf.get(m.key)!;
  });
  return { set, features, groups, modalities };
}
