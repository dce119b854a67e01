// One OPTIMADE `structures` entry → a P1 CIF (OPTIMADE spec v1, "Structures Entries"):
// lattice_vectors [3][3] Å (rows a, b, c), cartesian_site_positions [N][3] Å,
// species_at_sites [N] names into species[] {name, chemical_symbols[], concentration[]}.
// Fractional coordinates are Cartesian · lattice⁻¹; a species with several symbols (or a
// concentration < 1) becomes a partially occupied site; "vacancy" only lowers occupancy.
import { isElementSymbol } from '../chemistry/elements.js';
import { Lattice, Vec3 } from '../structure/lattice.js';
import { CifSite, CifSpecies, writeP1Cif } from './cif_writer.js';

/** The response fields the conversion needs. */
export const OPTIMADE_STRUCTURE_FIELDS = [
  'lattice_vectors', 'cartesian_site_positions', 'species_at_sites', 'species', 'chemical_formula_reduced', 'nsites',
] as const;

export interface OptimadeEntry {
  readonly id: string;
  readonly type?: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

interface OptimadeSpecies {
  readonly name: string;
  readonly chemical_symbols: readonly string[];
  readonly concentration: readonly number[];
}

/** Why an entry cannot become a structure (the entry is reported and skipped, not fatal). */
export class EntryConversionError extends Error {}

const isVec3 = (v: unknown): v is Vec3 => Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x));

function readSpecies(value: unknown, names: readonly string[]): Map<string, OptimadeSpecies> {
  const out = new Map<string, OptimadeSpecies>();
  if (Array.isArray(value)) {
    for (const s of value as Partial<OptimadeSpecies>[]) {
      if (!s || typeof s.name !== 'string' || !Array.isArray(s.chemical_symbols)) throw new EntryConversionError('species entry without name or chemical_symbols');
      const conc = Array.isArray(s.concentration) ? s.concentration : s.chemical_symbols.map(() => 1 / s.chemical_symbols!.length);
      if (conc.length !== s.chemical_symbols.length) throw new EntryConversionError(`species ${s.name}: ${s.chemical_symbols.length} symbols but ${conc.length} concentrations`);
      out.set(s.name, { name: s.name, chemical_symbols: s.chemical_symbols, concentration: conc });
    }
  }
  // Without a species list, a site name is its element (allowed when names are symbols).
  for (const n of names) if (!out.has(n)) out.set(n, { name: n, chemical_symbols: [n], concentration: [1] });
  return out;
}

function siteSpecies(species: OptimadeSpecies): CifSpecies[] {
  const out: CifSpecies[] = [];
  species.chemical_symbols.forEach((symbol, i) => {
    const c = species.concentration[i]!;
    if (symbol === 'vacancy') return;
    if (!isElementSymbol(symbol)) throw new EntryConversionError(`species ${species.name} has unknown element '${symbol}'`);
    if (!(c > 0 && c <= 1 + 1e-6)) throw new EntryConversionError(`species ${species.name}: concentration ${c} of ${symbol} outside (0, 1]`);
    out.push({ symbol, occupancy: Math.min(c, 1) });
  });
  if (out.length === 0) throw new EntryConversionError(`species ${species.name} holds no element`);
  return out;
}

/** Lattice and sites of an entry; throws EntryConversionError with the reason. */
export function optimadeSites(attributes: Readonly<Record<string, unknown>>): { lattice: Lattice; sites: CifSite[] } {
  const lv = attributes.lattice_vectors;
  if (!Array.isArray(lv) || lv.length !== 3 || !lv.every(isVec3)) {
    throw new EntryConversionError('lattice_vectors missing or not three finite 3-vectors (non-periodic structure?)');
  }
  const positions = attributes.cartesian_site_positions;
  const names = attributes.species_at_sites;
  if (!Array.isArray(positions) || !positions.every(isVec3)) throw new EntryConversionError('cartesian_site_positions missing or not finite 3-vectors');
  if (!Array.isArray(names) || names.length !== positions.length || !names.every((n) => typeof n === 'string')) {
    throw new EntryConversionError('species_at_sites missing or not one name per site');
  }
  if (positions.length === 0) throw new EntryConversionError('no sites');
  let lattice: Lattice;
  try {
    lattice = new Lattice((lv as Vec3[]).flat());
  } catch (e) {
    throw new EntryConversionError((e as Error).message);
  }
  const species = readSpecies(attributes.species, names as string[]);
  const sites = (positions as Vec3[]).map((r, i) => ({ frac: lattice.toFractional(r), species: siteSpecies(species.get((names as string[])[i]!)!) }));
  return { lattice, sites };
}

/** P1 CIF text of an OPTIMADE structure entry. */
export function optimadeEntryToCif(entry: OptimadeEntry, origin = 'matalign from OPTIMADE'): string {
  const { lattice, sites } = optimadeSites(entry.attributes);
  return writeP1Cif(String(entry.id), lattice, sites, origin);
}
