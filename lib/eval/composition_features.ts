// Composition-only features: the baseline representation that knows the elements and their
// proportions and nothing of structure, synthesis or characterization. Works for
// structures (occupancy-weighted, so disordered sites count by occupancy), formulas and
// element → amount maps (recipe targets, OBELiX rows without a CIF).
//
// Layout of the [FEATURE_DIM] float32 vector (F = ELEMENT_FEATURE_NAMES.length = 11):
//   [0, 103)            element fractions, index Z − 1 (H … Lr), summing to 1
//   [103, 103 + F)      fraction-weighted mean of each element feature
//   [103 + F, 103 + 2F) fraction-weighted standard deviation (population)
//   [103 + 2F, 103 + 3F) minimum over the elements present
//   [103 + 3F, 103 + 4F) maximum over the elements present
import { InputError } from '../errors.js';
import type { Structure } from '../data/structure/crystal.js';
import { ELEMENT_FEATURE_NAMES, elementBySymbol, elementByZ, elementFeatures } from '../data/chemistry/elements.js';
import { fractionalComposition } from '../data/chemistry/composition_key.js';
import { tryParseFormula } from '../data/chemistry/formula.js';

/** Elements covered by the fraction block: Z = 1 … 103. */
export const FRACTION_DIM = 103;
const F = ELEMENT_FEATURE_NAMES.length;
/** Length of featurizeComposition's vector: 103 + 4 F. */
export const FEATURE_DIM = FRACTION_DIM + 4 * F;

/** Column names of the feature vector, in order ('frac_H', …, 'mean_Z/100', …, 'max_valence/14'). */
export function compositionFeatureNames(): string[] {
  const names: string[] = [];
  for (let z = 1; z <= FRACTION_DIM; z++) names.push(`frac_${elementByZ(z).symbol}`);
  for (const stat of ['mean', 'std', 'min', 'max']) for (const f of ELEMENT_FEATURE_NAMES) names.push(`${stat}_${f}`);
  return names;
}

/** Element fractions and their Z, checked against the table; InputError for Z > 103 or an empty composition. */
function fractionsOf(amounts: ReadonlyMap<string, number>): { z: number; x: number; features: Float32Array }[] {
  const fractions = fractionalComposition(amounts);
  if (fractions.size === 0) throw new InputError('empty composition (no element with a positive amount)');
  return [...fractions].map(([symbol, x]) => {
    const e = elementBySymbol(symbol);
    if (e.Z > FRACTION_DIM) throw new InputError(`element ${symbol} (Z = ${e.Z}) is beyond the feature range Z ≤ ${FRACTION_DIM}`);
    return { z: e.Z, x, features: elementFeatures(e) };
  });
}

/** [103] float32: element fractions at index Z − 1. */
export function elementFractions(amounts: ReadonlyMap<string, number>): Float32Array {
  const out = new Float32Array(FRACTION_DIM);
  for (const { z, x } of fractionsOf(amounts)) out[z - 1] = x;
  return out;
}

/** [FEATURE_DIM] float32: fractions plus fraction-weighted statistics of element features (layout above). */
export function featurizeComposition(amounts: ReadonlyMap<string, number>): Float32Array {
  const parts = fractionsOf(amounts);
  const out = new Float32Array(FEATURE_DIM);
  for (const { z, x } of parts) out[z - 1] = x;
  for (let j = 0; j < F; j++) {
    let mean = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const { x, features } of parts) {
      mean += x * features[j]!;
      min = Math.min(min, features[j]!);
      max = Math.max(max, features[j]!);
    }
    let variance = 0;
    for (const { x, features } of parts) variance += x * (features[j]! - mean) ** 2;
    out[FRACTION_DIM + j] = mean;
    out[FRACTION_DIM + F + j] = Math.sqrt(variance);
    out[FRACTION_DIM + 2 * F + j] = min;
    out[FRACTION_DIM + 3 * F + j] = max;
  }
  return out;
}

/** featurizeComposition of the structure's occupancy-weighted cell composition. */
export function featurizeStructure(structure: Structure): Float32Array {
  return featurizeComposition(structure.composition());
}

/** featurizeComposition of a parsed formula ('LiFePO4', 'Li7La3Zr2O12', 'Co(NO3)2·6H2O'); null where it does not parse. */
export function featurizeFormula(formula: string): Float32Array | null {
  const amounts = tryParseFormula(formula);
  if (!amounts) return null;
  let total = 0;
  for (const n of amounts.values()) total += n;
  return total > 0 ? featurizeComposition(amounts) : null;
}
