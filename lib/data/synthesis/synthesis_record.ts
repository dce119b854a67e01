// One parsed JSON record of the text-mined synthesis data → a typed Recipe. Tolerant of
// the schema differences between the solid-state 2019 and sol-gel 2020 releases (lists vs
// single strings vs null in `conditions`) and of missing fields; defects become warnings
// ('reason: detail'), and only a record without a usable target is rejected.
import type {
  CompositionPart, Material, Operation, Recipe, SynthesisKind, VariableValues,
} from './recipe_types.js';
import { Quantity, RawQuantity, normaliseQuantity, numberOf } from './synthesis_units.js';

/** Coldest and hottest temperature (°C) and longest time (h) accepted as a real condition. */
const TEMPERATURE_RANGE_C: readonly [number, number] = [-273.15, 4000];
const MAX_TIME_H = 24 * 365;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A list of strings from a list, a single string or null (sol-gel writes single strings). */
function textList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(text).filter((s): s is string => s !== null);
  const s = text(v);
  return s === null ? [] : [s];
}

function amountText(v: unknown): string {
  if (finite(v)) return String(v);
  return text(v) ?? '';
}

function parseComposition(v: unknown): CompositionPart[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObject).map((part) => {
    const elements: Record<string, string> = {};
    if (isObject(part.elements)) {
      for (const [el, amount] of Object.entries(part.elements)) elements[el] = amountText(amount);
    }
    return { formula: text(part.formula) ?? '', amount: amountText(part.amount) || '1', elements };
  });
}

/** Numbers written as strings ('0.5') are read as numbers; any other value is reported and left out. */
function parseAmountVariables(v: unknown, where: string, warnings: string[] | null): Record<string, VariableValues> {
  const out: Record<string, VariableValues> = {};
  if (!isObject(v)) return out;
  for (const [name, raw] of Object.entries(v)) {
    const r = isObject(raw) ? raw : {};
    const values: number[] = [];
    for (const item of Array.isArray(r.values) ? r.values : []) {
      const x = numberOf(item);
      if (x !== null) values.push(x);
      else warnings?.push(`non-numeric amount value: ${where} variable ${name}: ${JSON.stringify(item)?.slice(0, 40)}`);
    }
    const bound = (b: unknown, label: string) => {
      const x = numberOf(b);
      if (x === null && b !== null && b !== undefined && b !== '') warnings?.push(`non-numeric amount ${label}: ${where} variable ${name}: ${JSON.stringify(b)?.slice(0, 40)}`);
      return x;
    };
    out[name] = { values, min: bound(r.min_value, 'minimum'), max: bound(r.max_value, 'maximum') };
  }
  return out;
}

function parseElementVariables(v: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!isObject(v)) return out;
  for (const [name, raw] of Object.entries(v)) out[name] = textList(raw);
  return out;
}

/** A Material, or null where it names no formula at all; defects go to `warnings` when given. */
export function parseMaterial(v: unknown, warnings: string[] | null = null, where = 'material'): Material | null {
  if (!isObject(v)) return null;
  const formula = text(v.material_formula) ?? text(v.material_string);
  if (formula === null) return null;
  const od = v.oxygen_deficiency;
  return {
    text: text(v.material_string) ?? formula,
    formula,
    name: text(v.material_name),
    composition: parseComposition(v.composition),
    amountVariables: parseAmountVariables(v.amounts_vars, where, warnings),
    elementVariables: parseElementVariables(v.elements_vars),
    additives: textList(v.additives),
    oxygenDeficiency: od === null || od === undefined || od === false ? null : String(od),
    mpId: text(v.mp_id),
  };
}

function parseQuantities(
  raw: unknown, kind: 'temperature' | 'time', where: string, warnings: string[],
): Quantity[] {
  if (raw === null || raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  const out: Quantity[] = [];
  const valid = kind === 'temperature'
    ? (v: number) => v >= TEMPERATURE_RANGE_C[0] && v <= TEMPERATURE_RANGE_C[1]
    : (v: number) => v >= 0 && v <= MAX_TIME_H;
  for (const item of list) {
    if (!isObject(item)) {
      warnings.push(`malformed ${kind}: ${where}: ${JSON.stringify(item)}`);
      continue;
    }
    const q = normaliseQuantity(item as RawQuantity, kind, valid);
    if ('error' in q) warnings.push(`${q.error}: ${where}: ${q.detail}`);
    else out.push(q);
  }
  return out;
}

function parseOperation(raw: unknown, index: number, warnings: string[]): Operation | null {
  if (!isObject(raw)) {
    warnings.push(`malformed operation: operation ${index + 1} is ${JSON.stringify(raw)}`);
    return null;
  }
  const type = text(raw.type) ?? 'UnknownOperation';
  const token = text(raw.token) ?? '';
  if (!text(raw.type)) warnings.push(`operation without type: operation ${index + 1} '${token}'`);
  const c = isObject(raw.conditions) ? raw.conditions : {};
  const where = `operation ${index + 1} (${type} '${token}')`;
  return {
    type, token,
    temperatures: parseQuantities(c.heating_temperature, 'temperature', where, warnings),
    times: parseQuantities(c.heating_time, 'time', where, warnings),
    atmospheres: textList(c.heating_atmosphere),
    devices: textList(c.mixing_device),
    media: textList(c.mixing_media),
  };
}

function parseOperations(v: unknown, warnings: string[]): Operation[] {
  if (!Array.isArray(v)) {
    warnings.push(`no operations: field is ${v === undefined ? 'missing' : JSON.stringify(v)}`);
    return [];
  }
  return v.map((op, i) => parseOperation(op, i, warnings)).filter((op): op is Operation => op !== null);
}

function parsePrecursors(v: unknown, warnings: string[]): Material[] {
  if (!Array.isArray(v)) {
    warnings.push(`no precursors: field is ${v === undefined ? 'missing' : JSON.stringify(v)}`);
    return [];
  }
  const out: Material[] = [];
  v.forEach((p, i) => {
    const m = parseMaterial(p, warnings, `precursor ${i + 1}`);
    if (m) out.push(m);
    else warnings.push(`malformed precursor: precursor ${i + 1} is ${JSON.stringify(p)?.slice(0, 80)}`);
  });
  if (v.length === 0) warnings.push('no precursors: empty list');
  return out;
}

/**
 * A parsed JSON value → Recipe, or { error, detail } where the record has no usable
 * target. `where` names the line (id = `<file>:<line>`).
 */
export function parseRecipeRecord(
  record: unknown, where: { source: string; line: number; id: string; kind: SynthesisKind },
): Recipe | { error: string; detail: string } {
  if (!isObject(record)) return { error: 'not a JSON object', detail: JSON.stringify(record)?.slice(0, 80) ?? '' };
  if (!isObject(record.target)) return { error: 'no target', detail: `target is ${JSON.stringify(record.target) ?? 'missing'}` };
  const warnings: string[] = [];
  const target = parseMaterial(record.target, warnings, 'target');
  if (!target) return { error: 'target without formula', detail: JSON.stringify(record.target).slice(0, 80) };
  const precursors = parsePrecursors(record.precursors, warnings);
  const operations = parseOperations(record.operations, warnings);
  const kind = text(record.synthesis_type) ?? where.kind;
  return {
    id: where.id, source: where.source, line: where.line, kind,
    doi: text(record.doi),
    target,
    targetMembers: textList(record.targets_string),
    precursors, operations,
    reaction: text(record.reaction_string),
    excerpt: text(record.paragraph_string) ?? '',
    splitKey: text(record._split_key),
    warnings,
  };
}
