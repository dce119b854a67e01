// Index rows of materials embedded with a trained run: every modality each material has,
// for the slice of materials a shard owns. A shard owns a material by a hash of its id, so
// shard membership does not depend on file order or on the other shards.
import { activeModalities, Modality } from '../config.js';
import { elementBySymbol } from '../data/chemistry/elements.js';
import { materialFeatures, MaterialFeatures } from '../data/paired/features.js';
import { loadMaterials, PairedMaterial } from '../data/paired/materials.js';
import { spaceGroup } from '../data/structure/spacegroup.js';
import { InputError } from '../errors.js';
import { embedMaterials } from '../train/embedding.js';
import type { LoadedRun } from '../train/run_dir.js';
import type { IndexRow } from './index_table.js';

/** Shard i of n, 0 ≤ i < n (a Kubernetes indexed job's JOB_COMPLETION_INDEX; Slurm: --array=0-(n-1)). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export const WHOLE: Shard = { index: 0, count: 1 };

/** 'i/n' → Shard; i counts from 0. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index >= 0 && index < count)) throw new InputError(`--shard must be i/n with 0 ≤ i < n (e.g. 0/4 … 3/4), got '${text}'`);
  return { index, count };
}

/** 32-bit FNV-1a of a string. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function shardOf(id: string, count: number): number {
  return count === 1 ? 0 : fnv1a(id) % count;
}

export interface BuildOptions {
  readonly shard?: Shard;
  readonly modalities?: readonly Modality[];
  readonly configHash: string;
  readonly log?: (line: string) => void;
  /** Materials embedded per model call. */
  readonly chunk?: number;
  /** Receives the rows of each chunk of materials as they are embedded (bounded memory). */
  readonly onRows: (rows: IndexRow[]) => Promise<void>;
}

function sourceParts(m: PairedMaterial, synthesisFiles: readonly string[]): { file: string; row: number | null } {
  const match = m.structure ? /^(.*):(\d+)$/.exec(m.source) : null;
  return match ? { file: match[1]!, row: Number(match[2]) } : { file: synthesisFiles.join(','), row: null };
}

function spacegroupOf(m: PairedMaterial): number | null {
  if (m.spacegroup !== null || !m.structure) return m.spacegroup;
  try { return spaceGroup(m.structure).number; } catch { return null; }
}

function rowBase(m: PairedMaterial, f: MaterialFeatures, synthesisFiles: readonly string[], hash: string, shard: Shard) {
  const src = sourceParts(m, synthesisFiles);
  const elements = [...m.composition.keys()].sort((a, b) => elementBySymbol(a).Z - elementBySymbol(b).Z);
  return {
    id: m.id, formula: m.formula, spacegroup: spacegroupOf(m), elements, source_file: src.file, source_row: src.row, source: m.source,
    config_hash: hash, shard: `${shard.index}/${shard.count}`,
    peaks_two_theta: f.peaks ? Array.from(f.peaks.twoTheta) : [], peaks_intensity: f.peaks ? Array.from(f.peaks.intensity) : [],
  };
}

/** Embeds the shard's materials of the files chunk by chunk; returns the counts of materials and rows. */
export async function buildIndexRows(
  run: LoadedRun, structureFiles: readonly string[], synthesisFiles: readonly string[], options: BuildOptions,
): Promise<{ materials: number; rows: number; skipped: number }> {
  const config = run.manifest.config;
  const shard = options.shard ?? WHOLE;
  const available = activeModalities(config).filter((m) => m !== 'text' || run.tokenizer);
  const modalities = (options.modalities ?? available).filter((m) => available.includes(m));
  if (!modalities.length) throw new InputError(`the run has none of the modalities asked for (it has ${available.join(', ')})`);
  const set = await loadMaterials(structureFiles, synthesisFiles, {
    maxAtoms: config.data.maxAtoms, maxStructures: 0, maxRecipeOnly: synthesisFiles.length ? Number.MAX_SAFE_INTEGER : 0, log: options.log,
  });
  const mine = set.materials.filter((m) => shardOf(m.id, shard.count) === shard.index);
  options.log?.(`shard ${shard.index}/${shard.count}: ${mine.length} of ${set.materials.length} materials; ${set.skipped.length} structure rows skipped`);
  const needs = new Set<string>([...modalities, 'xrd']);
  const chunk = options.chunk ?? 512;
  let rows = 0;
  for (let start = 0; start < mine.length; start += chunk) {
    const part = mine.slice(start, start + chunk);
    const features = part.map((m) => materialFeatures(m, config.data, { seed: config.seed, needs, micrographVariants: 1 }));
    const ctx = { config, features, tokenizer: run.tokenizer };
    const embeddings = embedMaterials(run.model, ctx, part.map((_, i) => i), modalities);
    const bases = part.map((m, i) => rowBase(m, features[i]!, synthesisFiles, options.configHash, shard));
    const out: IndexRow[] = [];
    for (const [modality, e] of embeddings) {
      for (let r = 0; r < e.materials.length; r++) {
        out.push({ ...bases[e.materials[r]!]!, modality, vector: e.values.slice(r * e.dim, (r + 1) * e.dim) });
      }
    }
    await options.onRows(out);
    rows += out.length;
    options.log?.(`embedded ${Math.min(mine.length, start + chunk)} of ${mine.length} materials (${rows} rows)`);
  }
  return { materials: mine.length, rows, skipped: set.skipped.length };
}
