// Labels derived from a recipe: the normalised target composition key (as the data's
// `_split_key`), the concrete target composition, the precursor label set for
// recommendation and the firing conditions (maximum heating temperature and its duration).
import { compositionKey, precursorLabelSet } from '../chemistry/composition_key.js';
import { tryParseFormula } from '../chemistry/formula.js';
import type { Material, Recipe } from './synthesis.js';
import { quantityMax } from './synthesis_units.js';

const hasKeys = (o: object): boolean => Object.keys(o).length > 0;

/**
 * Target composition from the record's own composition entries (element amounts summed
 * over entries weighted by their amounts), or null where an amount is not a plain number.
 */
export function recordComposition(material: Material): Map<string, number> | null {
  if (material.composition.length === 0) return null;
  const amounts = new Map<string, number>();
  for (const part of material.composition) {
    const factor = Number(part.amount);
    if (!Number.isFinite(factor) || part.amount.trim() === '') return null;
    for (const [el, text] of Object.entries(part.elements)) {
      const n = Number(text);
      if (!Number.isFinite(n) || text.trim() === '') return null;
      amounts.set(el, (amounts.get(el) ?? 0) + n * factor);
    }
  }
  let total = 0;
  for (const n of amounts.values()) total += n;
  return total > 0 ? amounts : null;
}

/**
 * The normalised target key by the data's rule: 'C:' + fractional composition where the
 * target has no amount/element variables and every amount is a number; otherwise 'T:' +
 * the formula without whitespace. Reproduces `_split_key`.
 */
export function targetKey(target: Material): string {
  const concrete = !hasKeys(target.amountVariables) && !hasKeys(target.elementVariables);
  const amounts = concrete ? recordComposition(target) : null;
  return amounts ? compositionKey(amounts) : 'T:' + target.formula.replace(/\s+/g, '');
}

/** The single value a variable takes, or null where the record lists none or several. */
function singleValue(values: readonly number[], min: number | null, max: number | null): number | null {
  const all = new Set([...values, ...(min === null ? [] : [min]), ...(max === null ? [] : [max])]);
  return all.size === 1 ? [...all][0]! : null;
}

/**
 * A concrete composition of the target, or null: the record's numeric composition, else
 * the formula parsed with each variable at its single value (δ = 0 for oxygen
 * non-stoichiometry). Series (x = 0.1, 0.2 …) have no single composition: their concrete
 * members are in `recipe.targetMembers`.
 */
export function targetComposition(target: Material): Map<string, number> | null {
  if (!hasKeys(target.amountVariables) && !hasKeys(target.elementVariables)) {
    const fromRecord = recordComposition(target);
    if (fromRecord) return fromRecord;
  }
  const variables: Record<string, number> = {};
  for (const [name, v] of Object.entries(target.amountVariables)) {
    const value = singleValue(v.values, v.min, v.max);
    if (value === null) return null;
    variables[name] = value;
  }
  const elementVariables: Record<string, string> = {};
  for (const [name, elements] of Object.entries(target.elementVariables)) {
    if (new Set(elements).size !== 1) return null;
    elementVariables[name] = elements[0]!;
  }
  return tryParseFormula(target.formula, { variables, elementVariables });
}

/** Canonical precursor formulas of a recipe, sorted and deduplicated (see precursorLabelSet). */
export function recipePrecursorLabels(recipe: Recipe): string[] {
  return precursorLabelSet(recipe.precursors.map((p) => p.formula));
}

export interface FiringLabel {
  /** Highest temperature of any heating operation, °C; null where none is given. */
  readonly temperatureC: number | null;
  /** Longest time given for a heating operation at that temperature, h; null where none. */
  readonly timeH: number | null;
}

/** Maximum firing temperature (°C) over HeatingOperation steps and its duration (h). */
export function firingLabel(recipe: Recipe): FiringLabel {
  let temperatureC: number | null = null;
  let timeH: number | null = null;
  for (const op of recipe.operations) {
    if (op.type !== 'HeatingOperation') continue;
    const temps = op.temperatures.map(quantityMax).filter((t): t is number => t !== null);
    if (temps.length === 0) continue;
    const t = Math.max(...temps);
    const times = op.times.map(quantityMax).filter((h): h is number => h !== null);
    const h = times.length ? Math.max(...times) : null;
    if (temperatureC === null || t > temperatureC) {
      temperatureC = t;
      timeH = h;
    } else if (t === temperatureC && h !== null && (timeH === null || h > timeH)) {
      timeH = h;
    }
  }
  return { temperatureC, timeH };
}
