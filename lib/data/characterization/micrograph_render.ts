// Forming an annular dark-field-like image from projected columns: incoherent Z-contrast
// imaging, so each column adds its weight Σ Z^γ times the probe intensity (a Gaussian core
// plus a weak wide tail, broadened by the source size), sampled along a raster scan with
// line jitter and linear drift; then shot noise (Poisson in the dose) and detector noise.
import { Rng } from '../../rng.js';
import { Column } from './micrograph_columns.js';

export interface ProbeSettings {
  /** FWHM of the probe core, Å. */
  readonly fwhm: number;
  /** Fraction of the probe intensity in the wide tail, 0–1. */
  readonly tailWeight: number;
  /** Width of the tail relative to the core. */
  readonly tailScale: number;
  /** Extra Gaussian blur (source size, vibration), σ in Å, added in quadrature. */
  readonly blur: number;
}

export interface ScanPath {
  /** S, image side in pixels. */
  readonly size: number;
  /** Pixel size, Å. */
  readonly pixelSize: number;
  /** [S] float64: horizontal offset of each scan line, Å (line jitter). */
  readonly lineOffsets: Float64Array;
  /** Drift of the specimen over the whole frame, Å (x right, y up). */
  readonly drift: readonly [number, number];
}

const FWHM_TO_SIGMA = 1 / (2 * Math.sqrt(2 * Math.LN2));

/** [C] float64: Σ Z^γ over the atoms of each column. */
export function columnWeights(columns: readonly Column[], zExponent: number): Float64Array {
  return Float64Array.from(columns, (c) => c.atoms.reduce((s, a) => s + a.Z ** zExponent, 0));
}

/** The two Gaussian components of the probe: [height, σ (Å)] each, heights summing to 1 at the centre. */
function probeComponents(p: ProbeSettings): [number, number][] {
  const core = Math.hypot(p.fwhm * FWHM_TO_SIGMA, p.blur);
  const tail = Math.hypot(p.fwhm * p.tailScale * FWHM_TO_SIGMA, p.blur);
  return [[1 - p.tailWeight, core], [p.tailWeight, tail]];
}

/** Probe intensity at distance² r2 (Å²) from its centre. */
function probeAt(components: [number, number][], r2: number): number {
  let v = 0;
  for (const [h, s] of components) v += h * Math.exp(-r2 / (2 * s * s));
  return v;
}

/**
 * Highest noise-free intensity at the centres of the columns within `halfWidth` (Å) of the
 * field centre: the reference level of the image scale.
 */
export function peakLevel(columns: readonly Column[], weights: Float64Array, probe: ProbeSettings, halfWidth: number): number {
  const comps = probeComponents(probe);
  const reach = probeReach(probe);
  const order = columns.map((_, i) => i).sort((a, b) => columns[a]!.y - columns[b]!.y);
  const ys = order.map((i) => columns[i]!.y);
  let best = 0;
  columns.forEach((c, i) => {
    if (weights[i]! === 0 || Math.abs(c.x) > halfWidth || Math.abs(c.y) > halfWidth) return;
    let v = 0;
    for (let k = lowerBound(ys, c.y - reach); k < order.length && ys[k]! <= c.y + reach; k++) {
      const d = columns[order[k]!]!;
      const r2 = (d.x - c.x) ** 2 + (d.y - c.y) ** 2;
      if (r2 < reach * reach) v += weights[order[k]!]! * probeAt(comps, r2);
    }
    best = Math.max(best, v);
  });
  return best;
}

/** Position sampled by pixel (row, col), Å: nominal grid + line jitter + drift growing with scan time. */
export function samplePosition(scan: ScanPath, row: number, col: number): [number, number] {
  const { size: S, pixelSize: px } = scan;
  const time = (row * S + col) / (S * S);
  return [
    (col + 0.5 - S / 2) * px + scan.lineOffsets[row]! + scan.drift[0] * time,
    (S / 2 - row - 0.5) * px + scan.drift[1] * time,
  ];
}

/** Pixel (x = column, y = row, fractional) where a point at (x, y) Å appears in the scan. */
export function pixelOf(scan: ScanPath, x: number, y: number): [number, number] {
  const { size: S, pixelSize: px } = scan;
  // Row first (drift within a line is tiny), then the column within that line.
  const row = ((S / 2 - 0.5) * px - y) / (px - scan.drift[1] / S);
  const r = Math.min(S - 1, Math.max(0, Math.round(row)));
  const col = (x - scan.lineOffsets[r]! - (scan.drift[0] * r) / S) / (px + scan.drift[0] / (S * S)) + S / 2 - 0.5;
  return [col, row];
}

/** Largest distance at which the probe still matters (4 σ of its widest component), Å. */
export function probeReach(probe: ProbeSettings): number {
  return 4 * Math.max(...probeComponents(probe).map(([, s]) => s));
}

/** [S·S] float64, row-major: the noise-free image, Σ over columns of weight × probe. */
export function renderColumns(columns: readonly Column[], weights: Float64Array, probe: ProbeSettings, scan: ScanPath): Float64Array {
  const S = scan.size;
  const out = new Float64Array(S * S);
  const comps = probeComponents(probe);
  const reach = probeReach(probe);
  const order = columns.map((_, i) => i).filter((i) => weights[i]! !== 0).sort((a, b) => columns[a]!.y - columns[b]!.y);
  const ys = order.map((i) => columns[i]!.y);
  const step = scan.pixelSize + scan.drift[0] / (S * S);
  for (let row = 0; row < S; row++) {
    const [x0, y] = samplePosition(scan, row, 0);
    for (let k = lowerBound(ys, y - reach); k < order.length && ys[k]! <= y + reach; k++) {
      const c = columns[order[k]!]!;
      const dy2 = (c.y - y) ** 2;
      for (const [h, sigma] of comps) {
        const r = 4 * sigma;
        if (dy2 > r * r) continue;
        const first = Math.max(0, Math.ceil((c.x - r - x0) / step));
        const last = Math.min(S - 1, Math.floor((c.x + r - x0) / step));
        if (first > last) continue;
        const a = weights[order[k]!]! * h * Math.exp(-dy2 / (2 * sigma * sigma));
        addGaussianRow(out, row * S, first, last, x0 + first * step - c.x, step, sigma, a);
      }
    }
  }
  return out;
}

/**
 * Adds a·exp(−dx²/2σ²) at pixels first…last of a row, dx starting at dx0 and growing by `step`:
 * the Gaussian recurrence g(k+1) = g(k)·r(k), r(k+1) = r(k)·q needs three exponentials per row.
 */
function addGaussianRow(out: Float64Array, offset: number, first: number, last: number, dx0: number, step: number, sigma: number, a: number): void {
  const inv = 1 / (2 * sigma * sigma);
  let g = a * Math.exp(-dx0 * dx0 * inv);
  let r = Math.exp(-(2 * dx0 * step + step * step) * inv);
  const q = Math.exp(-2 * step * step * inv);
  for (let col = first; col <= last; col++) {
    out[offset + col] += g;
    g *= r;
    r *= q;
  }
}

function lowerBound(sorted: readonly number[], value: number): number {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * [S·S] float64: detector counts, Poisson with mean countsPerUnit × (background + image), so
 * the variance equals the mean and grows linearly with the dose. Two uniforms per pixel
 * whatever the mean, so images that differ in a few pixels share the rest of their noise.
 */
export function applyDose(image: ArrayLike<number>, countsPerUnit: number, background: number, rng: Rng): Float64Array {
  return Float64Array.from(image, (v) => poisson(Math.max(0, countsPerUnit * (background + v)), rng.uniform(), rng.uniform()));
}

/**
 * A Poisson draw from two uniforms: exact inversion below λ = 30, above it the normal
 * approximation λ + √λ·z (Box–Muller) rounded and clipped at 0.
 */
export function poisson(lambda: number, u1: number, u2: number): number {
  if (lambda >= 30) {
    const z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
  }
  let p = Math.exp(-lambda);
  let cdf = p;
  let k = 0;
  while (u1 > cdf && k < 1000) {
    k++;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}
