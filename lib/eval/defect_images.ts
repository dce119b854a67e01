// Labelled simulated defect micrographs for defect identification: for each structure and
// each of several seeds, one image of every defect kind (pristine, vacancy, substitution,
// interstitial, antisite). The images of one (structure, seed) share the field, scan path
// and noise, so they differ only by the defect. A structure that cannot hold every kind
// (antisite in an element) is left out whole, with its reason, so classes stay balanced.
// Images can be cached on disk (keyed by the structures, seeds and acquisition), so a
// repeated evaluation simulates nothing.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashSeed } from '../rng.js';
import { DEFECT_KINDS, MicrographConfig, simulateMicrograph } from '../data/characterization/micrograph.js';
import type { Structure } from '../data/structure/crystal.js';
import type { ImageSet } from './image_classifier.js';

export interface DefectSource {
  readonly id: string;
  readonly structure: Structure;
}

/** Images of all defect kinds; classes = DEFECT_KINDS. */
export interface DefectImageSet extends ImageSet {
  /** [n] index into `ids` of the structure each image shows. */
  readonly groups: Int32Array;
  /** Structure ids kept, by group index. */
  readonly ids: readonly string[];
  /** Structures left out, with the reason. */
  readonly skipped: readonly { id: string; reason: string }[];
}

export interface DefectSimulationOptions {
  /** Fields (seeds) per structure; each gives one image of every kind. */
  readonly seedsPerStructure: number;
  /** Base seed; with `label` it fixes every field. */
  readonly seed: number;
  /** Distinguishes image sets of one seed (e.g. 'default', 'shifted'): different labels, different fields. */
  readonly label: string;
  /** Acquisition (size and pixel size included). */
  readonly config: MicrographConfig;
}

/** Images of every defect kind for each structure; see the file comment. */
export function simulateDefectSet(sources: readonly DefectSource[], o: DefectSimulationOptions): DefectImageSet {
  const S = o.config.size;
  const kept: Float32Array[] = [];
  const labels: number[] = [];
  const groups: number[] = [];
  const ids: string[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const { id, structure } of sources) {
    const images: Float32Array[] = [];
    try {
      for (let v = 0; v < o.seedsPerStructure; v++) {
        const seed = hashSeed(o.seed, `defects:${o.label}:${id}:${v}`);
        for (const kind of DEFECT_KINDS) images.push(simulateMicrograph(structure, kind, seed, o.config).image);
      }
    } catch (e) {
      skipped.push({ id, reason: (e as Error).message });
      continue;
    }
    images.forEach((img, k) => { kept.push(img); labels.push(k % DEFECT_KINDS.length); groups.push(ids.length); });
    ids.push(id);
  }
  const pixels = new Float32Array(kept.length * S * S);
  kept.forEach((img, i) => pixels.set(img, i * S * S));
  return { size: S, pixels, labels: Int32Array.from(labels), classes: [...DEFECT_KINDS], groups: Int32Array.from(groups), ids, skipped };
}

/** Hex key of a simulation: structures (ids, cells, sites), seeds and acquisition. */
export function defectSetKey(sources: readonly DefectSource[], o: DefectSimulationOptions): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ format: 1, kinds: DEFECT_KINDS, seeds: o.seedsPerStructure, seed: o.seed, label: o.label, config: o.config }));
  for (const { id, structure } of sources) {
    h.update(`\n${id}:${Array.from(structure.lattice.matrix).join(',')}`);
    for (const s of structure.sites) h.update(`|${s.frac.join(',')}:${s.species.map((sp) => `${sp.element.symbol}${sp.occupancy}`).join('+')}`);
  }
  return h.digest('hex').slice(0, 24);
}

interface CacheHeader {
  size: number; classes: string[]; labels: number[]; groups: number[]; ids: string[]; skipped: { id: string; reason: string }[];
}

async function readCached(path: string): Promise<DefectImageSet | null> {
  try {
    const header = JSON.parse(await readFile(`${path}.json`, 'utf8')) as CacheHeader;
    const bytes = await readFile(`${path}.f32`);
    const pixels = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    if (pixels.length !== header.labels.length * header.size * header.size) return null;
    return { ...header, pixels, labels: Int32Array.from(header.labels), groups: Int32Array.from(header.groups) };
  } catch {
    return null;
  }
}

/** simulateDefectSet, through a disk cache in `dir` when given (written atomically; an unreadable entry is simulated again). */
export async function cachedDefectSet(dir: string | null, sources: readonly DefectSource[], o: DefectSimulationOptions): Promise<{ set: DefectImageSet; cached: boolean }> {
  if (!dir) return { set: simulateDefectSet(sources, o), cached: false };
  const path = join(dir, `defects_${o.label}_${defectSetKey(sources, o)}`);
  const hit = await readCached(path);
  if (hit) return { set: hit, cached: true };
  const set = simulateDefectSet(sources, o);
  await mkdir(dir, { recursive: true });
  const header: CacheHeader = { size: set.size, classes: [...set.classes], labels: Array.from(set.labels), groups: Array.from(set.groups), ids: [...set.ids], skipped: [...set.skipped] };
  await writeFile(`${path}.f32.tmp`, new Uint8Array(set.pixels.buffer, set.pixels.byteOffset, set.pixels.byteLength));
  await rename(`${path}.f32.tmp`, `${path}.f32`);
  await writeFile(`${path}.json.tmp`, JSON.stringify(header));
  await rename(`${path}.json.tmp`, `${path}.json`);
  return { set, cached: false };
}
