// Atomic columns of a crystal slab seen along a zone axis [uvw]: every atom of the slab
// (the crystal tiled as a supercell over the field of view, n repeats of the zone-axis
// lattice vector deep) projected onto the image plane, atoms on one line of sight grouped.
import { InputError } from '../../errors.js';
import { Structure } from '../structure/crystal.js';
import { Rng } from '../../rng.js';

export class MicrographError extends InputError {
  constructor(message: string) {
    super(message);
  }
}

export type ZoneAxis = readonly [number, number, number];

/**
 * Most (cell copy × site) visits laying out one slab (~1 s): the field of view, the thickness
 * and the cell's density set it; a huge pixel size, thickness or a tiny cell is refused here.
 */
export const MAX_SLAB_VISITS = 20_000_000;

export interface ColumnAtom {
  /** Atomic number. */
  readonly Z: number;
  /** Depth along the zone axis from the slab's entrance surface, Å. */
  readonly depth: number;
}

export interface Column {
  /** In-plane position relative to the field centre, Å (x right, y up). */
  readonly x: number;
  readonly y: number;
  /** Atoms on this line of sight, by increasing depth. */
  readonly atoms: ColumnAtom[];
}

export interface SlabGeometry {
  /** Half-width of the square region kept, Å (field of view / 2 plus a margin). */
  readonly halfWidth: number;
  /** Target slab thickness, Å; rounded to a whole number (≥ 1) of zone-axis repeats. */
  readonly thickness: number;
  /** In-plane rotation of the crystal, radians. */
  readonly rotation: number;
}

type V3 = [number, number, number];
const dot = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const scale = (a: V3, s: number): V3 => [a[0] * s, a[1] * s, a[2] * s];
const norm = (a: V3) => Math.sqrt(dot(a, a));

function gcd(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : gcd(b, a % b);
}

/** The zone axis as a primitive integer direction; throws for [000] or non-integers. */
export function primitiveZoneAxis(axis: ZoneAxis): ZoneAxis {
  if (!axis.every(Number.isInteger) || axis.every((x) => x === 0)) {
    throw new MicrographError(`zone axis must be three integers, not all zero, got [${axis.join(' ')}]`);
  }
  const g = gcd(gcd(axis[0], axis[1]), axis[2]);
  return [axis[0] / g, axis[1] / g, axis[2] / g];
}

/** Orthonormal frame (e1, e2 in the image plane, t along the zone axis) and the repeat |T|, Å. */
export function zoneFrame(structure: Structure, axis: ZoneAxis, rotation: number): { e1: V3; e2: V3; t: V3; repeat: number } {
  const [u, v, w] = primitiveZoneAxis(axis);
  const m = structure.lattice.matrix;
  const rows: V3[] = [0, 1, 2].map((i) => [m[3 * i]!, m[3 * i + 1]!, m[3 * i + 2]!]);
  const T: V3 = [0, 1, 2].map((k) => u * rows[0]![k]! + v * rows[1]![k]! + w * rows[2]![k]!) as V3;
  const repeat = norm(T);
  const t = scale(T, 1 / repeat);
  // The cell vector most perpendicular to the axis gives the image x direction.
  const perp = rows.map((r) => { const p = dot(r, t); return [r[0] - p * t[0], r[1] - p * t[1], r[2] - p * t[2]] as V3; });
  const base = perp.reduce((best, p) => (norm(p) > norm(best) ? p : best));
  const x0 = scale(base, 1 / norm(base));
  const y0 = cross(t, x0);
  const [c, s] = [Math.cos(rotation), Math.sin(rotation)];
  const e1: V3 = [0, 1, 2].map((k) => c * x0[k]! + s * y0[k]!) as V3;
  return { e1, e2: cross(t, e1), t, repeat };
}

/** Draws the atomic number of each site's atom in one copy of the cell: disordered sites by occupancy (vacant → 0). */
function speciesDrawer(structure: Structure, rng: Rng): () => Int32Array {
  const fixed = Int32Array.from(structure.sites, (s) => (s.species.length === 1 && s.species[0]!.occupancy >= 0.999 ? s.species[0]!.element.Z : -1));
  if (!fixed.includes(-1)) return () => fixed;
  const out = new Int32Array(fixed.length);
  return () => {
    structure.sites.forEach((site, j) => {
      out[j] = fixed[j]!;
      if (fixed[j]! >= 0) return;
      let r = rng.uniform();
      out[j] = 0;
      for (const sp of site.species) if ((r -= sp.occupancy) < 0) { out[j] = sp.element.Z; break; }
    });
    return out;
  };
}

/** Coordinates (e1, e2, t) of the rows of a 3×3 row-major matrix or of a list of points. */
function projectRows(points: ArrayLike<number>, frame: { e1: V3; e2: V3; t: V3 }): Float64Array {
  const n = points.length / 3;
  const out = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const r: V3 = [points[3 * i]!, points[3 * i + 1]!, points[3 * i + 2]!];
    out[3 * i] = dot(r, frame.e1); out[3 * i + 1] = dot(r, frame.e2); out[3 * i + 2] = dot(r, frame.t);
  }
  return out;
}

/**
 * Columns of the slab inside |x|, |y| ≤ halfWidth, Å, around `origin` (a Cartesian point of the
 * crystal placed at the field centre). Atoms closer than 0.01 Å in projection share a column.
 */
export function projectColumns(
  structure: Structure, axis: ZoneAxis, geometry: SlabGeometry, origin: V3, rng: Rng,
): { columns: Column[]; repeats: number; repeat: number } {
  const frame = zoneFrame(structure, axis, geometry.rotation);
  const repeats = Math.max(1, Math.round(geometry.thickness / frame.repeat));
  const depth = repeats * frame.repeat;
  const H = geometry.halfWidth;
  const centre: V3 = [0, 1, 2].map((k) => origin[k]! + (depth / 2) * frame.t[k]!) as V3;
  const radius = Math.sqrt(2 * H * H + (depth / 2) ** 2);
  const fc = structure.lattice.toFractional(centre);
  const widths = structure.lattice.perpendicularWidths;
  const lo = fc.map((f, i) => Math.floor(f - radius / widths[i]!) - 1);
  const hi = fc.map((f, i) => Math.ceil(f + radius / widths[i]!) + 1);
  const visits = [0, 1, 2].reduce((a, i) => a * (hi[i]! - lo[i]! + 1), structure.natoms);
  if (!(visits <= MAX_SLAB_VISITS)) {
    throw new MicrographError(`a ${(2 * H).toFixed(1)} Å field ${depth.toFixed(1)} Å deep over a ${structure.lattice.volume.toPrecision(4)} Å³ cell of ${structure.natoms} sites needs ~${visits.toPrecision(3)} atom visits, over the cap of ${MAX_SLAB_VISITS}`);
  }
  const sites = projectRows(structure.cartesianCoords(), frame);
  const cell = projectRows(structure.lattice.matrix, frame);
  const o = projectRows(origin, frame);
  const draw = speciesDrawer(structure, rng);
  const grid = new ColumnGrid();
  for (let n0 = lo[0]!; n0 <= hi[0]!; n0++) for (let n1 = lo[1]!; n1 <= hi[1]!; n1++) for (let n2 = lo[2]!; n2 <= hi[2]!; n2++) {
    const zs = draw();
    const tr = [0, 1, 2].map((k) => n0 * cell[k]! + n1 * cell[3 + k]! + n2 * cell[6 + k]! - o[k]!);
    for (let j = 0; j < structure.natoms; j++) {
      const x = sites[3 * j]! + tr[0]!;
      const y = sites[3 * j + 1]! + tr[1]!;
      const z = sites[3 * j + 2]! + tr[2]!;
      if (zs[j] === 0 || z < 0 || z >= depth || Math.abs(x) > H || Math.abs(y) > H) continue;
      grid.add(x, y, { Z: zs[j]!, depth: z });
    }
  }
  return { columns: grid.columns(), repeats, repeat: frame.repeat };
}

/** Groups projected atoms into columns through a hash grid of 0.01 Å cells. */
class ColumnGrid {
  private readonly cells = new Map<number, { x: number; y: number; atoms: ColumnAtom[] }>();
  private static key(cx: number, cy: number): number {
    return (cx + 1e7) * 4e7 + (cy + 1e7);
  }
  private static readonly TOL = 0.01;

  add(x: number, y: number, atom: ColumnAtom): void {
    const [cx, cy] = [Math.round(x / ColumnGrid.TOL), Math.round(y / ColumnGrid.TOL)];
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) {
      const c = this.cells.get(ColumnGrid.key(cx + dx, cy + dy));
      if (c && Math.hypot(c.x - x, c.y - y) < ColumnGrid.TOL) {
        c.atoms.push(atom);
        return;
      }
    }
    this.cells.set(ColumnGrid.key(cx, cy), { x, y, atoms: [atom] });
  }

  columns(): Column[] {
    return [...this.cells.values()]
      .map((c) => ({ x: c.x, y: c.y, atoms: c.atoms.sort((a, b) => a.depth - b.depth) }))
      .sort((a, b) => a.y - b.y || a.x - b.x);
  }
}
