// Measured scans on the simulated-pattern grid: (1) optionally re-express 2θ for the
// simulation's wavelength (Bragg's law, sin θ' = sin θ · λ'/λ), (2) remove the smooth
// background (SNIP clipping: simulated patterns have none), (3) average/interpolate onto the
// fixed 2θ grid, (4) clip negatives and divide by the maximum, exactly like xrdProfile.
import { DEFAULT_XRD_PROFILE_CONFIG, XrdProfileConfig, maxNormalize, twoThetaGrid } from './xrd_profile.js';
import { XrdError, resolveWavelength } from './xrd.js';
import { XrdmlScan, XrdmlWavelength } from './xrdml.js';

export interface MeasuredXrdConfig {
  /** 'snip': subtract a SNIP background estimate; 'none': keep the raw counts. */
  readonly background: 'snip' | 'none';
  /** SNIP clipping window, ° 2θ: wider than any peak, narrower than background features. */
  readonly snipWindow: number;
  /** Radiation the grid refers to (name or Å): scans stating another one are converted; null keeps 2θ as measured. */
  readonly wavelength: string | number | null;
}

export const DEFAULT_MEASURED_XRD_CONFIG: MeasuredXrdConfig = { background: 'snip', snipWindow: 2, wavelength: 'CuKa' };

/** Intensity-weighted mean of Kα1 and Kα2, Å (what a Kα simulation wavelength stands for). */
export function meanKAlpha(w: XrdmlWavelength): number {
  return w.kAlpha2 === null || !(w.ratio > 0) ? w.kAlpha1 : (w.kAlpha1 + w.ratio * w.kAlpha2) / (1 + w.ratio);
}

/**
 * [M] float64: SNIP background (Ryan et al., Nucl. Instrum. Methods B 34, 396 (1988)) of
 * non-negative counts, on the log-log-sqrt scale so that it follows both weak and strong
 * backgrounds; `window` is the largest clipping half-width in points.
 */
export function snipBackground(values: ArrayLike<number>, window: number): Float64Array {
  const n = values.length;
  let v = Float64Array.from(values, (y) => Math.log(Math.log(Math.sqrt(Math.max(0, y) + 1) + 1) + 1));
  let next = new Float64Array(n);
  for (let p = 1; p <= window; p++) {
    for (let i = 0; i < n; i++) {
      next[i] = i < p || i >= n - p ? v[i]! : Math.min(v[i]!, (v[i - p]! + v[i + p]!) / 2);
    }
    [v, next] = [next, v];
  }
  return v.map((x) => (Math.exp(Math.exp(x) - 1) - 1) ** 2 - 1);
}

/** 2θ values of the scan (°) expressed for another wavelength; NaN where no reflection angle exists. */
export function convertTwoTheta(twoTheta: ArrayLike<number>, fromWavelength: number, toWavelength: number): Float64Array {
  const r = toWavelength / fromWavelength;
  return Float64Array.from(twoTheta, (t) => {
    const s = Math.sin((t * Math.PI) / 360) * r;
    return Math.abs(s) <= 1 ? (360 / Math.PI) * Math.asin(s) : NaN;
  });
}

/**
 * [P] float64: the scan on the grid: mean of the scan points within half a grid step of each
 * grid point, linear interpolation where the scan is coarser than the grid, 0 outside it.
 */
export function resampleToGrid(x: ArrayLike<number>, y: ArrayLike<number>, grid: ArrayLike<number>): Float64Array {
  const out = new Float64Array(grid.length);
  const step = grid.length > 1 ? grid[1]! - grid[0]! : 1;
  let j = 0;
  for (let i = 0; i < grid.length; i++) {
    const g = grid[i]!;
    while (j < x.length && !(x[j]! >= g - step / 2)) j++;
    let sum = 0;
    let count = 0;
    for (let k = j; k < x.length && x[k]! < g + step / 2; k++) { sum += y[k]!; count++; }
    if (count > 0) out[i] = sum / count;
    else if (j > 0 && j < x.length) {
      const t = (g - x[j - 1]!) / (x[j]! - x[j - 1]!);
      out[i] = t >= 0 && t <= 1 ? y[j - 1]! + t * (y[j]! - y[j - 1]!) : 0;
    }
  }
  return out;
}

/**
 * [P] float32 in [0, 1]: a measured scan on the profile grid, background removed as configured,
 * negatives clipped, divided by its maximum (same representation as xrdProfile).
 */
export function scanToProfile(
  scan: XrdmlScan, profile: Partial<XrdProfileConfig> = {}, measured: Partial<MeasuredXrdConfig> = {},
): Float32Array {
  const c = { ...DEFAULT_MEASURED_XRD_CONFIG, ...measured };
  if (!(c.snipWindow > 0)) throw new XrdError(`SNIP window must be positive, got ${c.snipWindow}°`);
  let x: Float64Array = scan.twoTheta;
  if (c.wavelength !== null && scan.wavelength) x = convertTwoTheta(x, meanKAlpha(scan.wavelength), resolveWavelength(c.wavelength));
  const keep = Array.from(x, (_, i) => i).filter((i) => Number.isFinite(x[i]));
  const xs = Float64Array.from(keep, (i) => x[i]!);
  let ys = Float64Array.from(keep, (i) => scan.intensity[i]!);
  if (c.background === 'snip' && xs.length > 2) {
    const step = (xs[xs.length - 1]! - xs[0]!) / (xs.length - 1);
    const bg = snipBackground(ys, Math.max(1, Math.round(c.snipWindow / step)));
    ys = ys.map((v, i) => v - bg[i]!);
  }
  const grid = twoThetaGrid({ ...DEFAULT_XRD_PROFILE_CONFIG, ...profile });
  return maxNormalize(resampleToGrid(xs, ys, grid).map((v) => Math.max(0, v)));
}
