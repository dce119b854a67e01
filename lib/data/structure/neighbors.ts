// All neighbours of every atom within a cutoff, over periodic images, with a cell list:
// image atoms near the cell are binned on a grid of cutoff-sized bins, and each atom looks
// only in the 27 bins around it, so the cost grows with atoms × neighbours, not atoms² × images.
// The work is estimated before any is done and refused above documented caps.
import { InputError } from '../../errors.js';
import type { Lattice } from './lattice.js';

/** What the search needs of a crystal (a Structure is one). */
export interface PeriodicPoints {
  readonly lattice: Lattice;
  readonly natoms: number;
  /** [N, 3] float64: Cartesian positions, Å. */
  cartesianCoords(): Float64Array;
}

/** Most (centre, neighbour) pairs one search may return: ~100 bytes each while sorting. */
export const MAX_NEIGHBOR_PAIRS = 2_000_000;
/** Most periodic images of atoms one search may lay out (40 bytes each). */
export const MAX_IMAGE_ATOMS = 4_000_000;
/** Most bins of the cell list; bins grow beyond the cutoff (still correct) to stay under it. */
const MAX_BINS = 1_000_000;

export class NeighborLimitError extends InputError {
  constructor(message: string) {
    super(message);
  }
}

/**
 * Checks the work of a search before doing it: the expected pairs N · (N/V) · 4/3 π r³ and
 * the images laid out N · Π(2⌈r/wᵢ⌉ + 1) (w the cell's perpendicular widths, Å).
 */
export function checkNeighborWork(points: PeriodicPoints, cutoff: number): void {
  const n = points.natoms;
  const pairs = (n * n / points.lattice.volume) * (4 / 3) * Math.PI * cutoff ** 3;
  if (!(pairs <= MAX_NEIGHBOR_PAIRS)) {
    throw new NeighborLimitError(`a ${cutoff} Å cutoff over ${n} atoms in ${points.lattice.volume.toPrecision(4)} Å³ gives ~${Math.round(pairs)} neighbour pairs, over the cap of ${MAX_NEIGHBOR_PAIRS}`);
  }
  const images = n * points.lattice.perpendicularWidths.reduce((a, w) => a * (2 * Math.ceil(cutoff / w) + 1), 1);
  if (!(images <= MAX_IMAGE_ATOMS)) {
    throw new NeighborLimitError(`a ${cutoff} Å cutoff needs ~${Math.round(images)} periodic images of ${n} atoms (cell widths ${points.lattice.perpendicularWidths.map((w) => w.toPrecision(3)).join(', ')} Å), over the cap of ${MAX_IMAGE_ATOMS}`);
  }
}

/** Every (centre, neighbour, image) pair within the cutoff, sorted per centre by distance. */
export interface NeighborList {
  readonly natoms: number;
  readonly cutoff: number;
  /** [N + 1] int32: pairs of centre i are offsets[i] ≤ e < offsets[i + 1]. */
  readonly offsets: Int32Array;
  /** [E] int32: neighbour site index. */
  readonly neighbors: Int32Array;
  /** [E, 3] int32: lattice translation of the neighbour's image. */
  readonly images: Int32Array;
  /** [E] float64: distance, Å. */
  readonly distances: Float64Array;
}

/** Distances equal within this (Å) count as ties, broken by neighbour index then image. */
export const DISTANCE_TIE_TOLERANCE = 1e-6;

/** Below this (Å) an image is the centre itself. */
const SELF_DISTANCE = 1e-8;

interface ImageCloud {
  readonly xyz: Float64Array; // [M, 3] Cartesian, Å
  readonly site: Int32Array; // [M]
  readonly shift: Int32Array; // [M, 3]
  readonly count: number;
}

/** Images of all atoms that lie within `cutoff` of the cell's bounding box. */
function imageCloud(structure: PeriodicPoints, cartesian: Float64Array, cutoff: number): ImageCloud {
  const m = structure.lattice.matrix;
  const widths = structure.lattice.perpendicularWidths;
  const range = widths.map((w) => Math.ceil(cutoff / w));
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let a = 0; a < structure.natoms; a++) {
    for (let d = 0; d < 3; d++) {
      lo[d] = Math.min(lo[d]!, cartesian[3 * a + d]! - cutoff);
      hi[d] = Math.max(hi[d]!, cartesian[3 * a + d]! + cutoff);
    }
  }
  const n = structure.natoms;
  const cap = n * (2 * range[0]! + 1) * (2 * range[1]! + 1) * (2 * range[2]! + 1);
  const xyz = new Float64Array(cap * 3);
  const site = new Int32Array(cap);
  const shift = new Int32Array(cap * 3);
  let count = 0;
  for (let i = -range[0]!; i <= range[0]!; i++) for (let j = -range[1]!; j <= range[1]!; j++) for (let k = -range[2]!; k <= range[2]!; k++) {
    const t0 = i * m[0]! + j * m[3]! + k * m[6]!;
    const t1 = i * m[1]! + j * m[4]! + k * m[7]!;
    const t2 = i * m[2]! + j * m[5]! + k * m[8]!;
    for (let a = 0; a < n; a++) {
      const x = cartesian[3 * a]! + t0, y = cartesian[3 * a + 1]! + t1, z = cartesian[3 * a + 2]! + t2;
      if (x < lo[0]! || x > hi[0]! || y < lo[1]! || y > hi[1]! || z < lo[2]! || z > hi[2]!) continue;
      xyz[3 * count] = x; xyz[3 * count + 1] = y; xyz[3 * count + 2] = z;
      site[count] = a;
      shift[3 * count] = i; shift[3 * count + 1] = j; shift[3 * count + 2] = k;
      count++;
    }
  }
  return { xyz, site, shift, count };
}

/** Bins the cloud on a grid of `size`-Å cubes; returns CSR bin → point lists. */
function binCloud(cloud: ImageCloud, origin: number[], size: number, dims: number[]) {
  const nbins = dims[0]! * dims[1]! * dims[2]!;
  const binOf = new Int32Array(cloud.count);
  const start = new Int32Array(nbins + 1);
  for (let p = 0; p < cloud.count; p++) {
    const b = [0, 1, 2].map((d) => Math.min(dims[d]! - 1, Math.floor((cloud.xyz[3 * p + d]! - origin[d]!) / size)));
    binOf[p] = (b[0]! * dims[1]! + b[1]!) * dims[2]! + b[2]!;
    start[binOf[p]! + 1]!++;
  }
  for (let b = 0; b < nbins; b++) start[b + 1]! += start[b]!;
  const fill = start.slice(0, nbins);
  const points = new Int32Array(cloud.count);
  for (let p = 0; p < cloud.count; p++) points[fill[binOf[p]!]!++] = p;
  return { start, points };
}

/**
 * All neighbours within `cutoff` Å of every site, over periodic images. Throws
 * NeighborLimitError when the search would exceed MAX_NEIGHBOR_PAIRS or MAX_IMAGE_ATOMS.
 */
export function findNeighbors(structure: PeriodicPoints, cutoff: number): NeighborList {
  if (!(cutoff > 0 && Number.isFinite(cutoff))) throw new RangeError(`cutoff must be a positive number of Å, got ${cutoff}`);
  checkNeighborWork(structure, cutoff);
  const n = structure.natoms;
  const cart = structure.cartesianCoords();
  const cloud = imageCloud(structure, cart, cutoff);
  const along = (d: number, pick: (a: number, b: number) => number) => { let v = cart[d]!; for (let a = 1; a < n; a++) v = pick(v, cart[3 * a + d]!); return v; };
  const origin = [0, 1, 2].map((d) => along(d, Math.min) - cutoff);
  const extent = [0, 1, 2].map((d) => along(d, Math.max) + cutoff - origin[d]!);
  // Bins at least `cutoff` wide (so the 27 around a point hold all its neighbours), wider when a big box would need too many.
  const size = Math.max(cutoff, Math.cbrt((extent[0]! * extent[1]! * extent[2]!) / MAX_BINS) * 1.01);
  const dims = extent.map((e) => Math.max(1, Math.ceil(e / size)));
  const { start, points } = binCloud(cloud, origin, size, dims);
  const perCentre: { nb: number[]; d: number[]; p: number[] }[] = [];
  const cut2 = cutoff * cutoff;
  for (let a = 0; a < n; a++) {
    const found = { nb: [] as number[], d: [] as number[], p: [] as number[] };
    const [x, y, z] = [cart[3 * a]!, cart[3 * a + 1]!, cart[3 * a + 2]!];
    const b = [x, y, z].map((v, d) => Math.min(dims[d]! - 1, Math.floor((v - origin[d]!) / size)));
    for (let i = Math.max(0, b[0]! - 1); i <= Math.min(dims[0]! - 1, b[0]! + 1); i++)
      for (let j = Math.max(0, b[1]! - 1); j <= Math.min(dims[1]! - 1, b[1]! + 1); j++)
        for (let k = Math.max(0, b[2]! - 1); k <= Math.min(dims[2]! - 1, b[2]! + 1); k++) {
          const bin = (i * dims[1]! + j) * dims[2]! + k;
          for (let q = start[bin]!; q < start[bin + 1]!; q++) {
            const p = points[q]!;
            const dx = cloud.xyz[3 * p]! - x, dy = cloud.xyz[3 * p + 1]! - y, dz = cloud.xyz[3 * p + 2]! - z;
            const d2 = dx * dx + dy * dy + dz * dz;
            if (d2 > cut2 || d2 < SELF_DISTANCE * SELF_DISTANCE) continue;
            found.nb.push(cloud.site[p]!); found.d.push(Math.sqrt(d2)); found.p.push(p);
          }
        }
    perCentre.push(found);
  }
  return packNeighborList(n, cutoff, perCentre, cloud);
}

function packNeighborList(
  n: number, cutoff: number, perCentre: { nb: number[]; d: number[]; p: number[] }[], cloud: ImageCloud,
): NeighborList {
  const offsets = new Int32Array(n + 1);
  perCentre.forEach((f, a) => (offsets[a + 1] = offsets[a]! + f.nb.length));
  const total = offsets[n]!;
  const neighbors = new Int32Array(total);
  const images = new Int32Array(total * 3);
  const distances = new Float64Array(total);
  perCentre.forEach((f, a) => {
    const order = f.nb.map((_, e) => e).sort((u, v) => compareNeighbors(f, cloud, u, v));
    order.forEach((e, r) => {
      const out = offsets[a]! + r;
      neighbors[out] = f.nb[e]!;
      distances[out] = f.d[e]!;
      images.set(cloud.shift.subarray(3 * f.p[e]!, 3 * f.p[e]! + 3), 3 * out);
    });
  });
  return { natoms: n, cutoff, offsets, neighbors, images, distances };
}

/** Distance first; within the tie tolerance, neighbour index, then image (lexicographic). */
function compareNeighbors(f: { nb: number[]; d: number[]; p: number[] }, cloud: ImageCloud, u: number, v: number): number {
  const dd = f.d[u]! - f.d[v]!;
  if (Math.abs(dd) > DISTANCE_TIE_TOLERANCE) return dd;
  if (f.nb[u] !== f.nb[v]) return f.nb[u]! - f.nb[v]!;
  for (let c = 0; c < 3; c++) {
    const s = cloud.shift[3 * f.p[u]! + c]! - cloud.shift[3 * f.p[v]! + c]!;
    if (s) return s;
  }
  return 0;
}
