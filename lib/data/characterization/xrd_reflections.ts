// Reciprocal-lattice points of a cell in a shell gmin ≤ |g| ≤ gmax (|g| = 1/d, Å⁻¹), by
// direct enumeration of integer (h, k, l): no symmetry is assumed, so every equivalent
// reflection appears on its own.
import { Lattice } from '../structure/lattice.js';

export interface Reflections {
  /** Number of reflections kept (one of each Friedel pair ±(h, k, l)). */
  readonly count: number;
  /** [R] int32: Miller indices. */
  readonly h: Int32Array;
  readonly k: Int32Array;
  readonly l: Int32Array;
  /** [R] float64: |g| = 1/d, Å⁻¹. */
  readonly g: Float64Array;
  /** Largest |h|, |k|, |l| that can occur (bounds of the enumeration). */
  readonly maxIndex: readonly [number, number, number];
}

/** True for the half of the lattice kept of each ±(h, k, l) pair. */
function isUpperHalf(h: number, k: number, l: number): boolean {
  return h > 0 || (h === 0 && (k > 0 || (k === 0 && l > 0)));
}

/**
 * All (h, k, l) with gmin ≤ |h b1 + k b2 + l b3| ≤ gmax (b the reciprocal rows, no 2π),
 * keeping one of each Friedel pair. |h| ≤ gmax·|a| bounds the box; for each (h, k) the l range
 * is the interval where the quadratic |g0 + l b3|² ≤ gmax² holds.
 */
export function enumerateReflections(lattice: Lattice, gmin: number, gmax: number): Reflections {
  const b = lattice.reciprocalMatrix;
  const [la, lb, lc] = lattice.lengths;
  const eps = 1e-9;
  const maxIndex = [la, lb, lc].map((x) => Math.floor(gmax * x + eps)) as [number, number, number];
  const out = { h: [] as number[], k: [] as number[], l: [] as number[], g: [] as number[] };
  const b3 = [b[6]!, b[7]!, b[8]!];
  const q = b3[0]! ** 2 + b3[1]! ** 2 + b3[2]! ** 2;
  const gmax2 = gmax * gmax * (1 + 1e-12);
  const gmin2 = gmin * gmin * (1 - 1e-12);
  for (let h = 0; h <= maxIndex[0]; h++) {
    for (let k = -maxIndex[1]; k <= maxIndex[1]; k++) {
      const g0 = [0, 1, 2].map((i) => h * b[i]! + k * b[3 + i]!);
      const p = g0[0]! * b3[0]! + g0[1]! * b3[1]! + g0[2]! * b3[2]!;
      const c = g0[0]! ** 2 + g0[1]! ** 2 + g0[2]! ** 2 - gmax2;
      const disc = p * p - q * c;
      if (disc < 0) continue;
      const root = Math.sqrt(disc);
      const lo = Math.ceil((-p - root) / q - eps);
      const hi = Math.floor((-p + root) / q + eps);
      for (let l = Math.max(lo, -maxIndex[2]); l <= Math.min(hi, maxIndex[2]); l++) {
        if (!isUpperHalf(h, k, l)) continue;
        const g2 = (g0[0]! + l * b3[0]!) ** 2 + (g0[1]! + l * b3[1]!) ** 2 + (g0[2]! + l * b3[2]!) ** 2;
        if (g2 > gmax2 || g2 < gmin2 || g2 === 0) continue;
        out.h.push(h); out.k.push(k); out.l.push(l); out.g.push(Math.sqrt(g2));
      }
    }
  }
  return {
    count: out.g.length, h: Int32Array.from(out.h), k: Int32Array.from(out.k), l: Int32Array.from(out.l),
    g: Float64Array.from(out.g), maxIndex,
  };
}
