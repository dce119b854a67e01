// Chemical formula parsing as formulas are written in synthesis papers: groups in
// (), [] and {}, hydrates (·xH2O, *2H2O, .6H2O), composite notation (0.94(A)-0.06(B)),
// fractional amounts, amount variables (Li1+xAlxTi2-x(PO4)3 with x = 0.3), element
// variables (M, Ln with a chosen element), dopant suffixes (:Eu3+) and charge noise.
import { InputError } from '../../errors.js';
import { isElementSymbol } from './elements.js';

export class FormulaError extends InputError {
  constructor(readonly formula: string, reason: string) {
    super(`cannot parse formula '${formula}': ${reason}`);
  }
}

export interface FormulaOptions {
  /** Values of amount variables, e.g. { x: 0.3 }. δ and σ default to 0 (oxygen non-stoichiometry). */
  readonly variables?: Readonly<Record<string, number>>;
  /** Element variables with the element they stand for, e.g. { M: 'Ta', Ln: 'La' }. */
  readonly elementVariables?: Readonly<Record<string, string>>;
  /** 'drop' removes hydrate water (·xH2O) before parsing, so unknown counts do not fail. Default 'include'. */
  readonly hydrate?: 'include' | 'drop';
  /** 'include' adds dopants with an explicit amount (':0.05Eu3+' → Eu 0.05); default 'ignore'. */
  readonly dopants?: 'ignore' | 'include';
}

const DEFAULT_VARIABLES: Readonly<Record<string, number>> = { δ: 0, σ: 0 };
const NUMBER = /\d+(?:\.\d*)?|\.\d+/y;
const GROUP_OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const ROMAN_STATE = /\((?:II|III|IV|VI|VII|VIII)\)/g;
const HYDRATE_TAIL = /·(?:\d+(?:\.\d+)?|\d*\.\d+|[a-zδ]|\([a-z]\))?(?:H2O|\(H2O\)(?:\d+(?:\.\d+)?|[a-z])?)$/;

const HOMOGLYPHS: Record<string, string> = {
  А: 'A', В: 'B', С: 'C', Е: 'E', Н: 'H', К: 'K', М: 'M', О: 'O', Р: 'P', Т: 'T', Х: 'X',
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', х: 'x',
};
const LIGAND_ABBREVIATIONS: [RegExp, string][] = [
  [/\((?:ac|OAc|Ac|CH3CO2|C2H3O2)\)/g, '(CH3COO)'], [/\(acac\)/g, '(C5H7O2)'],
];

/** Text cleanup shared by parsing and masking: unicode dots/dashes/digits/homoglyphs, charges,
 *  phase prefixes, purity grades, esd digits, common ligand abbreviations. */
export function cleanFormulaText(text: string): string {
  let s = text.normalize('NFKC').replace(/\s+/g, '').replace(/[АВСЕНКМОРТХаеорсх]/g, (c) => HOMOGLYPHS[c]!);
  s = s.replace(/[⋅•∙・]/g, '·').replace(/[−–—]/g, '-');
  s = s.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]*[⁺⁻]/g, '').replace(ROMAN_STATE, '');
  s = s.replace(/\d*[+-]\]/g, ']'); // ionic brackets such as [OH-]
  s = s.replace(/^(?:[α-ωΑ-Ω]|[a-z]{1,2})-(?=[A-Z([])/, ''); // α-Al2O3, h-BN
  s = s.replace(/\((?:[A-Z]\.){1,3}\)$|\([\d.]+%\)$/, '').replace(/(\d\.\d+)\(\d{1,2}\)/g, '$1'); // (C.P.), 0.13(2)
  for (const [pattern, replacement] of LIGAND_ABBREVIATIONS) s = s.replace(pattern, replacement);
  // A '.' before a trailing water count is a hydrate dot: Sr(NO3)2.6H2O (not Cu(NO3)2·2.5H2O).
  if (!s.includes('·')) s = s.replace(/\.(?=(?:\d+(?:\.\d+)?|[xn])?H2O$)/, '·');
  s = s.replace(/·{2,}/g, '·').replace(/·+$/, '');
  // '*' joins adducts (CaCl2*2H2O) unless it multiplies a variable (Bi2*xP, as in generated members).
  return s.replace(/\*(?=(?:\d+(?:\.\d+)?)?[A-Z([]|[a-zδ]?\(?H2O)/g, '·');
}

/**
 * The host part of a formula and its dopant part: 'Sr2MgSi2O7:Eu2+,Dy3+' → ['Sr2MgSi2O7',
 * 'Eu2+,Dy3+']; dopant-first notation 'Ce:Li6Lu(BO3)3' → ['Li6Lu(BO3)3', 'Ce'].
 */
export function splitDopants(text: string): [string, string] {
  const parts = text.split(':');
  if (parts.length === 1) return [text, ''];
  const hostIndex = parts.findIndex((p) => !isElementSymbol(p));
  if (hostIndex <= 0) return [parts[0]!, parts.slice(1).join(':')];
  return [parts[hostIndex]!, [...parts.slice(0, hostIndex), ...parts.slice(hostIndex + 1)].join(',')];
}

/** Element symbols named in a dopant suffix ('Eu2+,Dy3+' → ['Eu', 'Dy']). */
export function dopantSymbols(dopants: string): string[] {
  const found = dopants.match(/[A-Z][a-z]?/g) ?? [];
  return [...new Set(found.filter(isElementSymbol))];
}

/** Adds dopants written with an amount ('0.05Eu3+', 'xCe' with x known) to `amounts`. */
function addDopants(amounts: Map<string, number>, dopants: string, vars: Readonly<Record<string, number>>): void {
  for (const piece of dopants.split(',')) {
    const m = /^(\d*\.?\d+|[a-z])(?:mol%)?([A-Z][a-z]?)(?:\d*[+-])?$/.exec(piece);
    if (!m || !isElementSymbol(m[2]!)) continue;
    const amount = /\d/.test(m[1]!) ? Number(m[1]) : vars[m[1]!];
    if (amount !== undefined && Number.isFinite(amount)) amounts.set(m[2]!, (amounts.get(m[2]!) ?? 0) + amount);
  }
}

/**
 * Element amounts (symbol → atoms per formula unit, summed over groups, hydrate water and
 * composite parts) of one formula. Dopant suffixes after ':' are not part of the host
 * composition and are ignored unless options.dopants is 'include'. Throws FormulaError on unknown symbols, unresolved
 * variables, negative amounts or trailing garbage.
 */
export function parseFormula(formula: string, options: FormulaOptions = {}): Map<string, number> {
  const [host, dopants] = splitDopants(cleanFormulaText(formula));
  let text = host;
  if (options.hydrate === 'drop') {
    while (HYDRATE_TAIL.test(text)) text = text.replace(HYDRATE_TAIL, '');
  }
  if (!text) throw new FormulaError(formula, 'empty');
  const vars = { ...DEFAULT_VARIABLES, ...(options.variables ?? {}) };
  const parser = new FormulaParser(text, formula, vars, options.elementVariables ?? {});
  const amounts = parser.parseAll();
  if (options.dopants === 'include') addDopants(amounts, dopants, vars);
  for (const [el, n] of amounts) {
    if (!Number.isFinite(n) || n < -1e-9) throw new FormulaError(formula, `amount of ${el} is ${n}`);
    if (n <= 1e-9) amounts.delete(el);
  }
  if (amounts.size === 0) throw new FormulaError(formula, 'no elements');
  return amounts;
}

/** parseFormula, or null where the text is not a parsable formula. */
export function tryParseFormula(formula: string, options: FormulaOptions = {}): Map<string, number> | null {
  try {
    return parseFormula(formula, options);
  } catch (e) {
    if (e instanceof InputError) return null;
    throw e;
  }
}

interface Term {
  readonly value: number;
  /** The term ends in a bare variable ('x', '2x'), so an element may follow it as in Ga5.5-xAlx. */
  readonly endsWithVariable: boolean;
}

function addScaled(into: Map<string, number>, part: ReadonlyMap<string, number>, factor: number): void {
  for (const [el, n] of part) into.set(el, (into.get(el) ?? 0) + n * factor);
}

const isUpper = (c: string): boolean => c >= 'A' && c <= 'Z';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isVariableChar = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'α' && c <= 'ω');
const startsGroup = (c: string): boolean => isUpper(c) || c in GROUP_OPEN;

/** Recursive-descent parser; amounts are evaluated while parsing. */
class FormulaParser {
  private pos = 0;
  private readonly elementVariables: [string, string][];

  constructor(
    private readonly src: string,
    private readonly original: string,
    private readonly vars: Readonly<Record<string, number>>,
    elementVariables: Readonly<Record<string, string>>,
  ) {
    this.elementVariables = Object.entries(elementVariables).sort((a, b) => b[0].length - a[0].length);
  }

  private fail(reason: string): never {
    throw new FormulaError(this.original, reason);
  }

  private peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  parseAll(): Map<string, number> {
    const amounts = this.parseMixture('');
    if (this.pos < this.src.length) this.fail(`unexpected '${this.peek()}' at ${this.pos}`);
    return amounts;
  }

  /** mixture := coefficient? groups ( ('·' | '+' | '-') coefficient? groups )*  up to `closing`. */
  private parseMixture(closing: string): Map<string, number> {
    const total = new Map<string, number>();
    for (;;) {
      const coefficient = this.parseCoefficient();
      addScaled(total, this.parseGroups(closing), coefficient);
      const c = this.peek();
      if (this.pos >= this.src.length || c === closing) return total;
      if (c !== '·' && c !== '+' && c !== '-') this.fail(`unexpected '${c}' at ${this.pos}`);
      this.pos++;
    }
  }

  /** A leading multiplier such as 0.94, x, 2 or (1-x), only where a group follows it. */
  private parseCoefficient(): number {
    const start = this.pos;
    const term = this.tryTerm();
    if (term && startsGroup(this.peek())) return term.value;
    this.pos = start;
    return 1;
  }

  /** groups := (element amount? | open groups close amount?)+ up to `closing` or a separator. */
  private parseGroups(closing: string): Map<string, number> {
    const amounts = new Map<string, number>();
    while (this.pos < this.src.length && this.peek() !== closing) {
      const c = this.peek();
      let part: Map<string, number>;
      if (c in GROUP_OPEN) {
        this.pos++;
        part = this.parseMixture(GROUP_OPEN[c]!);
        if (this.peek() !== GROUP_OPEN[c]) this.fail(`unclosed '${c}'`);
        this.pos++;
      } else if (isUpper(c)) {
        part = new Map([[this.parseSymbol(), 1]]);
      } else {
        break;
      }
      addScaled(amounts, part, this.parseAmount());
    }
    if (amounts.size === 0) this.fail(`expected an element at ${this.pos}`);
    return amounts;
  }

  private parseSymbol(): string {
    const two = this.src.slice(this.pos, this.pos + 2);
    if (two.length === 2 && two[1]! >= 'a' && two[1]! <= 'z' && isElementSymbol(two)) {
      this.pos += 2;
      return two;
    }
    for (const [name, element] of this.elementVariables) {
      if (this.src.startsWith(name, this.pos)) {
        if (!isElementSymbol(element)) this.fail(`element variable ${name} = '${element}' is not an element`);
        this.pos += name.length;
        return element;
      }
    }
    const one = this.peek();
    if (!isElementSymbol(one)) this.fail(`unknown element symbol at '${this.src.slice(this.pos, this.pos + 3)}'`);
    this.pos++;
    return one;
  }

  /** amount := term (('+' | '-' | '±') term)*, where a following term that is directly followed
   *  by a new group and does not end in a variable starts a composite part instead (MgCO3-4Mg(OH)2). */
  private parseAmount(): number {
    const first = this.tryTerm();
    if (!first) return 1;
    let value = first.value;
    for (;;) {
      const op = this.peek();
      if (op !== '+' && op !== '-' && op !== '±') return value;
      const save = this.pos;
      this.pos++;
      const term = this.tryTerm();
      if (!term || (startsGroup(this.peek()) && !term.endsWithVariable)) {
        this.pos = save;
        return value;
      }
      value += op === '-' ? -term.value : term.value;
    }
  }

  /** term := factor (factor | ('*' | '/') factor)*  with implicit multiplication (2x, 0.5(1-x)). */
  private tryTerm(): Term | null {
    let factor = this.tryFactor();
    if (!factor) return null;
    let value = factor.value;
    let endsWithVariable = factor.endsWithVariable;
    for (;;) {
      const save = this.pos;
      const op = this.peek();
      const divide = op === '/';
      if (divide || op === '*') this.pos++;
      const next = this.tryFactor();
      if (!next) {
        this.pos = save;
        return { value, endsWithVariable };
      }
      value = divide ? value / next.value : value * next.value;
      endsWithVariable = next.endsWithVariable;
      factor = next;
    }
  }

  /** factor := number | variable | '(' expression without elements ')' */
  private tryFactor(): Term | null {
    const c = this.peek();
    NUMBER.lastIndex = this.pos;
    const number = NUMBER.exec(this.src);
    if (number && (isDigit(c) || isDigit(this.peek(1)))) {
      this.pos += number[0].length;
      return { value: Number(number[0]), endsWithVariable: false };
    }
    if (isVariableChar(c) && !isVariableChar(this.peek(1))) {
      this.pos++;
      const value = this.vars[c];
      if (value === undefined) this.fail(`unresolved variable '${c}'`);
      return { value, endsWithVariable: true };
    }
    if (c === '(') return this.tryParenthesisedExpression();
    return null;
  }

  private tryParenthesisedExpression(): Term | null {
    const close = this.src.indexOf(')', this.pos);
    const inner = close < 0 ? '' : this.src.slice(this.pos + 1, close);
    if (!inner || /[A-Z([{]/.test(inner)) return null;
    const start = this.pos;
    this.pos++;
    const value = this.parseAmountExpression();
    if (this.peek() !== ')') {
      this.pos = start;
      return null;
    }
    this.pos++;
    return { value, endsWithVariable: false };
  }

  /** Inside parentheses every +/- continues the expression: (1-x), (100-x). */
  private parseAmountExpression(): number {
    const first = this.tryTerm();
    if (!first) this.fail(`bad amount at ${this.pos}`);
    let value = first.value;
    while (this.peek() === '+' || this.peek() === '-' || this.peek() === '±') {
      const op = this.peek();
      this.pos++;
      const term = this.tryTerm();
      if (!term) this.fail(`bad amount at ${this.pos}`);
      value += op === '-' ? -term.value : term.value;
    }
    return value;
  }
}
