// Synthesis recipes as recommendation examples: a concrete target composition, its
// precursor label set and firing temperature; a split by target composition so that no
// target is on both sides; test recipes grouped per target (several reported precursor
// sets per target); and precursor statistics of the training recipes.
import { InputError } from '../errors.js';
import { Rng } from '../rng.js';
import { tryParseFormula } from '../data/chemistry/formula.js';
import type { Recipe } from '../data/synthesis/recipe_types.js';
import { firingLabel, recipePrecursorLabels, targetComposition, targetKey } from '../data/synthesis/synthesis_labels.js';
import { median } from './retrieval_metrics.js';

/**
 * Elements a precursor may carry without bringing them into the product: they leave as
 * gases (CO2, H2O, NOx, NH3) or come with the oxygen of the atmosphere.
 */
export const VOLATILE_ELEMENTS: ReadonlySet<string> = new Set(['H', 'C', 'N', 'O']);

export interface SynthesisExample {
  /** Recipe id. */
  readonly id: string;
  /** The target's normalised composition key (`_split_key`). */
  readonly targetKey: string;
  /** Concrete target composition (element → amount). */
  readonly composition: ReadonlyMap<string, number>;
  /** Sorted canonical precursor formulas. */
  readonly precursors: readonly string[];
  /** Highest heating temperature, °C; null where none is given. */
  readonly temperatureC: number | null;
}

/** The example of a recipe, or null where the target has no single concrete composition or there are no precursors. */
export function synthesisExample(recipe: Recipe): SynthesisExample | null {
  const composition = targetComposition(recipe.target);
  if (!composition || composition.size === 0) return null;
  const precursors = recipePrecursorLabels(recipe);
  if (precursors.length === 0) return null;
  return {
    id: recipe.id, targetKey: recipe.splitKey ?? targetKey(recipe.target), composition, precursors,
    temperatureC: firingLabel(recipe).temperatureC,
  };
}

/** Elements of a target that some precursor must supply (all but the volatile ones), sorted. */
export function sourceElements(elements: Iterable<string>): string[] {
  return [...new Set(elements)].filter((e) => !VOLATILE_ELEMENTS.has(e)).sort();
}

const precursorElementCache = new Map<string, ReadonlySet<string> | null>();

/** Non-volatile elements a precursor brings, or null where its formula does not parse (names, abbreviations). */
export function precursorElements(precursor: string): ReadonlySet<string> | null {
  let e = precursorElementCache.get(precursor);
  if (e === undefined) {
    const amounts = tryParseFormula(precursor, { hydrate: 'drop' });
    e = amounts ? new Set(sourceElements(amounts.keys())) : null;
    precursorElementCache.set(precursor, e);
  }
  return e;
}

/**
 * Splits examples by target key: a seeded shuffle of the distinct keys, the first
 * round(testFraction · keys) to test. No key is on both sides.
 */
export function splitByTarget(
  examples: readonly SynthesisExample[], testFraction: number, seed: number,
): { train: SynthesisExample[]; test: SynthesisExample[] } {
  if (!(testFraction > 0 && testFraction < 1)) throw new InputError(`test fraction must be in (0, 1), got ${testFraction}`);
  const keys = [...new Set(examples.map((e) => e.targetKey))].sort();
  new Rng(seed).fork('target_split').shuffle(keys);
  const testKeys = new Set(keys.slice(0, Math.round(testFraction * keys.length)));
  return { train: examples.filter((e) => !testKeys.has(e.targetKey)), test: examples.filter((e) => testKeys.has(e.targetKey)) };
}

/** One target with everything reported for it. */
export interface TargetGroup {
  readonly targetKey: string;
  /** Composition of the first example of the group. */
  readonly composition: ReadonlyMap<string, number>;
  /** Distinct precursor sets, most often reported first (ties: first seen). */
  readonly precursorSets: readonly (readonly string[])[];
  /** How many recipes reported each set, aligned with precursorSets. */
  readonly setCounts: readonly number[];
  /** Firing temperatures of the group's recipes that give one, °C. */
  readonly temperaturesC: readonly number[];
  readonly ids: readonly string[];
}

/** Groups examples by target key, in order of first appearance. */
export function groupByTarget(examples: readonly SynthesisExample[]): TargetGroup[] {
  const groups = new Map<string, { first: SynthesisExample; sets: Map<string, { set: readonly string[]; count: number }>; temps: number[]; ids: string[] }>();
  for (const e of examples) {
    let g = groups.get(e.targetKey);
    if (!g) groups.set(e.targetKey, (g = { first: e, sets: new Map(), temps: [], ids: [] }));
    const key = e.precursors.join(' + ');
    const s = g.sets.get(key);
    if (s) s.count++;
    else g.sets.set(key, { set: e.precursors, count: 1 });
    if (e.temperatureC !== null) g.temps.push(e.temperatureC);
    g.ids.push(e.id);
  }
  return [...groups.values()].map((g) => {
    const sets = [...g.sets.values()].sort((a, b) => b.count - a.count);
    return {
      targetKey: g.first.targetKey, composition: g.first.composition,
      precursorSets: sets.map((s) => s.set), setCounts: sets.map((s) => s.count), temperaturesC: g.temps, ids: g.ids,
    };
  });
}

/** Precursor usage in training recipes. */
export interface PrecursorStats {
  /** Element → precursors that bring it, most frequent first (ties by formula), with recipe counts. */
  readonly byElement: ReadonlyMap<string, readonly { readonly precursor: string; readonly count: number }[]>;
  /** Median firing temperature of the training recipes, °C (null where none has one). */
  readonly medianTemperatureC: number | null;
}

/** Counts, per element, the training recipes using each precursor that brings it. */
export function buildPrecursorStats(train: readonly SynthesisExample[]): PrecursorStats {
  const counts = new Map<string, Map<string, number>>();
  for (const e of train) {
    for (const p of e.precursors) {
      for (const el of precursorElements(p) ?? []) {
        let m = counts.get(el);
        if (!m) counts.set(el, (m = new Map()));
        m.set(p, (m.get(p) ?? 0) + 1);
      }
    }
  }
  const byElement = new Map([...counts].map(([el, m]) => [el, [...m]
    .map(([precursor, count]) => ({ precursor, count }))
    .sort((a, b) => b.count - a.count || (a.precursor < b.precursor ? -1 : a.precursor > b.precursor ? 1 : 0))]));
  const temps = train.map((e) => e.temperatureC).filter((t): t is number => t !== null);
  return { byElement, medianTemperatureC: temps.length ? median(temps) : null };
}

/** Whether a precursor brings only elements the target has (unparsable precursors: unknown, so yes). */
export function fitsTarget(precursor: string, targetElements: ReadonlySet<string>): boolean {
  const e = precursorElements(precursor);
  if (!e) return true;
  for (const el of e) if (!targetElements.has(el)) return false;
  return true;
}

/** Precursors of `element` that fit the target, most frequent first, at most `limit`. */
export function candidatesFor(
  element: string, targetElements: ReadonlySet<string>, stats: PrecursorStats, limit = 10,
): { precursor: string; count: number }[] {
  const out: { precursor: string; count: number }[] = [];
  for (const c of stats.byElement.get(element) ?? []) {
    if (!fitsTarget(c.precursor, targetElements)) continue;
    out.push(c);
    if (out.length >= limit) break;
  }
  return out;
}
