// Compositions (element symbol → amount) and their reduced formulas, written the way
// pymatgen writes them so that formulas from either side compare as strings.
import { elementBySymbol } from './elements.js';

export type Composition = ReadonlyMap<string, number>;

/** Amounts closer than this to an integer count as integers (pymatgen's amount_tolerance). */
const AMOUNT_TOLERANCE = 1e-8;

/** Peroxides and diatomic elements: pymatgen writes these doubled. */
const SPECIAL_FORMULAS: Record<string, string> = {
  LiO: 'Li2O2', NaO: 'Na2O2', KO: 'K2O2', HO: 'H2O2', CsO: 'Cs2O2', RbO: 'Rb2O2',
  O: 'O2', N: 'N2', F: 'F2', Cl: 'Cl2', H: 'H2',
};

/** Electronegativity for ordering; elements without one (noble gases) sort last. */
function orderKey(symbol: string): number {
  return elementBySymbol(symbol).electronegativity ?? Number.POSITIVE_INFINITY;
}

function bySymbolOrder(a: string, b: string): number {
  return orderKey(a) - orderKey(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function formatAmount(amount: number): string {
  if (amount === 1) return '';
  if (Math.abs(amount - Math.trunc(amount)) < AMOUNT_TOLERANCE) return String(Math.trunc(amount));
  return String(Number(amount.toFixed(8)));
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Integer composition → [reduced formula, factor], grouping a trailing polyanion like (PO4)2. */
function reduceIntegerFormula(amounts: Map<string, number>): [string, number] {
  const symbols = [...amounts.keys()].filter((s) => amounts.get(s)! > AMOUNT_TOLERANCE).sort(bySymbolOrder);
  const factor = symbols.reduce((g, s) => gcd(g, amounts.get(s)!), 0) || 1;
  const polyanion: string[] = [];
  const n = symbols.length;
  if (n >= 3 && orderKey(symbols[n - 1]!) - orderKey(symbols[n - 2]!) < 1.65) {
    const pair = new Map(symbols.slice(n - 2).map((s) => [s, amounts.get(s)! / factor]));
    const [polyFormula, polyFactor] = reduceIntegerFormula(pair);
    if (polyFactor !== 1) polyanion.push(`(${polyFormula})${polyFactor}`);
  }
  const head = polyanion.length ? symbols.slice(0, n - 2) : symbols;
  const text = head.map((s) => s + formatAmount(amounts.get(s)! / factor)).join('') + polyanion.join('');
  return [text, factor];
}

/**
 * Reduced formula as pymatgen's Composition.reduced_formula writes it: elements ordered by
 * electronegativity, divided by the greatest common divisor when all amounts are integers
 * (e.g. Li4Fe4P4O16 → LiFePO4, Na2Li4B2P4O16 → NaLi2B(PO4)2); non-integer compositions
 * are written as they are.
 */
export function reducedFormula(composition: Composition): string {
  const entries = [...composition].filter(([, a]) => Math.abs(a) > AMOUNT_TOLERANCE);
  const allInteger = entries.every(([, a]) => Math.abs(a - Math.round(a)) < AMOUNT_TOLERANCE);
  if (!allInteger) {
    return entries.sort(([a], [b]) => bySymbolOrder(a, b)).map(([s, a]) => s + formatAmount(a)).join('');
  }
  const [formula] = reduceIntegerFormula(new Map(entries.map(([s, a]) => [s, Math.round(a)])));
  return SPECIAL_FORMULAS[formula] ?? formula;
}

/** Molar mass of the composition, g/mol. */
export function compositionMass(composition: Composition): number {
  let mass = 0;
  for (const [s, a] of composition) mass += elementBySymbol(s).mass * a;
  return mass;
}
