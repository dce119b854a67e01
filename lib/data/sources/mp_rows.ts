// Materials Project documents → rows in the shapes of the staged tables: MP-20
// (mp20/SOURCE.md: index, material_id, formation_energy_per_atom, band_gap, pretty_formula,
// e_above_hull, elements, cif, spacegroup.number) and MP elasticity (mp_elasticity/SOURCE.md:
// material_id, formula, k_vrh_GPa, g_vrh_GPa, density_g_cm3, nsites, spacegroup_number, cif).
// Structures arrive as pymatgen Structure dicts and are written as P1 CIFs.
import { Lattice, Vec3 } from '../structure/lattice.js';
import { structureFromCif } from '../structure/crystal.js';
import { spaceGroup } from '../structure/spacegroup.js';
import { CifSite, writeP1Cif } from './cif_writer.js';
import { ResponseFormatError } from './source_errors.js';

export type MpKind = 'summary' | 'elasticity';
export type MpRow = Readonly<Record<string, string | number | null>>;

export const MP20_COLUMNS = ['', 'material_id', 'formation_energy_per_atom', 'band_gap', 'pretty_formula', 'e_above_hull', 'elements', 'cif', 'spacegroup.number'] as const;
export const ELASTICITY_COLUMNS = ['material_id', 'formula', 'k_vrh_GPa', 'g_vrh_GPa', 'density_g_cm3', 'nsites', 'spacegroup_number', 'cif'] as const;

/** `_fields` asked of each endpoint. */
export const MP_FIELDS: Record<MpKind, readonly string[]> = {
  summary: ['material_id', 'formula_pretty', 'formation_energy_per_atom', 'band_gap', 'energy_above_hull', 'elements', 'symmetry', 'structure'],
  elasticity: ['material_id', 'formula_pretty', 'bulk_modulus', 'shear_modulus', 'symmetry', 'structure'],
};

interface PymatgenSite {
  readonly species?: readonly { element?: string; occu?: number }[];
  readonly abc?: readonly number[];
}

/** A pymatgen Structure dict (lattice.matrix rows in Å, sites[].abc fractional) → P1 CIF. */
export function pymatgenDictToCif(name: string, structure: unknown): string {
  const s = structure as { lattice?: { matrix?: unknown }; sites?: unknown } | null;
  const matrix = s?.lattice?.matrix;
  if (!s || !Array.isArray(matrix) || matrix.length !== 3 || !Array.isArray(s.sites) || s.sites.length === 0) {
    throw new ResponseFormatError(`${name}: structure is not a pymatgen Structure dict (lattice.matrix, sites)`);
  }
  const lattice = new Lattice((matrix as number[][]).flat());
  const sites: CifSite[] = (s.sites as PymatgenSite[]).map((site, i) => {
    if (!Array.isArray(site.abc) || site.abc.length !== 3 || !Array.isArray(site.species)) throw new ResponseFormatError(`${name}: site ${i} lacks abc or species`);
    return {
      frac: site.abc as unknown as Vec3,
      species: site.species.map((sp) => {
        const symbol = String(sp.element ?? '').replace(/[\d+-]+$/, ''); // "Fe2+" → Fe
        return { symbol, occupancy: typeof sp.occu === 'number' ? sp.occu : 1 };
      }),
    };
  });
  return writeP1Cif(name, lattice, sites, 'matalign from the Materials Project API');
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A Python list literal of strings, as the MP-20 `elements` column holds: "['Ga', 'Te']". */
function pythonList(items: unknown): string {
  return Array.isArray(items) ? `[${items.map((x) => `'${String(x)}'`).join(', ')}]` : '';
}

/** VRH average from `{vrh}` (current API) or a bare number / `k_vrh` (older documents), GPa. */
function vrh(value: unknown, legacy: unknown): number | null {
  if (value && typeof value === 'object') return num((value as { vrh?: unknown }).vrh);
  return num(value) ?? num(legacy);
}

/** One MP document → one row of the requested shape; `index` fills MP-20's unnamed first column. */
export function mpRow(kind: MpKind, doc: Readonly<Record<string, unknown>>, index: number): MpRow {
  const id = String(doc.material_id ?? '');
  if (!id) throw new ResponseFormatError(`document ${index} has no material_id`);
  const cif = pymatgenDictToCif(id, doc.structure);
  const symmetry = doc.symmetry as { number?: unknown } | undefined;
  if (kind === 'summary') {
    return {
      '': index, material_id: id, formation_energy_per_atom: num(doc.formation_energy_per_atom), band_gap: num(doc.band_gap),
      pretty_formula: String(doc.formula_pretty ?? ''), e_above_hull: num(doc.energy_above_hull), elements: pythonList(doc.elements),
      cif, 'spacegroup.number': num(symmetry?.number),
    };
  }
  const structure = structureFromCif(cif, { allowDisorder: true });
  return {
    material_id: id, formula: String(doc.formula_pretty ?? structure.reducedFormula()),
    k_vrh_GPa: vrh(doc.bulk_modulus, doc.k_vrh), g_vrh_GPa: vrh(doc.shear_modulus, doc.g_vrh),
    density_g_cm3: Number(structure.density.toFixed(4)), nsites: structure.natoms,
    spacegroup_number: num(symmetry?.number) ?? spaceGroup(structure, 0.1).number,
    cif,
  };
}
