// Example data for a report: powder patterns (a measured A-Lab scan beside the simulated
// patterns of its precursors) and micrographs (simulated STEM defects, measured NEU-DET),
// written as PNGs for the report to show.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { formulaKey } from '../data/chemistry/composition_key.js';
import { loadImageDataset } from '../data/characterization/images.js';
import { DEFECT_KINDS, simulateMicrograph, toGreyBytes } from '../data/characterization/micrograph.js';
import { scanToProfile } from '../data/characterization/xrd_measured.js';
import { DEFAULT_XRD_PROFILE_CONFIG, twoThetaGrid, xrdProfile } from '../data/characterization/xrd_profile.js';
import { readLabelledXrdml } from '../data/characterization/xrdml.js';
import type { Structure } from '../data/structure/crystal.js';
import { InputError } from '../errors.js';
import type { XrdPatternSeries } from './metrics_types.js';
import { slug } from './report_blocks.js';

/** A structure that may appear in the examples. */
export interface ExampleStructure {
  readonly id: string;
  readonly formula: string;
  readonly structure: Structure;
}

/** A zip of samples with its label table. */
export interface ExampleArchive {
  readonly zip: string;
  readonly labels: string;
}

/** An image file for the report, with its caption. */
export interface ExampleImage {
  readonly label: string;
  /** Absolute path of the PNG. */
  readonly png: string;
}

/** P of the example patterns: coarse enough to keep the chart's inlined data small. */
const EXAMPLE_POINTS = 700;
/** Vertical offset between stacked patterns, in units of the max-normalised intensity. */
const STACK_OFFSET = 1.1;

function series(label: string, profile: Float32Array, offset: number): XrdPatternSeries {
  const grid = twoThetaGrid({ ...DEFAULT_XRD_PROFILE_CONFIG, points: profile.length });
  return { label, twoTheta: Array.from(grid, (t) => Number(t.toFixed(3))), intensity: Array.from(profile, (v) => Number((v + offset).toFixed(4))) };
}

interface Precursor { formula?: unknown }

function precursorFormulas(labels: Readonly<Record<string, string>>): string[] {
  try {
    const list = JSON.parse(labels.precursors_json ?? '[]') as Precursor[];
    return list.map((p) => (typeof p.formula === 'string' ? p.formula : '')).filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * Stacked, max-normalised patterns on 10–80° 2θ (Cu Kα): the first measured precursor-mixture
 * scan whose precursors have a structure among `structures`, above the simulated patterns of
 * those precursors; without such a scan, the first measured scan above the simulated patterns
 * of the first structures. At most `maxSimulated` simulated patterns.
 */
export async function xrdExampleSeries(structures: readonly ExampleStructure[], measured: ExampleArchive | null, maxSimulated = 3): Promise<XrdPatternSeries[]> {
  const profile = { points: EXAMPLE_POINTS };
  const byKey = new Map<string, ExampleStructure>();
  for (const s of structures) {
    const key = formulaKey(s.formula);
    if (key && !byKey.has(key)) byKey.set(key, s);
  }
  let scanSeries: XrdPatternSeries | null = null;
  let chosen: ExampleStructure[] = [];
  if (measured) {
    const { scans } = await readLabelledXrdml(measured.zip, measured.labels);
    const ordered = [...scans].sort((a, b) => a.scan.name.localeCompare(b.scan.name));
    const matches = (s: (typeof ordered)[number]) => precursorFormulas(s.labels).map((f) => byKey.get(formulaKey(f) ?? '')).filter((x): x is ExampleStructure => Boolean(x));
    const best = ordered.find((s) => matches(s).length > 0) ?? ordered[0];
    if (best) {
      chosen = matches(best);
      const name = best.labels.sample_id ?? best.scan.name;
      scanSeries = series(`measured (A-Lab): ${name}`, scanToProfile(best.scan, profile), 0);
    }
  }
  if (chosen.length === 0) chosen = structures.slice(0, maxSimulated);
  const out: XrdPatternSeries[] = [];
  const simulated = chosen.slice(0, maxSimulated);
  const stack = simulated.length + (scanSeries ? 1 : 0);
  if (scanSeries) out.push({ ...scanSeries, intensity: scanSeries.intensity.map((v) => v + STACK_OFFSET * (stack - 1)) });
  simulated.forEach((s, i) => {
    try {
      out.push(series(`simulated: ${s.formula} (${s.id})`, xrdProfile(s.structure, {}, profile), STACK_OFFSET * (simulated.length - 1 - i)));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
    }
  });
  return out;
}

async function writeGreyPng(path: string, grey: Uint8Array, size: number): Promise<void> {
  await writeFile(path, await sharp(Buffer.from(grey), { raw: { width: size, height: size, channels: 1 } }).png().toBuffer());
}

/**
 * One simulated STEM-HAADF-like image per defect class of the first structure that images
 * them all (64 px, seeded), written to dir as PNGs.
 */
export async function simulatedMicrographExamples(structures: readonly ExampleStructure[], dir: string, seed: number): Promise<ExampleImage[]> {
  await mkdir(dir, { recursive: true });
  for (const s of structures.slice(0, 20)) {
    if (!s.structure.isOrdered || new Set(s.structure.sites.map((x) => x.species[0]!.element.symbol)).size < 2) continue;
    let images;
    try {
      images = DEFECT_KINDS.map((kind) => simulateMicrograph(s.structure, kind, seed, { size: 64 }));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      continue;
    }
    const out: ExampleImage[] = [];
    for (const m of images) {
      const png = join(dir, `stem_${slug(s.id)}_${m.label}.png`);
      await writeGreyPng(png, toGreyBytes(m.image), m.size);
      out.push({ label: `simulated STEM, ${s.formula}: ${m.label}`, png });
    }
    return out;
  }
  return [];
}

/** The first image of each class of a measured set (NEU-DET), 128 px grey, written to dir. */
export async function measuredMicrographExamples(archive: ExampleArchive, dir: string, perClass = 1): Promise<ExampleImage[]> {
  await mkdir(dir, { recursive: true });
  const { images } = await loadImageDataset(archive.zip, archive.labels, { config: { size: 128, channels: 1 } });
  const taken = new Map<string, number>();
  const out: ExampleImage[] = [];
  for (const im of images) {
    const n = taken.get(im.label) ?? 0;
    if (n >= perClass) continue;
    taken.set(im.label, n + 1);
    const png = join(dir, `neu_det_${slug(im.label)}_${n}.png`);
    await writeGreyPng(png, toGreyBytes(im.pixels), 128);
    out.push({ label: `NEU-DET (measured): ${im.label}`, png });
  }
  return out;
}
