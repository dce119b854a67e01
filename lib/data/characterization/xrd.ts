// Kinematic powder X-ray diffraction of a crystal structure: every reciprocal-lattice point
// of the cell inside the 2θ range (no symmetry assumed, so multiplicities come out of the
// enumeration itself), atomic scattering factors, structure factors, Lorentz-polarisation
// factor and optional Debye–Waller factors; reflections at equal 2θ are merged into peaks.
// Conventions follow pymatgen's XRDCalculator so the two can be compared peak by peak.
import { InputError } from '../../errors.js';
import { Structure } from '../structure/crystal.js';
import { Lattice } from '../structure/lattice.js';
import { enumerateReflections, Reflections } from './xrd_reflections.js';
import { hasScatteringParams, scatteringFactor, scatteringParams } from './scattering_factors.js';

/** X-ray wavelengths, Å (the values pymatgen's XRDCalculator uses; Kα = weighted Kα1/Kα2). */
export const WAVELENGTHS: Readonly<Record<string, number>> = {
  CuKa: 1.54184, CuKa2: 1.54439, CuKa1: 1.54056, CuKb1: 1.39222,
  MoKa: 0.71073, MoKa2: 0.71359, MoKa1: 0.7093, MoKb1: 0.63229,
  CrKa: 2.291, CrKa2: 2.29361, CrKa1: 2.2897, CrKb1: 2.08487,
  FeKa: 1.93735, FeKa2: 1.93998, FeKa1: 1.93604, FeKb1: 1.75661,
  CoKa: 1.79026, CoKa2: 1.79285, CoKa1: 1.78896, CoKb1: 1.63079,
  AgKa: 0.560885, AgKa2: 0.563813, AgKa1: 0.559421, AgKb1: 0.497082,
};

export class XrdError extends InputError {
  constructor(message: string) {
    super(message);
  }
}

export interface XrdConfig {
  /** Radiation: a name of WAVELENGTHS ('CuKa', 'MoKa1', …; case-insensitive, 'Cu' = 'CuKa') or a wavelength in Å. */
  readonly wavelength: string | number;
  /** 2θ range [min, max] in °, 0 ≤ min < max ≤ 180. */
  readonly twoThetaRange: readonly [number, number];
  /** Debye–Waller B factors (Å²) by element symbol; elements not named get B = 0. */
  readonly debyeWaller: Readonly<Record<string, number>>;
  /** Reflections whose 2θ differ by less than this (°) form one peak (pymatgen: 1e-5). */
  readonly mergeTolerance: number;
  /** Peaks at or below this intensity on the 0–100 scale are dropped (pymatgen: 1e-3). */
  readonly minIntensity: number;
  /**
   * Isotropic scale of the cell before simulating (1 = as given). PBE lattice constants run
   * ~1 % long, shifting peaks ~0.4° low at 36° 2θ; < 1 corrects that, random values augment.
   */
  readonly latticeScale: number;
}

export const DEFAULT_XRD_CONFIG: XrdConfig = {
  wavelength: 'CuKa',
  twoThetaRange: [10, 80],
  debyeWaller: {},
  mergeTolerance: 1e-5,
  minIntensity: 1e-3,
  latticeScale: 1,
};

export type Hkl = readonly [number, number, number];

export interface XrdPeak {
  /** Diffraction angle 2θ, °. */
  readonly twoTheta: number;
  /** Intensity scaled so that the strongest peak in the range is 100. */
  readonly intensity: number;
  /** Interplanar spacing d = λ / (2 sin θ), Å. */
  readonly d: number;
  /** Every reflection (h, k, l) of the cell contributing to the peak (Friedel mates included). */
  readonly hkls: readonly Hkl[];
}

export interface XrdPattern {
  /** Wavelength used, Å. */
  readonly wavelength: number;
  /** Peaks in increasing 2θ. */
  readonly peaks: readonly XrdPeak[];
}

/** A wavelength in Å from a radiation name ('CuKa', 'mo', 'AgKb1') or a number (Å) or numeric text. */
export function resolveWavelength(spec: string | number): number {
  const value = typeof spec === 'number' ? spec : Number(spec.trim() === '' ? NaN : spec);
  if (Number.isFinite(value)) {
    if (!(value > 0)) throw new XrdError(`wavelength must be positive, got ${value} Å`);
    return value;
  }
  const key = String(spec).trim().toLowerCase().replace(/[\s_-]|alpha/g, (m) => (m === 'alpha' ? 'a' : ''));
  const name = Object.keys(WAVELENGTHS).find((n) => n.toLowerCase() === key || n.toLowerCase() === `${key}ka`);
  if (!name) throw new XrdError(`unknown wavelength '${spec}' (use a number in Å or one of ${Object.keys(WAVELENGTHS).join(', ')})`);
  return WAVELENGTHS[name]!;
}

/** Most reflections one pattern may enumerate (a 20 Å cubic cell at Cu Kα to 180° has ~0.3 M). */
export const MAX_REFLECTIONS = 1_000_000;
/** Most reflections × sites one pattern may sum structure factors over. */
export const MAX_STRUCTURE_FACTOR_TERMS = 200_000_000;

/**
 * Expected reflections of a cell of volume V (Å³) with |g| = 1/d in [gmin, gmax] (Å⁻¹): the
 * reciprocal-lattice points in the shell, 4/3 π (gmax³ − gmin³) V, halved (one of each Friedel pair).
 */
export function estimateReflections(volume: number, gmin: number, gmax: number): number {
  return ((4 / 3) * Math.PI * (gmax ** 3 - gmin ** 3) * volume) / 2;
}

/** Refuses a pattern whose enumeration or structure-factor sum would exceed the caps, before any is done. */
function checkWork(structure: Structure, gmin: number, gmax: number, wavelength: number): void {
  const reflections = estimateReflections(structure.volume, gmin, gmax);
  const where = `a ${structure.volume.toPrecision(4)} Å³ cell at λ = ${wavelength} Å`;
  if (!(reflections <= MAX_REFLECTIONS)) throw new XrdError(`${where} has ~${Math.round(reflections)} reflections in the 2θ range, over the cap of ${MAX_REFLECTIONS}`);
  const terms = reflections * structure.natoms;
  if (!(terms <= MAX_STRUCTURE_FACTOR_TERMS)) throw new XrdError(`${where} needs ~${Math.round(terms)} structure-factor terms (${Math.round(reflections)} reflections × ${structure.natoms} sites), over the cap of ${MAX_STRUCTURE_FACTOR_TERMS}`);
  const [la, lb] = structure.lattice.lengths;
  const rows = (gmax * la + 1) * (2 * gmax * lb + 1);
  if (!(rows <= 4 * MAX_REFLECTIONS)) throw new XrdError(`${where}: the (h, k) search box has ~${Math.round(rows)} rows (a very oblique cell), over the cap of ${4 * MAX_REFLECTIONS}`);
}

function checkConfig(config: XrdConfig): void {
  const [lo, hi] = config.twoThetaRange;
  if (!(lo >= 0 && hi > lo && hi <= 180)) throw new XrdError(`2θ range must satisfy 0 ≤ min < max ≤ 180°, got ${lo}, ${hi}`);
  if (!(config.latticeScale > 0)) throw new XrdError(`lattice scale must be positive, got ${config.latticeScale}`);
  for (const [el, b] of Object.entries(config.debyeWaller)) {
    if (!Number.isFinite(b)) throw new XrdError(`Debye–Waller factor of ${el} is not a number: ${b}`);
  }
}

/** Per-site scatterers: for each site, its species as (index into `species`, occupancy). */
interface Scatterers {
  readonly species: readonly { readonly Z: number; readonly params: readonly number[]; readonly b: number }[];
  readonly siteSpecies: readonly (readonly [number, number])[][];
}

function scatterersOf(structure: Structure, debyeWaller: Readonly<Record<string, number>>): Scatterers {
  const index = new Map<string, number>();
  const species: { Z: number; params: readonly number[]; b: number }[] = [];
  const siteSpecies = structure.sites.map((site) => site.species.map(({ element, occupancy }) => {
    if (!hasScatteringParams(element)) throw new XrdError(`no X-ray scattering factor for ${element.symbol}`);
    if (!index.has(element.symbol)) {
      index.set(element.symbol, species.length);
      species.push({ Z: element.Z, params: scatteringParams(element), b: debyeWaller[element.symbol] ?? 0 });
    }
    return [index.get(element.symbol)!, occupancy] as const;
  }));
  return { species, siteSpecies };
}

/**
 * |F(hkl)|² for every reflection, with occupancy-weighted scattering factors (virtual
 * crystal for disordered sites) and Debye–Waller damping exp(−B s²), s = sin θ / λ = g / 2.
 * Phases exp(2πi(hx + ky + lz)) come from per-site tables of exp(2πi h x) etc.
 */
function structureFactorsSquared(structure: Structure, refl: Reflections, sc: Scatterers): Float64Array {
  const n = structure.natoms;
  const tables = [0, 1, 2].map((axis) => phaseTable(structure, axis, refl.maxIndex[axis]!));
  const fSpecies = new Float64Array(sc.species.length);
  const fSite = new Float64Array(n);
  const out = new Float64Array(refl.count);
  for (let r = 0; r < refl.count; r++) {
    const s2 = (refl.g[r]! * refl.g[r]!) / 4;
    sc.species.forEach((sp, i) => { fSpecies[i] = scatteringFactor(sp.Z, sp.params, s2) * Math.exp(-sp.b * s2); });
    for (let j = 0; j < n; j++) {
      let f = 0;
      for (const [i, occ] of sc.siteSpecies[j]!) f += fSpecies[i]! * occ;
      fSite[j] = f;
    }
    out[r] = phaseSum(tables, [refl.h[r]!, refl.k[r]!, refl.l[r]!], fSite, n);
  }
  return out;
}

interface PhaseTable { readonly cos: Float64Array; readonly sin: Float64Array; readonly offset: number; readonly stride: number }

/** cos/sin(2π m x_j) for m in [−M, M] and every site j along one axis. */
function phaseTable(structure: Structure, axis: number, maxIndex: number): PhaseTable {
  const stride = 2 * maxIndex + 1;
  const cos = new Float64Array(structure.natoms * stride);
  const sin = new Float64Array(structure.natoms * stride);
  structure.sites.forEach((site, j) => {
    for (let m = -maxIndex; m <= maxIndex; m++) {
      const phase = 2 * Math.PI * m * site.frac[axis]!;
      cos[j * stride + m + maxIndex] = Math.cos(phase);
      sin[j * stride + m + maxIndex] = Math.sin(phase);
    }
  });
  return { cos, sin, offset: maxIndex, stride };
}

function phaseSum(t: PhaseTable[], hkl: [number, number, number], f: Float64Array, n: number): number {
  const [a, b, c] = t as [PhaseTable, PhaseTable, PhaseTable];
  let re = 0;
  let im = 0;
  for (let j = 0; j < n; j++) {
    const ia = j * a.stride + hkl[0] + a.offset;
    const ib = j * b.stride + hkl[1] + b.offset;
    const ic = j * c.stride + hkl[2] + c.offset;
    const xr = a.cos[ia]! * b.cos[ib]! - a.sin[ia]! * b.sin[ib]!;
    const xi = a.cos[ia]! * b.sin[ib]! + a.sin[ia]! * b.cos[ib]!;
    re += f[j]! * (xr * c.cos[ic]! - xi * c.sin[ic]!);
    im += f[j]! * (xr * c.sin[ic]! + xi * c.cos[ic]!);
  }
  return re * re + im * im;
}

/** Lorentz-polarisation factor (1 + cos² 2θ) / (sin² θ cos θ) for an unpolarised beam. */
export function lorentzPolarization(theta: number): number {
  const s = Math.sin(theta);
  const c2 = Math.cos(2 * theta);
  return (1 + c2 * c2) / (s * s * Math.cos(theta));
}

/**
 * The powder pattern of a structure: peaks (2θ in °, intensity scaled to 100, d in Å, the
 * contributing hkl). Throws XrdError for bad settings or elements without scattering data.
 */
export function simulateXrd(input: Structure, config: Partial<XrdConfig> = {}): XrdPattern {
  const cfg = { ...DEFAULT_XRD_CONFIG, ...config };
  checkConfig(cfg);
  const structure = cfg.latticeScale === 1 ? input : new Structure(new Lattice(input.lattice.matrix.map((v) => v * cfg.latticeScale)), input.sites, input.id);
  const wavelength = resolveWavelength(cfg.wavelength);
  const gOf = (twoTheta: number) => (2 * Math.sin((twoTheta * Math.PI) / 360)) / wavelength;
  checkWork(structure, gOf(cfg.twoThetaRange[0]), gOf(cfg.twoThetaRange[1]), wavelength);
  const refl = enumerateReflections(structure.lattice, gOf(cfg.twoThetaRange[0]), gOf(cfg.twoThetaRange[1]));
  const f2 = structureFactorsSquared(structure, refl, scatterersOf(structure, cfg.debyeWaller));
  const order = Array.from({ length: refl.count }, (_, i) => i).sort((p, q) => refl.g[p]! - refl.g[q]!);
  const raw: { twoTheta: number; intensity: number; d: number; hkls: Hkl[] }[] = [];
  for (const r of order) {
    const theta = Math.asin(Math.min(1, (wavelength * refl.g[r]!) / 2));
    const twoTheta = (2 * theta * 180) / Math.PI;
    const intensity = f2[r]! * lorentzPolarization(theta);
    const hkl: Hkl = [refl.h[r]!, refl.k[r]!, refl.l[r]!];
    const mate: Hkl = [-hkl[0], -hkl[1], -hkl[2]];
    const last = raw[raw.length - 1];
    // Friedel mates (−h −k −l) have the same |F|² without anomalous scattering: counted twice.
    if (last && twoTheta - last.twoTheta < cfg.mergeTolerance) {
      last.intensity += 2 * intensity;
      last.hkls.push(hkl, mate);
    } else raw.push({ twoTheta, intensity: 2 * intensity, d: 1 / refl.g[r]!, hkls: [hkl, mate] });
  }
  return { wavelength, peaks: scalePeaks(raw, cfg.minIntensity) };
}

function scalePeaks(raw: { twoTheta: number; intensity: number; d: number; hkls: Hkl[] }[], minIntensity: number): XrdPeak[] {
  const max = raw.reduce((m, p) => Math.max(m, p.intensity), 0);
  if (!(max > 0)) return [];
  return raw
    .map((p) => ({ ...p, intensity: (100 * p.intensity) / max, hkls: p.hkls.sort(compareHkl) }))
    .filter((p) => p.intensity > minIntensity);
}

function compareHkl(p: Hkl, q: Hkl): number {
  return q[0] - p[0] || q[1] - p[1] || q[2] - p[2];
}

/**
 * Groups hkl into families of permutations of |h|, |k|, |l| (pymatgen's get_unique_families):
 * each family as its largest member (lexicographic) and its size.
 */
export function hklFamilies(hkls: readonly Hkl[]): { hkl: Hkl; multiplicity: number }[] {
  const families = new Map<string, Hkl[]>();
  for (const hkl of hkls) {
    const key = hkl.map(Math.abs).sort((a, b) => a - b).join(',');
    const list = families.get(key);
    if (list) list.push(hkl);
    else families.set(key, [hkl]);
  }
  return [...families.values()].map((list) => ({ hkl: [...list].sort(compareHkl)[0]!, multiplicity: list.length }));
}
