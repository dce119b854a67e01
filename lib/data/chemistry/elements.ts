// The periodic table as the rest of matalign sees it: lookup by symbol or Z, derived
// group/period/block, and a fixed-length numeric feature vector per element.
import { InputError } from '../../errors.js';
import { ELEMENT_ROWS } from './element_table.js';

export type Block = 's' | 'p' | 'd' | 'f';

export interface Element {
  readonly symbol: string;
  /** Atomic number. */
  readonly Z: number;
  /** Standard atomic mass, u (g/mol). */
  readonly mass: number;
  /** Pauling electronegativity; null for elements without one (He, Ne, Ar). */
  readonly electronegativity: number | null;
  /** Empirical atomic radius, Å (Slater 1964). */
  readonly atomicRadius: number | null;
  /** Calculated atomic radius, Å (Clementi 1967). */
  readonly calculatedRadius: number | null;
  /** IUPAC group 1–18; lanthanides and actinides get 3. */
  readonly group: number;
  readonly period: number;
  readonly block: Block;
  /** Valence electrons: the group number for s/d-block, group − 10 for p-block (He: 2),
   *  all electrons outside the noble-gas core for the f-block. */
  readonly valenceElectrons: number;
}

const NOBLE_GAS_Z = [2, 10, 18, 36, 54, 86, 118];

function periodOf(Z: number): number {
  const p = NOBLE_GAS_Z.findIndex((z) => Z <= z);
  return p + 1;
}

function isLanthanideOrActinide(Z: number): boolean {
  return (Z >= 57 && Z <= 71) || (Z >= 89 && Z <= 103);
}

function groupOf(Z: number): number {
  if (Z === 1) return 1;
  if (Z === 2) return 18;
  const period = periodOf(Z);
  const start = NOBLE_GAS_Z[period - 2]! + 1; // Z of the alkali metal opening this period
  const offset = Z - start; // 0-based position in the period
  if (period <= 3) return offset < 2 ? offset + 1 : offset + 11;
  if (period <= 5) return offset + 1;
  // Periods 6 and 7: 14 f-block elements after group 2 (La/Ac counted in group 3).
  if (isLanthanideOrActinide(Z)) return 3;
  return offset < 2 ? offset + 1 : offset - 13;
}

function blockOf(Z: number, group: number): Block {
  if (isLanthanideOrActinide(Z)) return 'f';
  if (Z === 2 || group <= 2) return 's';
  if (group >= 13) return 'p';
  return 'd';
}

function buildTable(): { bySymbol: Map<string, Element>; byZ: Element[] } {
  const bySymbol = new Map<string, Element>();
  const byZ: Element[] = [];
  for (const [symbol, Z, mass, chi, radius, calcRadius, outsideCore] of ELEMENT_ROWS) {
    const group = groupOf(Z);
    const block = blockOf(Z, group);
    let valence = outsideCore;
    if (block === 's' || block === 'd') valence = group === 18 ? 2 : group;
    else if (block === 'p') valence = group - 10;
    const element: Element = Object.freeze({
      symbol, Z, mass, electronegativity: chi, atomicRadius: radius,
      calculatedRadius: calcRadius, group, period: periodOf(Z), block, valenceElectrons: valence,
    });
    bySymbol.set(symbol, element);
    byZ[Z] = element;
  }
  return { bySymbol, byZ };
}

const TABLE = buildTable();

/** Highest atomic number in the table. */
export const MAX_Z = ELEMENT_ROWS.length;

export class UnknownElementError extends InputError {
  constructor(readonly symbol: string) {
    super(`unknown element '${symbol}'`);
  }
}

/** The element with this symbol (case-sensitive, e.g. 'Fe'); throws UnknownElementError. */
export function elementBySymbol(symbol: string): Element {
  const e = TABLE.bySymbol.get(symbol);
  if (!e) throw new UnknownElementError(symbol);
  return e;
}

export function isElementSymbol(symbol: string): boolean {
  return TABLE.bySymbol.has(symbol);
}

export function elementByZ(Z: number): Element {
  const e = TABLE.byZ[Z];
  if (!e) throw new UnknownElementError(`Z=${Z}`);
  return e;
}

/**
 * Reads a CIF/pymatgen species label to its element: 'Fe', 'Fe2+', 'Fe3', 'O2-', 'Fe1_a',
 * 'FE' and 'D' (deuterium → H). Returns null when no element matches.
 */
export function elementFromLabel(label: string): Element | null {
  const m = /^([A-Za-z]{1,2})/.exec(label.trim());
  if (!m) return null;
  const letters = m[1]!;
  const candidates = [letters, letters[0]!];
  for (const c of candidates) {
    const symbol = c[0]!.toUpperCase() + c.slice(1).toLowerCase();
    if (symbol === 'D' || symbol === 'T') return elementBySymbol('H');
    const e = TABLE.bySymbol.get(symbol);
    if (e) return e;
  }
  return null;
}

/** Names of the columns of elementFeatures(), in order. */
export const ELEMENT_FEATURE_NAMES = [
  'Z/100', 'mass/250', 'electronegativity/4', 'atomic_radius/3', 'period/7', 'group/18',
  'block_s', 'block_p', 'block_d', 'block_f', 'valence/14',
] as const;

/** Electronegativity used where the table has none (noble gases): 0, i.e. "does not bond". */
const MISSING_ELECTRONEGATIVITY = 0;

/**
 * [F] float: a dense, roughly unit-scaled feature vector of one element
 * (F = ELEMENT_FEATURE_NAMES.length). Missing radii fall back to the calculated radius,
 * then to 1.5 Å.
 */
export function elementFeatures(e: Element): Float32Array {
  const radius = e.atomicRadius ?? e.calculatedRadius ?? 1.5;
  const block = ['s', 'p', 'd', 'f'].map((b) => (e.block === b ? 1 : 0));
  return Float32Array.from([
    e.Z / 100, e.mass / 250, (e.electronegativity ?? MISSING_ELECTRONEGATIVITY) / 4,
    radius / 3, e.period / 7, e.group / 18, ...block, e.valenceElectrons / 14,
  ]);
}
