// Crystallographic symmetry operations written as 'x, y, z' triplets ('-x+1/2, y-x, z+0.25').
import { InputError } from '../../errors.js';

export interface SymmetryOp {
  /** Row-major 3×3 integer rotation acting on fractional coordinates. */
  readonly rotation: readonly number[];
  /** Fractional translation. */
  readonly translation: readonly [number, number, number];
}

export class SymmetryOpError extends InputError {
  constructor(op: string, why: string) {
    super(`bad symmetry operation '${op}': ${why}`);
  }
}

const AXIS: Record<string, number> = { x: 0, y: 1, z: 2 };

/** Parses one component such as '-x+y+1/2' into its rotation row and translation. */
function parseComponent(text: string, op: string): { row: number[]; shift: number } {
  const row = [0, 0, 0];
  let shift = 0;
  const s = text.replace(/\s+/g, '').toLowerCase();
  if (!s) throw new SymmetryOpError(op, 'empty component');
  const term = /([+-]?)(?:(\d*\.?\d+)(?:\/(\d*\.?\d+))?\*?)?([xyz])?/y;
  let p = 0;
  while (p < s.length) {
    term.lastIndex = p;
    const m = term.exec(s);
    if (!m || m[0] === '' || (m[2] === undefined && m[4] === undefined)) {
      throw new SymmetryOpError(op, `cannot read '${s.slice(p)}'`);
    }
    const sign = m[1] === '-' ? -1 : 1;
    if (m[3] !== undefined && Number(m[3]) === 0) throw new SymmetryOpError(op, 'division by zero');
    const value = m[2] === undefined ? 1 : Number(m[2]) / (m[3] === undefined ? 1 : Number(m[3]));
    if (!Number.isFinite(value)) throw new SymmetryOpError(op, `'${m[0]}' is not a finite number`);
    if (m[4] !== undefined) row[AXIS[m[4]]!]! += sign * value;
    else shift += sign * value;
    p = term.lastIndex;
  }
  return { row, shift };
}

/** Parses 'x, y, z'-style text (quotes already removed) into a SymmetryOp. */
export function parseSymmetryOp(text: string): SymmetryOp {
  const parts = text.split(',');
  if (parts.length !== 3) throw new SymmetryOpError(text, 'expected three comma-separated parts');
  const rotation: number[] = [];
  const translation: number[] = [];
  for (const part of parts) {
    const { row, shift } = parseComponent(part, text);
    rotation.push(...row);
    translation.push(shift);
  }
  checkIsometry(rotation, text);
  return { rotation, translation: translation as [number, number, number] };
}

/**
 * A crystallographic operation maps the lattice onto itself: its rotation part is an integer
 * matrix with determinant ±1 ('2x, y, z' scales, 'x, x, z' collapses: both impossible).
 */
function checkIsometry(r: readonly number[], op: string): void {
  if (!r.every((v) => Number.isInteger(v) && Math.abs(v) <= 2)) {
    throw new SymmetryOpError(op, 'rotation part must have small integer coefficients');
  }
  const det = r[0]! * (r[4]! * r[8]! - r[5]! * r[7]!) - r[1]! * (r[3]! * r[8]! - r[5]! * r[6]!) + r[2]! * (r[3]! * r[7]! - r[4]! * r[6]!);
  if (Math.abs(det) !== 1) throw new SymmetryOpError(op, `rotation part has determinant ${det}, not ±1 (it would scale or collapse the crystal)`);
}

/** Applies op to fractional coordinates (not wrapped into the cell). */
export function applySymmetryOp(op: SymmetryOp, f: readonly number[]): [number, number, number] {
  const r = op.rotation;
  const t = op.translation;
  return [
    r[0]! * f[0]! + r[1]! * f[1]! + r[2]! * f[2]! + t[0],
    r[3]! * f[0]! + r[4]! * f[1]! + r[5]! * f[2]! + t[1],
    r[6]! * f[0]! + r[7]! * f[1]! + r[8]! * f[2]! + t[2],
  ];
}

export const IDENTITY_OP: SymmetryOp = { rotation: [1, 0, 0, 0, 1, 0, 0, 0, 1], translation: [0, 0, 0] };
