// Powder patterns as fixed-length 1-D signals for the pattern CNN: peaks broadened with a
// Gaussian or pseudo-Voigt line shape onto a fixed 2θ grid and max-normalised, so that
// simulated and measured patterns (lib/data/xrdml.ts) share one representation.
import { createHash } from 'node:crypto';
import { Structure } from '../structure/crystal.js';
import { DEFAULT_XRD_CONFIG, XrdConfig, XrdError, XrdPeak, simulateXrd } from './xrd.js';

export interface XrdProfileConfig {
  /** Grid range [min, max], 2θ in °; the grid includes both ends. */
  readonly twoThetaRange: readonly [number, number];
  /** P, the number of grid points. */
  readonly points: number;
  /** Full width at half maximum of every peak, ° 2θ (0.2°: typical of the A-Lab laboratory scans). */
  readonly fwhm: number;
  /** Line shape: 'gaussian' or 'pseudo-voigt' (η·Lorentzian + (1−η)·Gaussian, same FWHM). */
  readonly shape: 'gaussian' | 'pseudo-voigt';
  /** Lorentzian fraction η of the pseudo-Voigt, 0–1. */
  readonly eta: number;
}

export const DEFAULT_XRD_PROFILE_CONFIG: XrdProfileConfig = {
  twoThetaRange: [10, 80],
  points: 2048,
  fwhm: 0.2,
  shape: 'pseudo-voigt',
  eta: 0.5,
};

function checkProfileConfig(c: XrdProfileConfig): void {
  const [lo, hi] = c.twoThetaRange;
  if (!(lo >= 0 && hi > lo && hi <= 180)) throw new XrdError(`profile 2θ range must satisfy 0 ≤ min < max ≤ 180°, got ${lo}, ${hi}`);
  if (!(Number.isInteger(c.points) && c.points >= 2)) throw new XrdError(`profile points must be an integer ≥ 2, got ${c.points}`);
  if (!(c.fwhm > 0)) throw new XrdError(`profile FWHM must be positive, got ${c.fwhm}°`);
  if (c.shape !== 'gaussian' && c.shape !== 'pseudo-voigt') throw new XrdError(`unknown line shape '${String(c.shape)}'`);
  if (!(c.eta >= 0 && c.eta <= 1)) throw new XrdError(`pseudo-Voigt η must be in [0, 1], got ${c.eta}`);
}

/** [P] float64: the grid's 2θ values, °. */
export function twoThetaGrid(config: Partial<XrdProfileConfig> = {}): Float64Array {
  const c = { ...DEFAULT_XRD_PROFILE_CONFIG, ...config };
  checkProfileConfig(c);
  const [lo, hi] = c.twoThetaRange;
  const step = (hi - lo) / (c.points - 1);
  return Float64Array.from({ length: c.points }, (_, i) => lo + i * step);
}

/** Half-width of the window each peak is drawn over, in FWHMs (where the shape is < 1e-3 of its top). */
function windowHalfWidths(c: XrdProfileConfig): number {
  return c.shape === 'gaussian' || c.eta === 0 ? 3 : 16;
}

/**
 * [P] float32 in [0, 1]: peaks (2θ in °, any intensity scale) broadened onto the grid and
 * divided by the maximum (all zeros when no peak reaches the grid).
 */
export function broadenPeaks(
  twoTheta: ArrayLike<number>, intensity: ArrayLike<number>, config: Partial<XrdProfileConfig> = {},
): Float32Array {
  const c = { ...DEFAULT_XRD_PROFILE_CONFIG, ...config };
  checkProfileConfig(c);
  const [lo, hi] = c.twoThetaRange;
  const step = (hi - lo) / (c.points - 1);
  const acc = new Float64Array(c.points);
  const half = windowHalfWidths(c) * c.fwhm;
  const g = (4 * Math.LN2) / (c.fwhm * c.fwhm);
  const l = 4 / (c.fwhm * c.fwhm);
  const eta = c.shape === 'gaussian' ? 0 : c.eta;
  for (let p = 0; p < twoTheta.length; p++) {
    const x0 = twoTheta[p]!;
    const first = Math.max(0, Math.ceil((x0 - half - lo) / step));
    const last = Math.min(c.points - 1, Math.floor((x0 + half - lo) / step));
    for (let i = first; i <= last; i++) {
      const dx2 = (lo + i * step - x0) ** 2;
      acc[i] += intensity[p]! * ((1 - eta) * Math.exp(-g * dx2) + (eta > 0 ? eta / (1 + l * dx2) : 0));
    }
  }
  return maxNormalize(acc);
}

/** [P] float32: values divided by their maximum (all zeros stay zeros). */
export function maxNormalize(values: ArrayLike<number>): Float32Array {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]!);
  const out = new Float32Array(values.length);
  if (max > 0) for (let i = 0; i < values.length; i++) out[i] = values[i]! / max;
  return out;
}

/**
 * [P] float32 in [0, 1]: the simulated powder pattern of a structure on the profile grid.
 * Peaks are computed over the grid range widened by the drawing window, so the tails of
 * peaks just outside the range are kept.
 */
export function xrdProfile(
  structure: Structure, xrd: Partial<XrdConfig> = {}, profile: Partial<XrdProfileConfig> = {},
): Float32Array {
  const c = { ...DEFAULT_XRD_PROFILE_CONFIG, ...profile };
  checkProfileConfig(c);
  const margin = windowHalfWidths(c) * c.fwhm;
  const range: [number, number] = [Math.max(0, c.twoThetaRange[0] - margin), Math.min(180, c.twoThetaRange[1] + margin)];
  const pattern = simulateXrd(structure, { ...DEFAULT_XRD_CONFIG, ...xrd, twoThetaRange: range });
  return peaksToProfile(pattern.peaks, c);
}

/** [P] float32 in [0, 1]: a peak list on the profile grid. */
export function peaksToProfile(peaks: readonly XrdPeak[], profile: Partial<XrdProfileConfig> = {}): Float32Array {
  return broadenPeaks(peaks.map((p) => p.twoTheta), peaks.map((p) => p.intensity), profile);
}

/** A content key of a structure and settings: equal keys give equal patterns (for caches). */
export function xrdCacheKey(structure: Structure, ...settings: unknown[]): string {
  const h = createHash('sha1');
  h.update(Buffer.from(structure.lattice.matrix.buffer));
  for (const s of structure.sites) {
    h.update(s.species.map((sp) => `${sp.element.symbol}:${sp.occupancy}`).join(',') + `@${s.frac.join(',')};`);
  }
  h.update(JSON.stringify(settings));
  return h.digest('hex');
}

/** A bounded memo of profiles keyed by content (structure + settings), least recently used evicted. */
export class XrdProfileCache {
  private readonly entries = new Map<string, Float32Array>();

  constructor(readonly capacity = 10_000) {}

  get size(): number {
    return this.entries.size;
  }

  /** The profile of the structure under these settings, computed once. */
  profile(structure: Structure, xrd: Partial<XrdConfig> = {}, profile: Partial<XrdProfileConfig> = {}): Float32Array {
    const key = xrdCacheKey(structure, xrd, profile);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = xrdProfile(structure, xrd, profile);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
