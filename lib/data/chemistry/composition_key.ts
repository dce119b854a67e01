// Normalised compositions for matching and labels: the fractional composition key that
// the synthesis data uses as `_split_key` ('C:Ba:0.2000,Ho:0.1000,O:0.6000,Ta:0.1000'),
// canonical precursor formulas and precursor label sets for recommendation.
import { elementBySymbol } from './elements.js';
import { cleanFormulaText, tryParseFormula } from './formula.js';

/** Element → fraction of all atoms (sums to 1); elements with zero amount are left out. */
export function fractionalComposition(amounts: ReadonlyMap<string, number>): Map<string, number> {
  let total = 0;
  for (const n of amounts.values()) total += n;
  const out = new Map<string, number>();
  if (!(total > 0)) return out;
  for (const [el, n] of amounts) if (n > 0) out.set(el, n / total);
  return out;
}

/**
 * x with 4 decimals exactly as Python's '%.4f' writes it: correctly rounded, exact binary
 * ties to even (JS toFixed rounds exact ties up, e.g. 0.03125 → '0.0313' vs Python '0.0312').
 */
export function formatFixed4(x: number): string {
  const rounded = x.toFixed(4);
  const exact = x.toFixed(60); // exact decimal expansion of the double for |x| ≤ 1
  const dot = exact.indexOf('.');
  if (!/^50*$/.test(exact.slice(dot + 5))) return rounded;
  const truncated = exact.slice(0, dot + 5);
  const lastDigit = Number(truncated[truncated.length - 1]);
  if (lastDigit % 2 === 0) return truncated;
  return rounded;
}

/**
 * The normalised composition key: 'C:' + element:fraction pairs, elements sorted by symbol
 * (code point order), fractions with 4 decimals. Same format as the data's `_split_key`.
 */
export function compositionKey(amounts: ReadonlyMap<string, number>): string {
  const fractions = fractionalComposition(amounts);
  const symbols = [...fractions.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return 'C:' + symbols.map((s) => `${s}:${formatFixed4(fractions.get(s)!)}`).join(',');
}

/** compositionKey of a formula's reduced composition, or null where it does not parse. */
export function formulaKey(formula: string): string | null {
  const amounts = tryParseFormula(formula);
  return amounts ? compositionKey(amounts) : null;
}

function electronegativityOrder(a: string, b: string): number {
  const ea = elementBySymbol(a).electronegativity ?? Number.POSITIVE_INFINITY;
  const eb = elementBySymbol(b).electronegativity ?? Number.POSITIVE_INFINITY;
  return ea - eb || (a < b ? -1 : a > b ? 1 : 0);
}

function formatCount(n: number): string {
  if (Math.abs(n - 1) < 1e-9) return '';
  if (Math.abs(n - Math.round(n)) < 1e-9) return String(Math.round(n));
  return String(Number(n.toFixed(4)));
}

function hillOrder(a: string, b: string): number {
  const rank = (s: string) => (s === 'C' ? 0 : s === 'H' ? 1 : 2);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * A formula written from element amounts, counts as given (not reduced): in order of
 * increasing electronegativity (pymatgen's convention: BaCO3, Ta2O5, FeN3O9), or in Hill
 * order where it holds both C and H (organic ligands: C2H3LiO2 for lithium acetate).
 */
export function canonicalFormula(amounts: ReadonlyMap<string, number>): string {
  const symbols = [...amounts.keys()].filter((s) => amounts.get(s)! > 0);
  symbols.sort(amounts.has('C') && amounts.has('H') ? hillOrder : electronegativityOrder);
  return symbols.map((s) => s + formatCount(amounts.get(s)!)).join('');
}

export interface CanonicalPrecursor {
  /** Canonical formula of the anhydrous compound, or the cleaned text where it does not parse. */
  readonly formula: string;
  /** Whether the text parsed as a formula (false: names, abbreviations, garbled text). */
  readonly parsed: boolean;
}

/**
 * The canonical form of a precursor formula: hydrate water, dopant suffixes, charges and
 * phase prefixes removed, then written by canonicalFormula, so 'Co(NO3)2·6H2O',
 * 'Co(NO3)2' and 'CoN2O6' are one label.
 */
export function canonicalPrecursor(formula: string): CanonicalPrecursor {
  const amounts = tryParseFormula(formula, { hydrate: 'drop' });
  if (amounts) return { formula: canonicalFormula(amounts), parsed: true };
  return { formula: cleanFormulaText(formula), parsed: false };
}

/** Precursors that are not starting materials in the recommendation sense (water, process gases, and
 *  the bare 'O'/'N'/'H' that text mining makes of them). */
export const NON_PRECURSOR_FORMULAS: ReadonlySet<string> = new Set(['H2O', 'O2', 'O', 'N2', 'N', 'H2', 'H', 'CO2', 'Ar']);

/**
 * A precursor label set: canonical formulas, deduplicated and sorted, without the
 * formulas in `exclude` (default NON_PRECURSOR_FORMULAS) and without empty entries.
 */
export function precursorLabelSet(
  formulas: Iterable<string>,
  exclude: ReadonlySet<string> = NON_PRECURSOR_FORMULAS,
): string[] {
  const labels = new Set<string>();
  for (const f of formulas) {
    const { formula } = canonicalPrecursor(f);
    if (formula && !exclude.has(formula)) labels.add(formula);
  }
  return [...labels].sort();
}
