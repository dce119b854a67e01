// A query of any modality encoded with a run into its shared space: a structure (CIF), a
// measured XRD scan (.xrdml) or a profile, a text, a micrograph image, or a formula.
import { readFile } from 'node:fs/promises';
import type { Modality } from '../config.js';
import { decodeImage } from '../data/characterization/images.js';
import { scanToProfile } from '../data/characterization/xrd_measured.js';
import { readXrdml } from '../data/characterization/xrdml.js';
import { simulateXrd } from '../data/characterization/xrd.js';
import { elementBySymbol } from '../data/chemistry/elements.js';
import { parseFormula } from '../data/chemistry/formula.js';
import { readDataText } from '../data/io/text_files.js';
import { compositionArrays, ELEMENT_FEATURE_DIM, PEAK_RANGE } from '../data/paired/features.js';
import { drawProfile, PROFILE_RANGE } from '../data/paired/xrd_augment.js';
import { Structure, structuresFromCif } from '../data/structure/crystal.js';
import { batchGraphs, buildCrystalGraph } from '../data/structure/graph.js';
import { tf } from '../env.js';
import { InputError } from '../errors.js';
import type { ModalityBatches } from '../models/clip_model.js';
import type { LoadedRun } from '../train/run_dir.js';

export type SearchQuery =
  | { readonly kind: 'cif'; readonly path: string }
  | { readonly kind: 'structure'; readonly structure: Structure }
  | { readonly kind: 'xrd'; readonly path: string }
  /** A profile already on the run's grid: [P] values over 2θ 10–80°, P = config.data.xrdPoints. */
  | { readonly kind: 'profile'; readonly profile: Float32Array }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'image'; readonly path: string }
  | { readonly kind: 'formula'; readonly formula: string };

export interface EncodedQuery {
  readonly modality: Modality;
  /** [D] float32 unit vector. */
  readonly vector: Float32Array;
  /** [P] float32 profile on the run's grid (XRD and structure queries): what profile re-ranking compares. */
  readonly profile: Float32Array | null;
  /** JSON-ready description of the query. */
  readonly description: Record<string, unknown>;
}

function embedOne<M extends Modality>(run: LoadedRun, modality: M, batch: ModalityBatches[M]): Float32Array {
  if (!run.model.config.modalities.includes(modality) || (modality === 'text' && !run.tokenizer)) {
    throw new InputError(`the run ${run.dir} has no ${modality} tower`);
  }
  return tf.tidy(() => run.model.embed(modality, batch).dataSync() as Float32Array).slice();
}

async function readOneStructure(path: string): Promise<Structure> {
  let structures: Structure[];
  try { structures = structuresFromCif(await readDataText(path)); } catch (e) { throw new InputError(`${path}: ${(e as Error).message.split('\n')[0]}`); }
  if (structures.length !== 1) throw new InputError(`${path}: holds ${structures.length} structures; give a CIF with one`);
  return structures[0]!;
}

/** [P] profile of a measured scan file (one .xrdml, or a zip holding exactly one) on the run's grid. */
export async function readScanProfile(path: string, points: number): Promise<Float32Array> {
  const { scans } = await readXrdml(path);
  if (scans.length !== 1) throw new InputError(`${path}: holds ${scans.length} readable scans; give one .xrdml scan`);
  return scanToProfile(scans[0]!, { points, twoThetaRange: [PROFILE_RANGE[0], PROFILE_RANGE[1]] });
}

function encodeStructure(run: LoadedRun, s: Structure, description: Record<string, unknown>): EncodedQuery {
  const d = run.manifest.config.data;
  const graph = buildCrystalGraph(s, { cutoff: d.cutoff, maxNeighbors: d.maxNeighbors });
  const pattern = simulateXrd(s, { twoThetaRange: [PEAK_RANGE[0], PEAK_RANGE[1]] });
  const peaks = { twoTheta: Float64Array.from(pattern.peaks, (p) => p.twoTheta), intensity: Float64Array.from(pattern.peaks, (p) => p.intensity) };
  return { modality: 'structure', vector: embedOne(run, 'structure', batchGraphs([graph])), profile: drawProfile(peaks, d.xrdPoints, null, null), description };
}

function encodeProfile(run: LoadedRun, profile: Float32Array, description: Record<string, unknown>): EncodedQuery {
  const P = run.manifest.config.data.xrdPoints;
  if (profile.length !== P) throw new InputError(`the profile has ${profile.length} points; the run's grid has ${P} (2θ 10–80°)`);
  return { modality: 'xrd', vector: embedOne(run, 'xrd', { batchSize: 1, points: P, values: profile }), profile, description };
}

function encodeFormula(run: LoadedRun, formula: string): EncodedQuery {
  let amounts: Map<string, number>;
  try { amounts = parseFormula(formula); } catch (e) { throw new InputError(`--formula: ${(e as Error).message.split('\n')[0]}`); }
  const c = compositionArrays(amounts);
  const M = c.elements.length;
  const batch = { batchSize: 1, maxElements: M, elements: c.elements, fractions: c.fractions, elementFeatures: c.features.slice(0, M * ELEMENT_FEATURE_DIM) };
  const elements = [...amounts.keys()].sort((a, b) => elementBySymbol(a).Z - elementBySymbol(b).Z);
  return { modality: 'composition', vector: embedOne(run, 'composition', batch), profile: null, description: { formula, elements } };
}

/** The query's embedding (and profile, where it has one) with the run's towers. */
export async function encodeQuery(run: LoadedRun, query: SearchQuery): Promise<EncodedQuery> {
  const d = run.manifest.config.data;
  switch (query.kind) {
    case 'cif': {
      const s = await readOneStructure(query.path);
      return encodeStructure(run, s, { kind: 'cif', path: query.path, formula: s.reducedFormula() });
    }
    case 'structure': return encodeStructure(run, query.structure, { kind: 'structure', id: query.structure.id });
    case 'xrd': return encodeProfile(run, await readScanProfile(query.path, d.xrdPoints), { kind: 'xrd', path: query.path });
    case 'profile': return encodeProfile(run, query.profile, { kind: 'profile', points: query.profile.length });
    case 'text': {
      if (!query.text.trim()) throw new InputError('--text is empty');
      if (!run.tokenizer) throw new InputError(`the run ${run.dir} has no text tower`);
      const batch = run.tokenizer.encodeBatch([query.text], { maxLength: run.manifest.config.model.text.maxLength });
      return { modality: 'text', vector: embedOne(run, 'text', batch), profile: null, description: { kind: 'text', text: query.text } };
    }
    case 'image': {
      const S = d.micrographSize;
      let pixels: Float32Array;
      try { pixels = await decodeImage(await readFile(query.path), { size: S, channels: 1 }); } catch (e) {
        throw new InputError(`${query.path}: not a readable image (${(e as Error).message.split('\n')[0]})`);
      }
      return { modality: 'micrograph', vector: embedOne(run, 'micrograph', { batchSize: 1, size: S, pixels }), profile: null, description: { kind: 'image', path: query.path } };
    }
    case 'formula': { const e = encodeFormula(run, query.formula); return { ...e, description: { kind: 'formula', ...e.description } }; }
  }
}
