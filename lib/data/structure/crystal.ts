// Crystal structures: a lattice plus sites (fractional positions, possibly disordered
// species), and reading them from CIF text.
import { InputError } from '../../errors.js';
import { CifBlock, cifNumber, findLoop, loopColumn, parseCifBlocks } from './cif.js';
import { Composition, compositionMass, reducedFormula } from '../chemistry/composition.js';
import { Element, elementBySymbol, isElementSymbol } from '../chemistry/elements.js';
import { Lattice, Vec3 } from './lattice.js';
import { NeighborLimitError, NeighborList, findNeighbors } from './neighbors.js';
import { IDENTITY_OP, SymmetryOp, applySymmetryOp, parseSymmetryOp } from './symmetry_ops.js';

/** One species on a site with its occupancy (0, 1]. */
export interface SpeciesOccupancy {
  readonly element: Element;
  readonly occupancy: number;
}

export interface Site {
  /** One entry for an ordered site; several (virtual crystal) for a disordered one. */
  readonly species: readonly SpeciesOccupancy[];
  /** Fractional coordinates, wrapped into [0, 1). */
  readonly frac: Vec3;
  readonly label: string;
}

/** g/cm³ per (u/Å³): 1 u = 1.66053906660e-24 g, 1 Å³ = 1e-24 cm³. */
const DENSITY_FACTOR = 1.6605390666;
/** A site is ordered when its single occupancy is within this of 1. */
const ORDERED_TOLERANCE = 1e-3;

export class Structure {
  /**
   * `warnings`: what reading the structure left out or could not use (an incomplete loop row,
   * implicit hydrogens), one line each; empty for a clean read.
   */
  constructor(readonly lattice: Lattice, readonly sites: readonly Site[], readonly id = '', readonly warnings: readonly string[] = []) {}

  get natoms(): number {
    return this.sites.length;
  }

  /** Cell volume, Å³. */
  get volume(): number {
    return this.lattice.volume;
  }

  /** True when every site holds one species at full occupancy. */
  get isOrdered(): boolean {
    return this.sites.every((s) => s.species.length === 1 && Math.abs(s.species[0]!.occupancy - 1) < ORDERED_TOLERANCE);
  }

  /** Element symbol → amount in the cell (occupancy-weighted). */
  composition(): Composition {
    const c = new Map<string, number>();
    for (const site of this.sites) {
      for (const { element, occupancy } of site.species) c.set(element.symbol, (c.get(element.symbol) ?? 0) + occupancy);
    }
    return c;
  }

  reducedFormula(): string {
    return reducedFormula(this.composition());
  }

  /** Mass density, g/cm³. */
  get density(): number {
    return (compositionMass(this.composition()) * DENSITY_FACTOR) / this.volume;
  }

  /** [N, 3] float64: Cartesian positions, Å. */
  cartesianCoords(): Float64Array {
    const out = new Float64Array(this.sites.length * 3);
    this.sites.forEach((s, i) => out.set(this.lattice.toCartesian(s.frac), 3 * i));
    return out;
  }

  /** The same crystal in an n1 × n2 × n3 supercell. */
  supercell(n1: number, n2: number, n3: number): Structure {
    const m = this.lattice.matrix;
    const scaled = [0, 1, 2].flatMap((i) => [m[3 * i]!, m[3 * i + 1]!, m[3 * i + 2]!].map((x) => x * [n1, n2, n3][i]!));
    const sites: Site[] = [];
    for (let i = 0; i < n1; i++) for (let j = 0; j < n2; j++) for (let k = 0; k < n3; k++) {
      for (const s of this.sites) {
        sites.push({ ...s, frac: [(s.frac[0] + i) / n1, (s.frac[1] + j) / n2, (s.frac[2] + k) / n3] });
      }
    }
    return new Structure(new Lattice(scaled), sites, this.id);
  }
}

export class StructureError extends InputError {
  constructor(message: string) {
    super(message);
  }
}

export interface CifReadOptions {
  /** Images of one site closer than this (Å) are one site; different labels there share it. */
  readonly mergeTolerance?: number;
  /** Accept partially occupied / mixed sites (virtual crystal); otherwise they are an error. */
  readonly allowDisorder?: boolean;
}

/**
 * Atoms closer than this (Å) are physically impossible (the shortest bond, H–H in H₂, is
 * 0.74 Å): such a structure is refused. Two partially occupied sites may be closer (split
 * positions of a disordered structure are alternatives, not neighbours).
 */
export const MIN_INTERATOMIC_DISTANCE = 0.5;

/** Most sites of one cell after symmetry expansion (merging images is quadratic in them). */
export const MAX_EXPANDED_SITES = 10_000;

/** Each data block of CIF text that holds atoms: its structure, or why it cannot be read. */
export function readCifBlocks(text: string, options: CifReadOptions = {}): { name: string; structure?: Structure; reason?: string; error?: InputError }[] {
  const blocks = parseCifBlocks(text).filter((b) => findLoop(b, '_atom_site_fract_x'));
  if (blocks.length === 0) throw new StructureError('no data block with _atom_site_fract_x');
  return blocks.map((b) => {
    try {
      return { name: b.name, structure: structureFromCifBlock(b, options) };
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      return { name: b.name, reason: e.message, error: e };
    }
  });
}

/** Reads every data block of CIF text that holds atoms into a Structure; any bad block is an error. */
export function structuresFromCif(text: string, options: CifReadOptions = {}): Structure[] {
  return readCifBlocks(text, options).map((b) => {
    if (!b.structure) throw b.error!;
    return b.structure;
  });
}

/** Reads the first structure of CIF text (see structuresFromCif). */
export function structureFromCif(text: string, options: CifReadOptions = {}): Structure {
  return structuresFromCif(text, options)[0]!;
}

function cellFromBlock(block: CifBlock): Lattice {
  const p = ['a', 'b', 'c'].map((x) => cifNumber(block.items.get(`_cell_length_${x}`)));
  const q = ['alpha', 'beta', 'gamma'].map((x) => cifNumber(block.items.get(`_cell_angle_${x}`)));
  const missing = [...p, ...q].some((v) => Number.isNaN(v));
  if (missing) throw new StructureError('cell lengths or angles missing or unreadable');
  return Lattice.fromParameters(p[0]!, p[1]!, p[2]!, q[0]!, q[1]!, q[2]!);
}

const SYMOP_TAGS = ['_symmetry_equiv_pos_as_xyz', '_space_group_symop_operation_xyz'];

/**
 * The element of a CIF type symbol or label, read strictly: an element symbol (any case)
 * followed by nothing or by a non-letter ('Fe', 'Fe3+', 'O1', 'NA1'); 'D'/'T' are hydrogen.
 * Anything else ('Cx', 'Wat1', 'OW1') is refused rather than guessed from its first letter.
 */
export function siteElement(text: string): Element | null {
  const m = /^([A-Za-z]+)(?:[^A-Za-z].*)?$/s.exec(text.trim());
  if (!m) return null;
  const letters = m[1]!;
  if (letters.length > 2) return null;
  const symbol = letters[0]!.toUpperCase() + letters.slice(1).toLowerCase();
  if (symbol === 'D' || symbol === 'T') return elementBySymbol('H');
  return isElementSymbol(symbol) ? elementBySymbol(symbol) : null;
}

const isUnknownValue = (v: string | undefined) => v === undefined || v === '?' || v === '.' || v.trim() === '';

function symmetryOpsFromBlock(block: CifBlock): SymmetryOp[] {
  for (const tag of SYMOP_TAGS) {
    const loop = findLoop(block, tag);
    if (loop) return loop.rows.map((r) => parseSymmetryOp(r[loop.tags.indexOf(tag)]!));
    const single = block.items.get(tag);
    if (single) return [parseSymmetryOp(single)];
  }
  return [IDENTITY_OP];
}

interface AsymmetricSite {
  readonly element: Element;
  readonly occupancy: number;
  readonly frac: Vec3;
  readonly label: string;
}

function asymmetricSites(block: CifBlock): AsymmetricSite[] {
  const loop = findLoop(block, '_atom_site_fract_x')!;
  const col = (...tags: string[]) => loopColumn(loop, ...tags);
  const [cx, cy, cz] = [col('_atom_site_fract_x'), col('_atom_site_fract_y'), col('_atom_site_fract_z')];
  if (cy < 0 || cz < 0) throw new StructureError('atom sites lack _atom_site_fract_y or _z');
  const cType = col('_atom_site_type_symbol');
  const cLabel = col('_atom_site_label');
  const cOcc = col('_atom_site_occupancy');
  return loop.rows.map((row, r) => {
    const label = cLabel >= 0 && !isUnknownValue(row[cLabel]) ? row[cLabel]! : `site${r}`;
    // '?' or '.' as the type symbol: the label names the element (as pymatgen reads it).
    const symbol = cType >= 0 && !isUnknownValue(row[cType]) ? row[cType]! : label;
    const element = siteElement(symbol);
    if (!element) throw new StructureError(`unknown element '${symbol}' (site ${label})`);
    const frac = [cx, cy, cz].map((c) => cifNumber(row[c])) as Vec3;
    if (frac.some((v) => !Number.isFinite(v))) throw new StructureError(`site ${label} has unreadable coordinates`);
    const occ = cOcc >= 0 ? cifNumber(row[cOcc]) : 1;
    const occupancy = Number.isNaN(occ) ? 1 : occ;
    if (!(occupancy > 0 && occupancy <= 1 + ORDERED_TOLERANCE)) {
      throw new StructureError(`site ${label} has occupancy ${occupancy} outside (0, 1]`);
    }
    return { element, occupancy: Math.min(occupancy, 1), frac, label };
  });
}

const wrap = (x: number) => {
  const w = x - Math.floor(x);
  return w >= 1 - 1e-12 ? 0 : w;
};

function cartesianGap(lattice: Lattice, a: Vec3, b: Vec3): number {
  const d = [0, 1, 2].map((i) => {
    const x = a[i]! - b[i]!;
    return x - Math.round(x);
  });
  const r = lattice.toCartesian(d);
  return Math.hypot(r[0], r[1], r[2]);
}

function structureFromCifBlock(block: CifBlock, options: CifReadOptions): Structure {
  const tol = options.mergeTolerance ?? 0.05;
  const lattice = cellFromBlock(block);
  const ops = symmetryOpsFromBlock(block);
  const merged: { frac: Vec3; label: string; species: Map<Element, number> }[] = [];
  const asymmetric = asymmetricSites(block);
  if (asymmetric.length * ops.length > MAX_EXPANDED_SITES * 8) {
    throw new StructureError(`${asymmetric.length} sites × ${ops.length} symmetry operations is over the cap of ${MAX_EXPANDED_SITES * 8} images to expand`);
  }
  for (const site of asymmetric) {
    const images: Vec3[] = [];
    for (const op of ops) {
      const f = applySymmetryOp(op, site.frac).map(wrap) as Vec3;
      if (!f.every(Number.isFinite)) throw new StructureError(`site ${site.label} has non-finite coordinates after symmetry expansion`);
      if (!images.some((g) => cartesianGap(lattice, f, g) < tol)) images.push(f);
    }
    for (const f of images) {
      const host = merged.find((m) => cartesianGap(lattice, f, m.frac) < tol);
      if (!host && merged.length >= MAX_EXPANDED_SITES) throw new StructureError(`more than ${MAX_EXPANDED_SITES} sites in the cell (the cap)`);
      if (!host) merged.push({ frac: f, label: site.label, species: new Map([[site.element, site.occupancy]]) });
      else host.species.set(site.element, (host.species.get(site.element) ?? 0) + site.occupancy);
    }
  }
  const sites: Site[] = merged.map((m) => {
    const total = [...m.species.values()].reduce((a, b) => a + b, 0);
    if (total > 1 + 0.01) throw new StructureError(`site ${m.label} has total occupancy ${total.toFixed(3)} > 1`);
    return { frac: m.frac, label: m.label, species: [...m.species].map(([element, occupancy]) => ({ element, occupancy })) };
  });
  if (sites.length === 0) throw new StructureError('no atom sites');
  checkMinimumDistance(lattice, sites);
  const structure = new Structure(lattice, sites, block.name, [...block.problems, ...implicitHydrogenWarning(block)]);
  if (!options.allowDisorder && !structure.isOrdered) {
    throw new StructureError('partial occupancy (disordered sites) where an ordered structure is required');
  }
  return structure;
}

/** Refuses atoms closer than MIN_INTERATOMIC_DISTANCE, periodic images included. */
function checkMinimumDistance(lattice: Lattice, sites: readonly Site[]): void {
  const points = { lattice, natoms: sites.length, cartesianCoords: () => Float64Array.from(sites.flatMap((s) => lattice.toCartesian(s.frac))) };
  let list: NeighborList;
  try {
    list = findNeighbors(points, MIN_INTERATOMIC_DISTANCE);
  } catch (e) {
    if (e instanceof NeighborLimitError) throw new StructureError(`cell too thin to check interatomic distances: ${e.message}`);
    throw e;
  }
  const full = (i: number) => sites[i]!.species.reduce((a, s) => a + s.occupancy, 0) >= 1 - ORDERED_TOLERANCE;
  for (let a = 0; a < sites.length; a++) {
    for (let e = list.offsets[a]!; e < list.offsets[a + 1]!; e++) {
      const b = list.neighbors[e]!;
      if (a === b || full(a) || full(b)) {
        const what = a === b ? `site ${sites[a]!.label} and its periodic image` : `sites ${sites[a]!.label} and ${sites[b]!.label}`;
        throw new StructureError(`${what} are ${list.distances[e]!.toFixed(3)} Å apart, closer than the physical minimum of ${MIN_INTERATOMIC_DISTANCE} Å`);
      }
    }
  }
}

/** pymatgen's reading: hydrogens counted in _atom_site_attached_hydrogens are not placed; say so. */
function implicitHydrogenWarning(block: CifBlock): string[] {
  const loop = findLoop(block, '_atom_site_attached_hydrogens');
  if (!loop) return [];
  const c = loop.tags.indexOf('_atom_site_attached_hydrogens');
  const count = loop.rows.reduce((sum, r) => sum + (Number.isFinite(cifNumber(r[c])) ? cifNumber(r[c]) : 0), 0);
  return count > 0 ? [`${count} implicit hydrogen atoms (_atom_site_attached_hydrogens) are not in the structure`] : [];
}
