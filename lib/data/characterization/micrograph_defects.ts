// Point defects placed in the projected columns near the centre of the field: one missing
// atom (vacancy), one heavier atom in place of a host atom (substitution), one extra atom
// in the widest gap between columns (interstitial), two neighbouring atoms of different
// elements swapped between columns (antisite).
import { Rng } from '../../rng.js';
import { elementByZ } from '../chemistry/elements.js';
import { Column, ColumnAtom, MicrographError } from './micrograph_columns.js';

export const DEFECT_KINDS = ['pristine', 'vacancy', 'substitution', 'interstitial', 'antisite'] as const;
export type DefectKind = (typeof DEFECT_KINDS)[number];

export interface DefectSettings {
  /** Defects sit within this distance of the field centre, Å. */
  readonly radius: number;
  /** A substituting atom is heavier than the host by a Z drawn from [min, max]. */
  readonly substitutionDeltaZ: readonly [number, number];
  /** Atoms stacked in an interstitial column (1 = a single interstitial atom). */
  readonly interstitialAtoms: number;
  /** Column contrast exponent γ: vacancies, substitutions and interstitials favour atoms by (Z^γ)², i.e. the ones HAADF can see. */
  readonly zExponent: number;
}

export interface PlacedDefect {
  readonly kind: Exclude<DefectKind, 'pristine'>;
  /** Position in the image plane relative to the field centre, Å. */
  readonly x: number;
  readonly y: number;
  /** What changed, e.g. 'Ga → Bi at depth 12.4 Å'. */
  readonly detail: string;
}

export function isDefectKind(name: string): name is DefectKind {
  return (DEFECT_KINDS as readonly string[]).includes(name);
}

const symbol = (Z: number) => elementByZ(Z).symbol;

/** Columns near the centre, in a seeded random order (the nearest few when none is within the radius). */
function centralColumns(columns: readonly Column[], radius: number, rng: Rng): number[] {
  const byDistance = columns.map((c, i) => [Math.hypot(c.x, c.y), i] as const).sort((a, b) => a[0] - b[0]);
  const inside = byDistance.filter(([d]) => d <= radius).map(([, i]) => i);
  return rng.shuffle(inside.length > 0 ? inside : byDistance.slice(0, 5).map(([, i]) => i));
}

function replaceColumn(columns: readonly Column[], index: number, atoms: ColumnAtom[]): Column[] {
  const out = [...columns];
  out[index] = { ...columns[index]!, atoms: atoms.sort((a, b) => a.depth - b.depth) };
  return out;
}

/**
 * The columns with one defect of `kind` applied near the centre, and where it is.
 * `hostZ` are the atomic numbers of the crystal (species of an interstitial).
 * Throws MicrographError when the crystal cannot hold the defect (antisite in an element).
 */
export function applyDefect(
  columns: readonly Column[], kind: DefectKind, settings: DefectSettings, hostZ: readonly number[], thickness: number, rng: Rng,
): { columns: Column[]; defect: PlacedDefect | null } {
  if (kind === 'pristine') return { columns: [...columns], defect: null };
  if (columns.length === 0) throw new MicrographError('no atomic columns in the field of view');
  const candidates = centralColumns(columns, settings.radius, rng);
  if (kind === 'interstitial') return addInterstitial(columns, settings, hostZ, thickness, rng);
  if (kind === 'antisite') return swapAntisite(columns, candidates, rng);
  const [index, a] = pickWeightedAtom(columns, candidates.slice(0, 8), settings.zExponent, rng);
  const column = columns[index]!;
  const atom = column.atoms[a]!;
  const rest = column.atoms.filter((_, i) => i !== a);
  const where = `at depth ${atom.depth.toFixed(1)} Å`;
  if (kind === 'vacancy') {
    return { columns: replaceColumn(columns, index, rest), defect: { kind, x: column.x, y: column.y, detail: `${symbol(atom.Z)} removed ${where}` } };
  }
  const [lo, hi] = settings.substitutionDeltaZ;
  // Capped at uranium unless the host is already that heavy: always heavier than the host.
  const Z = Math.min(atom.Z + lo + rng.int(Math.max(1, hi - lo + 1)), Math.max(92, atom.Z + lo));
  const detail = `${symbol(atom.Z)} → ${symbol(Z)} ${where}`;
  return { columns: replaceColumn(columns, index, [...rest, { Z, depth: atom.depth }]), defect: { kind, x: column.x, y: column.y, detail } };
}

/** A (column, atom) among the candidate columns, chosen with probability ∝ Z^2γ. */
function pickWeightedAtom(columns: readonly Column[], candidates: readonly number[], zExponent: number, rng: Rng): [number, number] {
  const atoms = candidates.flatMap((i) => columns[i]!.atoms.map((atom, a) => [i, a, atom.Z ** (2 * zExponent)] as const));
  let r = rng.uniform() * atoms.reduce((s, x) => s + x[2], 0);
  for (const [i, a, w] of atoms) if ((r -= w) < 0) return [i, a];
  const last = atoms[atoms.length - 1]!;
  return [last[0], last[1]];
}

function pickWeighted<T>(items: readonly T[], weights: readonly number[], rng: Rng): T {
  let r = rng.uniform() * weights.reduce((s, w) => s + w, 0);
  for (let i = 0; i < items.length; i++) if ((r -= weights[i]!) < 0) return items[i]!;
  return items[items.length - 1]!;
}

/** One extra atom (or a short stack) at a widest gap between columns near the centre. */
function addInterstitial(
  columns: readonly Column[], settings: DefectSettings, hostZ: readonly number[], thickness: number, rng: Rng,
): { columns: Column[]; defect: PlacedDefect } {
  const near = columns.filter((c) => Math.hypot(c.x, c.y) <= settings.radius + 6);
  const spots: { x: number; y: number; clearance: number }[] = [];
  const step = 0.1;
  for (let x = -settings.radius; x <= settings.radius; x += step) {
    for (let y = -settings.radius; y <= settings.radius; y += step) {
      if (Math.hypot(x, y) > settings.radius) continue;
      const clearance = near.reduce((m, c) => Math.min(m, Math.hypot(c.x - x, c.y - y)), Infinity);
      spots.push({ x, y, clearance });
    }
  }
  const best = spots.reduce((m, s) => Math.max(m, s.clearance), 0);
  const spot = rng.pick(spots.filter((s) => s.clearance >= 0.85 * best));
  const Z = pickWeighted(hostZ, hostZ.map((z) => z ** (2 * settings.zExponent)), rng);
  const atoms = Array.from({ length: settings.interstitialAtoms }, () => ({ Z, depth: rng.uniform() * thickness }));
  const detail = `${settings.interstitialAtoms} × ${symbol(Z)} between columns (${spot.clearance.toFixed(2)} Å from the nearest)`;
  return { columns: [...columns, { x: spot.x, y: spot.y, atoms }], defect: { kind: 'interstitial', x: spot.x, y: spot.y, detail } };
}

/** Swaps an atom of a central column with the nearest-depth atom of another element in a column within 4 Å. */
function swapAntisite(columns: readonly Column[], candidates: readonly number[], rng: Rng): { columns: Column[]; defect: PlacedDefect } {
  for (const i of candidates) {
    const c1 = columns[i]!;
    for (const a of rng.shuffle(c1.atoms.map((_, k) => k))) {
      const atom = c1.atoms[a]!;
      const partners = columns
        .map((c, j) => ({ c, j, d: Math.hypot(c.x - c1.x, c.y - c1.y) }))
        .filter(({ c, j, d }) => j !== i && d > 0 && d < 4 && c.atoms.some((b) => b.Z !== atom.Z))
        .sort((p, q) => p.d - q.d);
      if (partners.length === 0) continue;
      const { c: c2, j } = partners[0]!;
      const others = c2.atoms.map((b, k) => [b, k] as const).filter(([b]) => b.Z !== atom.Z);
      const [partner, b] = others.reduce((m, o) => (Math.abs(o[0].depth - atom.depth) < Math.abs(m[0].depth - atom.depth) ? o : m));
      let out = replaceColumn(columns, i, c1.atoms.map((x, k) => (k === a ? { Z: partner.Z, depth: x.depth } : x)));
      out = replaceColumn(out, j, c2.atoms.map((x, k) => (k === b ? { Z: atom.Z, depth: x.depth } : x)));
      const detail = `${symbol(atom.Z)} ↔ ${symbol(partner.Z)} between columns ${Math.hypot(c2.x - c1.x, c2.y - c1.y).toFixed(2)} Å apart`;
      return { columns: out, defect: { kind: 'antisite', x: (c1.x + c2.x) / 2, y: (c1.y + c2.y) / 2, detail } };
    }
  }
  throw new MicrographError('antisite needs atoms of two elements in neighbouring columns near the centre');
}
