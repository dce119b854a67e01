// STEM-HAADF-like micrographs of a crystal along a zone axis, with labelled point defects:
// the crystal slab is projected into atomic columns (micrograph_columns), one defect is
// placed near the centre (micrograph_defects), the columns are imaged with a Z^γ-weighted
// probe along a jittered, drifting raster, and dose (Poisson) and detector noise are added
// (micrograph_render). Every random choice comes from one seed.
import { Rng } from '../../rng.js';
import { conventionalCell } from '../structure/conventional_cell.js';
import { Structure } from '../structure/crystal.js';
import { ZoneAxis, MicrographError, projectColumns } from './micrograph_columns.js';
import { DefectKind, PlacedDefect, applyDefect, isDefectKind } from './micrograph_defects.js';
import { ProbeSettings, ScanPath, applyDose, columnWeights, peakLevel, pixelOf, probeReach, renderColumns } from './micrograph_render.js';

export { DEFECT_KINDS, isDefectKind } from './micrograph_defects.js';
export type { DefectKind } from './micrograph_defects.js';
export { MicrographError } from './micrograph_columns.js';

export interface MicrographConfig {
  /** S, image side, px. */
  readonly size: number;
  /** Pixel size, Å (field of view = S × pixelSize). */
  readonly pixelSize: number;
  /** Viewing direction [uvw] in the lattice vectors of `cell`. */
  readonly zoneAxis: ZoneAxis;
  /** Cell the zone axis refers to: the conventional standard cell (as crystallographers write [uvw]) or the cell as given. */
  readonly cell: 'conventional' | 'as-given';
  /** Specimen thickness, Å (rounded to whole repeats along the zone axis). */
  readonly thickness: number;
  /** Column intensity ∝ Σ Z^γ (HAADF: γ ≈ 1.6–1.9). */
  readonly zExponent: number;
  readonly probe: ProbeSettings;
  /** Electron dose, e⁻/Å²; null = no shot noise. */
  readonly dose: number | null;
  /** Fraction of the incident electrons that reach the detector at the brightest column. */
  readonly collectionEfficiency: number;
  /** Diffuse background (amorphous layers, tails), relative to the brightest column. */
  readonly background: number;
  /** Detector (read-out) noise σ, relative to the brightest column. */
  readonly detectorNoise: number;
  /** σ of the horizontal offset of each scan line, Å. */
  readonly scanJitter: number;
  /** Specimen drift over one frame, Å, in a random direction. */
  readonly drift: number;
  /** Rotate the crystal in the image plane by a random angle. */
  readonly randomRotation: boolean;
  /** Defects are placed within this fraction of the field of view from the centre. */
  readonly defectRadius: number;
  /** Heavier-by ΔZ range of substituting atoms. */
  readonly substitutionDeltaZ: readonly [number, number];
  /** Atoms in an interstitial column. */
  readonly interstitialAtoms: number;
}

export const DEFAULT_MICROGRAPH_CONFIG: MicrographConfig = {
  size: 128, pixelSize: 0.2, zoneAxis: [0, 0, 1], cell: 'conventional', thickness: 24, zExponent: 1.7,
  probe: { fwhm: 0.9, tailWeight: 0.12, tailScale: 3.5, blur: 0.15 },
  dose: 1e5, collectionEfficiency: 0.05, background: 0.06, detectorNoise: 0.02,
  scanJitter: 0.04, drift: 0.4, randomRotation: true, defectRadius: 0.12,
  substitutionDeltaZ: [12, 30], interstitialAtoms: 1,
};

/** A different acquisition for robustness tests: lower dose, noisier detector, blunter probe, more drift and jitter. */
export const SHIFTED_MICROGRAPH_CONFIG: MicrographConfig = {
  ...DEFAULT_MICROGRAPH_CONFIG,
  probe: { fwhm: 1.15, tailWeight: 0.15, tailScale: 3, blur: 0.25 },
  dose: 3e4, background: 0.1, detectorNoise: 0.04, scanJitter: 0.12, drift: 1.5,
};

export interface Micrograph {
  /** [S·S] float32, row-major, in [0, 1]: bright columns on a dark background. */
  readonly image: Float32Array;
  readonly size: number;
  readonly label: DefectKind;
  /** Where the defect appears, px (x = column, y = row); null for pristine. */
  readonly defectPixel: readonly [number, number] | null;
  readonly defect: PlacedDefect | null;
  /** Zone-axis repeats through the specimen and the repeat length, Å. */
  readonly repeats: number;
  readonly repeatLength: number;
}

function checkConfig(c: MicrographConfig): void {
  if (!(Number.isInteger(c.size) && c.size >= 8 && c.size <= 4096)) throw new MicrographError(`image size must be an integer in [8, 4096], got ${c.size}`);
  const positive: [string, number][] = [['pixelSize', c.pixelSize], ['thickness', c.thickness], ['probe.fwhm', c.probe.fwhm], ['collectionEfficiency', c.collectionEfficiency]];
  for (const [name, v] of positive) if (!(v > 0)) throw new MicrographError(`${name} must be positive, got ${v}`);
  if (c.dose !== null && !(c.dose > 0)) throw new MicrographError(`dose must be positive (e⁻/Å²) or null, got ${c.dose}`);
  const nonNegative: [string, number][] = [['background', c.background], ['detectorNoise', c.detectorNoise], ['scanJitter', c.scanJitter], ['drift', c.drift], ['probe.blur', c.probe.blur]];
  for (const [name, v] of nonNegative) if (!(v >= 0)) throw new MicrographError(`${name} must be ≥ 0, got ${v}`);
}

/** Most column × pixel evaluations of one image (~2 s). */
export const MAX_RENDER_WORK = 1_000_000_000;

/** Each column is drawn over the pixels within the probe's reach (clipped to the image). */
function checkRenderWork(columns: number, c: MicrographConfig): void {
  const perColumn = Math.min(c.size * c.size, (2 * probeReach(c.probe) / c.pixelSize + 1) ** 2);
  const work = columns * perColumn;
  if (!(work <= MAX_RENDER_WORK)) {
    throw new MicrographError(`${columns} columns × ${Math.round(perColumn)} px each is ~${work.toPrecision(3)} evaluations, over the cap of ${MAX_RENDER_WORK}`);
  }
}

function scanPath(c: MicrographConfig, rng: Rng): ScanPath {
  const angle = 2 * Math.PI * rng.uniform();
  const lineOffsets = Float64Array.from({ length: c.size }, () => rng.normal(0, c.scanJitter));
  return { size: c.size, pixelSize: c.pixelSize, lineOffsets, drift: [c.drift * Math.cos(angle), c.drift * Math.sin(angle)] };
}

/**
 * Independent generators for each random aspect, seeded in a fixed order from one seed, so
 * that images of one seed share the field, scan path and noise whatever the defect.
 */
function randomStreams(seed: number): Record<'field' | 'species' | 'defect' | 'scan' | 'noise', Rng> {
  const base = new Rng(seed);
  const next = () => new Rng(base.nextUint32());
  return { field: next(), species: next(), defect: next(), scan: next(), noise: next() };
}

/**
 * A simulated micrograph of `structure` with one defect of `kind` near the centre.
 * Deterministic for (structure, kind, seed, config); pristine and defective images of one
 * seed share the field, scan path and noise stream. Throws MicrographError when the
 * defect cannot exist in this crystal (antisite in an element).
 */
export function simulateMicrograph(
  structure: Structure, kind: DefectKind, seed: number, config: Partial<MicrographConfig> = {},
): Micrograph {
  const c: MicrographConfig = { ...DEFAULT_MICROGRAPH_CONFIG, ...config };
  checkConfig(c);
  if (!isDefectKind(kind)) throw new MicrographError(`unknown defect '${String(kind)}'`);
  if (c.cell !== 'conventional' && c.cell !== 'as-given') throw new MicrographError(`cell must be 'conventional' or 'as-given', got '${String(c.cell)}'`);
  const crystal = c.cell === 'conventional' ? conventionalCell(structure) : structure;
  const rng = randomStreams(seed);
  const field = rng.field;
  const fov = c.size * c.pixelSize;
  const margin = probeReach(c.probe) + c.drift + 4 * c.scanJitter + 0.5;
  const origin = crystal.lattice.toCartesian([field.uniform(), field.uniform(), field.uniform()]);
  const rotation = c.randomRotation ? 2 * Math.PI * field.uniform() : 0;
  const slab = projectColumns(crystal, c.zoneAxis, { halfWidth: fov / 2 + margin, thickness: c.thickness, rotation }, origin, rng.species);
  const hostZ = [...new Set(crystal.sites.flatMap((s) => s.species.map((sp) => sp.element.Z)))];
  const settings = { radius: c.defectRadius * fov, substitutionDeltaZ: c.substitutionDeltaZ, interstitialAtoms: c.interstitialAtoms, zExponent: c.zExponent };
  const { columns, defect } = applyDefect(slab.columns, kind, settings, hostZ, slab.repeats * slab.repeat, rng.defect);
  // One scale for pristine and defective images of a field: the pristine columns' peak level.
  const level = peakLevel(slab.columns, columnWeights(slab.columns, c.zExponent), c.probe, fov / 2);
  checkRenderWork(columns.length, c);
  const scan = scanPath(c, rng.scan);
  const clean = renderColumns(columns, columnWeights(columns, c.zExponent).map((w) => w / (level || 1)), c.probe, scan);
  return {
    image: toDisplay(clean, c, rng.noise), size: c.size, label: kind, defect,
    defectPixel: defect ? pixelOf(scan, defect.x, defect.y) : null, repeats: slab.repeats, repeatLength: slab.repeat,
  };
}

/** Noise, then a fixed display scale: 0 = no signal, 1 = 1.25 × (brightest pristine column + background). */
function toDisplay(clean: Float64Array, c: MicrographConfig, rng: Rng): Float32Array {
  const counts = c.dose === null ? null : c.dose * c.pixelSize ** 2 * c.collectionEfficiency;
  const signal = counts === null ? clean.map((v) => v + c.background) : applyDose(clean, counts, c.background, rng).map((v) => v / counts);
  const top = 1.25 * (1 + c.background);
  return Float32Array.from(signal, (v) => Math.min(1, Math.max(0, (v + rng.normal(0, c.detectorNoise)) / top)));
}

/** [S·S] uint8 grey levels of an image in [0, 1] (for PNG output). */
export function toGreyBytes(image: Float32Array): Uint8Array {
  return Uint8Array.from(image, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
}
