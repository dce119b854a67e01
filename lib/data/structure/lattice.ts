// A periodic lattice: three cell vectors (Å) as the rows of a 3×3 matrix.
import { InputError } from '../../errors.js';

export type Vec3 = [number, number, number];
const DEG = Math.PI / 180;

export class LatticeError extends InputError {
  constructor(message: string) {
    super(message);
  }
}

export class Lattice {
  /** Row-major 3×3: rows are the cell vectors a, b, c in Cartesian Å. */
  readonly matrix: Float64Array;
  /** Row-major inverse of `matrix` (Cartesian → fractional is v · inverse). */
  readonly inverse: Float64Array;

  constructor(matrix: ArrayLike<number>) {
    if (matrix.length !== 9) throw new LatticeError(`lattice needs 9 numbers, got ${matrix.length}`);
    this.matrix = Float64Array.from(matrix);
    if (!this.matrix.every(Number.isFinite)) throw new LatticeError('lattice has non-finite entries');
    const det = det3(this.matrix);
    if (!Number.isFinite(det)) throw new LatticeError('cell volume is not finite');
    if (!(Math.abs(det) > 1e-6)) throw new LatticeError(`degenerate cell: volume ${Math.abs(det)} Å³`);
    this.inverse = inverse3(this.matrix, det);
  }

  /**
   * From cell lengths (Å) and angles (°), in the crystallographic convention:
   * a along x, b in the xy plane, c completing a right-handed set.
   */
  static fromParameters(a: number, b: number, c: number, alpha: number, beta: number, gamma: number): Lattice {
    for (const [name, v] of [['a', a], ['b', b], ['c', c]] as const) {
      if (!(v > 0)) throw new LatticeError(`cell length ${name} = ${v} Å is not positive`);
    }
    for (const [name, v] of [['alpha', alpha], ['beta', beta], ['gamma', gamma]] as const) {
      if (!(v > 0 && v < 180)) throw new LatticeError(`cell angle ${name} = ${v}° is outside (0, 180)`);
    }
    const [ca, cb, cg, sg] = [Math.cos(alpha * DEG), Math.cos(beta * DEG), Math.cos(gamma * DEG), Math.sin(gamma * DEG)];
    const cy = (ca - cb * cg) / sg;
    const cz2 = 1 - cb * cb - cy * cy;
    if (!(cz2 > 1e-10)) throw new LatticeError(`cell angles ${alpha}°, ${beta}°, ${gamma}° give no volume`);
    return new Lattice([a, 0, 0, b * cg, b * sg, 0, c * cb, c * cy, c * Math.sqrt(cz2)]);
  }

  /** Cell volume, Å³. */
  get volume(): number {
    return Math.abs(det3(this.matrix));
  }

  /** Lengths |a|, |b|, |c| in Å. */
  get lengths(): Vec3 {
    const m = this.matrix;
    return [0, 1, 2].map((i) => Math.hypot(m[3 * i]!, m[3 * i + 1]!, m[3 * i + 2]!)) as Vec3;
  }

  /** Angles α (b,c), β (a,c), γ (a,b) in degrees. */
  get angles(): Vec3 {
    const v = (i: number) => [this.matrix[3 * i]!, this.matrix[3 * i + 1]!, this.matrix[3 * i + 2]!];
    const angle = (i: number, j: number) => {
      const [p, q] = [v(i), v(j)];
      const dot = p[0]! * q[0]! + p[1]! * q[1]! + p[2]! * q[2]!;
      return Math.acos(dot / (Math.hypot(...p) * Math.hypot(...q))) / DEG;
    };
    return [angle(1, 2), angle(0, 2), angle(0, 1)];
  }

  /** Fractional → Cartesian (Å). */
  toCartesian(f: ArrayLike<number>): Vec3 {
    const m = this.matrix;
    return [
      f[0]! * m[0]! + f[1]! * m[3]! + f[2]! * m[6]!,
      f[0]! * m[1]! + f[1]! * m[4]! + f[2]! * m[7]!,
      f[0]! * m[2]! + f[1]! * m[5]! + f[2]! * m[8]!,
    ];
  }

  /** Cartesian (Å) → fractional. */
  toFractional(r: ArrayLike<number>): Vec3 {
    const m = this.inverse;
    return [
      r[0]! * m[0]! + r[1]! * m[3]! + r[2]! * m[6]!,
      r[0]! * m[1]! + r[1]! * m[4]! + r[2]! * m[7]!,
      r[0]! * m[2]! + r[1]! * m[5]! + r[2]! * m[8]!,
    ];
  }

  /**
   * Reciprocal lattice rows b1, b2, b3 with aᵢ·bⱼ = δᵢⱼ (no 2π), Å⁻¹: the columns of the
   * inverse matrix.
   */
  get reciprocalMatrix(): Float64Array {
    const inv = this.inverse;
    return Float64Array.from([inv[0]!, inv[3]!, inv[6]!, inv[1]!, inv[4]!, inv[7]!, inv[2]!, inv[5]!, inv[8]!]);
  }

  /** Distance between the opposite faces of the cell along each cell axis, Å. */
  get perpendicularWidths(): Vec3 {
    const r = this.reciprocalMatrix;
    return [0, 1, 2].map((i) => 1 / Math.hypot(r[3 * i]!, r[3 * i + 1]!, r[3 * i + 2]!)) as Vec3;
  }
}

function det3(m: ArrayLike<number>): number {
  return (
    m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) -
    m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) +
    m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!)
  );
}

function inverse3(m: ArrayLike<number>, det: number): Float64Array {
  const d = 1 / det;
  return Float64Array.from([
    (m[4]! * m[8]! - m[5]! * m[7]!) * d, (m[2]! * m[7]! - m[1]! * m[8]!) * d, (m[1]! * m[5]! - m[2]! * m[4]!) * d,
    (m[5]! * m[6]! - m[3]! * m[8]!) * d, (m[0]! * m[8]! - m[2]! * m[6]!) * d, (m[2]! * m[3]! - m[0]! * m[5]!) * d,
    (m[3]! * m[7]! - m[4]! * m[6]!) * d, (m[1]! * m[6]! - m[0]! * m[7]!) * d, (m[0]! * m[4]! - m[1]! * m[3]!) * d,
  ]);
}
