// Units of the text-mined synthesis conditions: temperatures to °C and times to hours,
// from whatever the records use (solid-state 2019: 'C', 'h'; sol-gel 2020: '°C', 'K',
// 'C' and 'h', 'min', 'hours', 'day', 'minutes', 'hour', 'hrs', 'hr', 'd').

/** A condition in normalised units: listed values, or a range (min..max), or both. */
export interface Quantity {
  /** Values named in the text, in normalised units (°C or h), in their order. */
  readonly values: readonly number[];
  /** Lower end of a range, or null. */
  readonly min: number | null;
  /** Upper end of a range, or null. */
  readonly max: number | null;
}

type Converter = (v: number) => number;

const TEMPERATURE_UNITS: Record<string, Converter> = {
  '°c': (v) => v, 'c': (v) => v, 'ºc': (v) => v, '℃': (v) => v, 'degc': (v) => v, 'celsius': (v) => v,
  'k': (v) => v - 273.15, 'kelvin': (v) => v - 273.15,
  '°f': (v) => ((v - 32) * 5) / 9, 'f': (v) => ((v - 32) * 5) / 9,
};

const HOURS_PER: Record<string, number> = {
  h: 1, hr: 1, hrs: 1, hour: 1, hours: 1, hs: 1,
  min: 1 / 60, mins: 1 / 60, minute: 1 / 60, minutes: 1 / 60, m: 1 / 60,
  s: 1 / 3600, sec: 1 / 3600, secs: 1 / 3600, second: 1 / 3600, seconds: 1 / 3600,
  d: 24, day: 24, days: 24, week: 168, weeks: 168, w: 168,
};

/** Converter to °C for a temperature unit as written ('°C', 'C', 'K', …), or null if unknown. */
export function temperatureConverter(unit: string): Converter | null {
  return TEMPERATURE_UNITS[unit.trim().toLowerCase()] ?? null;
}

/** Converter to hours for a time unit as written ('h', 'min', 'day', …), or null if unknown. */
export function timeConverter(unit: string): Converter | null {
  const perUnit = HOURS_PER[unit.trim().toLowerCase().replace(/\.$/, '')];
  return perUnit === undefined ? null : (v) => v * perUnit;
}

/** Temperature in °C (rounded to 0.01 °C so that 673 K reads 399.85, not 399.85000000000002). */
export function toCelsius(value: number, unit: string): number | null {
  const convert = temperatureConverter(unit);
  return convert ? round2(convert(value)) : null;
}

/** Time in hours (rounded to 1e-6 h). */
export function toHours(value: number, unit: string): number | null {
  const convert = timeConverter(unit);
  return convert ? round6(convert(value)) : null;
}

const round2 = (v: number): number => Math.round(v * 100) / 100;
const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A number from a record: a finite number, or a string holding one ('800', ' 1e3 '); else null. */
export function numberOf(v: unknown): number | null {
  if (finite(v)) return v;
  if (typeof v === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return Number(v);
  return null;
}

/** Raw condition as in the records: {values, min_value, max_value, units}. */
export interface RawQuantity {
  readonly values?: unknown;
  readonly min_value?: unknown;
  readonly max_value?: unknown;
  readonly units?: unknown;
}

/**
 * One raw condition normalised with `kind`'s unit table, or { error, detail } where it
 * cannot be used (unknown unit, no numbers, values outside `valid`).
 */
export function normaliseQuantity(
  raw: RawQuantity, kind: 'temperature' | 'time', valid: (v: number) => boolean,
): Quantity | { error: string; detail: string } {
  const unit = typeof raw.units === 'string' ? raw.units : String(raw.units ?? '');
  const convert = kind === 'temperature' ? temperatureConverter(unit) : timeConverter(unit);
  if (!convert) return { error: `unknown ${kind} unit`, detail: `'${unit}'` };
  const rounding = kind === 'temperature' ? round2 : round6;
  const bad = [raw.min_value, raw.max_value, ...(Array.isArray(raw.values) ? raw.values : [])].filter((v) => v !== null && v !== undefined && numberOf(v) === null);
  if (bad.length) return { error: `${kind} value not a number`, detail: JSON.stringify(bad).slice(0, 80) };
  const norm = (v: unknown) => { const x = numberOf(v); return x === null ? null : rounding(convert(x)); };
  const values = (Array.isArray(raw.values) ? raw.values : []).map(norm).filter((v): v is number => v !== null);
  let min = norm(raw.min_value);
  let max = norm(raw.max_value);
  if (values.length === 0 && min === null && max === null) return { error: `${kind} without a value`, detail: JSON.stringify(raw) };
  const all = [...values, ...(min === null ? [] : [min]), ...(max === null ? [] : [max])];
  if (!all.every(valid)) {
    return { error: `${kind} out of range`, detail: `${all.join(', ')} ${kind === 'temperature' ? '°C' : 'h'}` };
  }
  if (min !== null && max !== null && min > max) [min, max] = [max, min];
  return { values, min, max };
}

/** Largest number a quantity names (value or range end), or null. */
export function quantityMax(q: Quantity): number | null {
  const all = [...q.values, ...(q.max === null ? [] : [q.max]), ...(q.min === null ? [] : [q.min])];
  return all.length ? Math.max(...all) : null;
}

/** The numbers of a quantity to mention: the listed values, else the range ends. */
export function quantityNumbers(q: Quantity): { kind: 'values' | 'range'; numbers: number[] } {
  if (q.values.length > 0 && !(q.values.length === 1 && q.min !== null && q.max !== null && q.min !== q.max)) {
    return { kind: 'values', numbers: [...q.values] };
  }
  if (q.min !== null && q.max !== null && q.min !== q.max) return { kind: 'range', numbers: [q.min, q.max] };
  const single = q.max ?? q.min;
  return { kind: 'values', numbers: single === null ? [] : [single] };
}
