// Property-prediction targets: which table column(s) each reads, how the value is derived
// and transformed, its unit, and what happens to censored values. Targets are read from a
// row's text fields (and its structure, for density), so any table with the columns works.
import { InputError } from '../errors.js';
import type { Structure } from '../data/structure/crystal.js';
import { parseCensored } from './metrics.js';

/**
 * 'value': the first column as a number. 'is_zero': class 1 where the column is 0 (metals:
 * band gap 0 eV), else 0. 'density': g/cm³ from the structure (mass / cell volume), else
 * from the first column. 'hardness_chen' / 'hardness_tian': Vickers hardness (GPa) from the
 * bulk (columns[0]) and shear (columns[1]) moduli in GPa.
 */
export type TargetCompute = 'value' | 'is_zero' | 'density' | 'hardness_chen' | 'hardness_tian';

export interface TargetSpec {
  readonly name: string;
  /** Columns read, in the order `compute` uses them. */
  readonly columns: readonly string[];
  readonly compute: TargetCompute;
  /** Applied after compute: 'log10' needs a positive value. */
  readonly transform: 'none' | 'log10';
  readonly task: 'regression' | 'classification';
  /** Unit of the value after transform ('eV/atom', 'log10(GPa)', 'class'). */
  readonly unit: string;
  /** What a bound such as '<1E-10' becomes: 'exclude' skips the row, 'bound' keeps it flagged. */
  readonly censored: 'exclude' | 'bound';
  /** Class names by label (classification only). */
  readonly classes?: readonly string[];
}

const regression = (name: string, columns: string[], unit: string, extra: Partial<TargetSpec> = {}): TargetSpec =>
  ({ name, columns, compute: 'value', transform: 'none', task: 'regression', unit, censored: 'exclude', ...extra });

const K = 'k_vrh_GPa';
const G = 'g_vrh_GPa';

/**
 * The named targets. Moduli are MP's VRH averages (mp_elasticity); ionic conductivity is
 * OBELiX's 'Ionic conductivity (S cm-1)', whose '<1E-10' entries are upper bounds.
 */
export const TARGETS: Readonly<Record<string, TargetSpec>> = Object.freeze({
  formation_energy_per_atom: regression('formation_energy_per_atom', ['formation_energy_per_atom'], 'eV/atom'),
  band_gap: regression('band_gap', ['band_gap'], 'eV'),
  e_above_hull: regression('e_above_hull', ['e_above_hull'], 'eV/atom'),
  is_metal: {
    name: 'is_metal', columns: ['band_gap'], compute: 'is_zero', transform: 'none', task: 'classification',
    unit: 'class', censored: 'exclude', classes: ['non-metal', 'metal'],
  },
  density: regression('density', ['density_g_cm3'], 'g/cm³', { compute: 'density' }),
  log_kvrh: regression('log_kvrh', [K], 'log10(GPa)', { transform: 'log10' }),
  log_gvrh: regression('log_gvrh', [G], 'log10(GPa)', { transform: 'log10' }),
  hardness_chen: regression('hardness_chen', [K, G], 'GPa', { compute: 'hardness_chen' }),
  hardness_tian: regression('hardness_tian', [K, G], 'GPa', { compute: 'hardness_tian' }),
  log_ionic_conductivity: regression('log_ionic_conductivity', ['Ionic conductivity (S cm-1)'], 'log10(S/cm)', {
    transform: 'log10', censored: 'bound',
  }),
});

/** The named target, or InputError listing the names. */
export function targetByName(name: string): TargetSpec {
  const spec = TARGETS[name];
  if (!spec) throw new InputError(`unknown target '${name}' (known: ${Object.keys(TARGETS).join(', ')})`);
  return spec;
}

/**
 * Named targets a table with this header can give (density also from a 'cif' column),
 * in TARGETS order: the default target list for a table.
 */
export function targetsPresent(header: readonly string[]): TargetSpec[] {
  const has = new Set(header);
  return Object.values(TARGETS).filter((t) =>
    t.compute === 'density' ? has.has('cif') || t.columns.every((c) => has.has(c)) : t.columns.every((c) => has.has(c)));
}

/** Chen et al. (2011) Vickers hardness, GPa: 2 (k² G)^0.585 − 3 with Pugh's ratio k = G/K; moduli in GPa. */
export function hardnessChen(bulkGPa: number, shearGPa: number): number {
  const k = shearGPa / bulkGPa;
  return 2 * (k * k * shearGPa) ** 0.585 - 3;
}

/** Tian et al. (2012) Vickers hardness, GPa: 0.92 k^1.137 G^0.708 with k = G/K; moduli in GPa. */
export function hardnessTian(bulkGPa: number, shearGPa: number): number {
  const k = shearGPa / bulkGPa;
  return 0.92 * k ** 1.137 * shearGPa ** 0.708;
}

/** What extractTarget reads: a table row's text fields and, where parsed, its structure. */
export interface TargetRow {
  readonly fields: Readonly<Record<string, string>>;
  readonly structure?: Structure | null;
}

export type TargetValue =
  | {
    readonly value: number;
    /** The value is an upper bound (only with censored: 'bound'). */
    readonly censored: boolean;
    /** A negative Chen hardness was clipped to 0 GPa (soft, ductile compounds). */
    readonly clipped: boolean;
  }
  | { readonly skip: string };

function cellNumber(row: TargetRow, column: string): { value: number; bound: 'upper' | 'lower' | null } | string {
  const text = row.fields[column];
  if (text === undefined) return `no column '${column}'`;
  const v = parseCensored(text);
  if (!v) return `'${column}' is not a number ('${text}')`;
  return v;
}

function moduli(spec: TargetSpec, row: TargetRow): [number, number] | string {
  const [k, g] = spec.columns.map((c) => cellNumber(row, c));
  if (typeof k === 'string') return k;
  if (typeof g === 'string') return g;
  if (k!.bound || g!.bound) return 'modulus given as a bound';
  if (!(k!.value > 0 && g!.value > 0)) return `moduli must be positive (K = ${k!.value}, G = ${g!.value} GPa)`;
  return [k!.value, g!.value];
}

/** The raw (untransformed) value and whether it is a bound or was clipped. */
function computeRaw(spec: TargetSpec, row: TargetRow): { value: number; bound: 'upper' | 'lower' | null; clipped: boolean } | string {
  if (spec.compute === 'density' && row.structure) return { value: row.structure.density, bound: null, clipped: false };
  if (spec.compute === 'hardness_chen' || spec.compute === 'hardness_tian') {
    const m = moduli(spec, row);
    if (typeof m === 'string') return m;
    const h = spec.compute === 'hardness_chen' ? hardnessChen(m[0], m[1]) : hardnessTian(m[0], m[1]);
    return { value: Math.max(0, h), bound: null, clipped: h < 0 };
  }
  const v = cellNumber(row, spec.columns[0]!);
  if (typeof v === 'string') return spec.compute === 'density' ? `no structure and ${v}` : v;
  if (spec.compute === 'is_zero') {
    if (v.bound) return 'value given as a bound';
    return { value: v.value <= 0 ? 1 : 0, bound: null, clipped: false };
  }
  return { ...v, clipped: false };
}

/**
 * The target value of one row, transformed, or why the row has none. Hardness: a negative
 * Chen value (Chen's model extrapolates below zero for low G/K) is clipped to 0 GPa and
 * flagged `clipped`, so callers can count such rows. A censored value is kept (flagged)
 * only for specs with censored: 'bound'; a lower bound ('>x') is always skipped.
 */
export function extractTarget(spec: TargetSpec, row: TargetRow): TargetValue {
  const raw = computeRaw(spec, row);
  if (typeof raw === 'string') return { skip: raw };
  if (raw.bound === 'lower') return { skip: 'lower bound' };
  if (raw.bound === 'upper' && spec.censored === 'exclude') return { skip: 'censored value (upper bound)' };
  let value = raw.value;
  if (spec.transform === 'log10') {
    if (!(value > 0)) return { skip: `log10 of non-positive value ${value}` };
    value = Math.log10(value);
  }
  if (!Number.isFinite(value)) return { skip: `non-finite value ${value}` };
  return { value, censored: raw.bound === 'upper', clipped: raw.clipped };
}

export interface TargetColumn {
  /** Indices (into the rows given) of the rows kept, in order. */
  readonly kept: number[];
  /** [n kept] float64: the values, in `spec.unit`. */
  readonly values: Float64Array;
  /** [n kept]: true where the value is an upper bound. */
  readonly censored: boolean[];
  /** Rows whose Chen hardness was clipped to 0. */
  readonly clipped: number;
  readonly skipped: { index: number; reason: string }[];
}

/** extractTarget over many rows: kept values, censoring flags, clipped count and skipped rows with reasons. */
export function extractTargetColumn(spec: TargetSpec, rows: readonly TargetRow[]): TargetColumn {
  const kept: number[] = [];
  const values: number[] = [];
  const censored: boolean[] = [];
  const skipped: { index: number; reason: string }[] = [];
  let clipped = 0;
  rows.forEach((row, index) => {
    const t = extractTarget(spec, row);
    if ('skip' in t) {
      skipped.push({ index, reason: t.skip });
      return;
    }
    kept.push(index);
    values.push(t.value);
    censored.push(t.censored);
    if (t.clipped) clipped++;
  });
  return { kept, values: Float64Array.from(values), censored, clipped, skipped };
}
