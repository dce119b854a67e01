// What a formula-masked or precursor-free description must not contain, and the word-level
// scrub that enforces it: the target's formulas and its elements' symbols as words (so an
// aligned text model cannot read the composition), and the precursors' formulas and names
// (so precursor recommendation cannot read its answer).
import { NON_PRECURSOR_FORMULAS, canonicalPrecursor } from '../chemistry/composition_key.js';
import { isElementSymbol } from '../chemistry/elements.js';
import { cleanFormulaText, dopantSymbols, splitDopants, tryParseFormula } from '../chemistry/formula.js';
import type { Material, Recipe } from './synthesis.js';

/** Words (and word parts) to hide; compared after stripping surrounding punctuation. */
export interface HiddenTerms {
  /** Whole words to hide, exact (case-sensitive): formulas, element symbols. */
  readonly words: ReadonlySet<string>;
  /** Hide any word containing one of these (formulas of ≥ 3 characters). */
  readonly parts: readonly string[];
  /** Whole phrases (lower case) to hide where a field is rendered verbatim (media, devices). */
  readonly phrases: ReadonlySet<string>;
  /** Element symbols also hidden in one-atom spellings such as 'Zn(1)' or '(Zn)'. */
  readonly symbols?: ReadonlySet<string>;
}

export const NOTHING_HIDDEN: HiddenTerms = { words: new Set(), parts: [], phrases: new Set() };

/** Element symbols written in a formula-like text, read as the parser reads them ('Ln' and 'RE' are not elements). */
export function symbolsInText(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/[A-Z][a-z]?/g)) {
    const s = m[0];
    if (isElementSymbol(s)) out.add(s);
    else if (s.length === 2 && isElementSymbol(s[0]!)) out.add(s[0]!);
  }
  return [...out];
}

/** Every element symbol the target may contain: composition, formula, element variables, dopants, members. */
export function targetSymbols(recipe: Recipe): Set<string> {
  const t = recipe.target;
  const symbols = new Set<string>();
  for (const part of t.composition) for (const el of Object.keys(part.elements)) if (isElementSymbol(el)) symbols.add(el);
  for (const text of [t.formula, t.text, ...recipe.targetMembers]) for (const s of symbolsInText(text)) symbols.add(s);
  for (const values of Object.values(t.elementVariables)) for (const v of values) if (isElementSymbol(v)) symbols.add(v);
  for (const additive of t.additives) for (const s of dopantSymbols(additive)) symbols.add(s);
  return symbols;
}

function formulaForms(m: Material | string): string[] {
  const texts = typeof m === 'string' ? [m] : [m.formula, m.text, ...(m.name ? [m.name] : [])];
  const forms = new Set<string>();
  for (const t of texts) {
    const cleaned = cleanFormulaText(t);
    forms.add(t.trim()).add(t.replace(/\s+/g, '')).add(cleaned).add(splitDopants(cleaned)[0]);
  }
  forms.delete('');
  return [...forms];
}

/** Terms a formula-masked description must not contain. */
export function targetHiddenTerms(recipe: Recipe): HiddenTerms {
  const forms = [...formulaForms(recipe.target), ...recipe.targetMembers.flatMap(formulaForms)];
  const symbols = targetSymbols(recipe);
  const words = new Set<string>([...forms, ...symbols]);
  const parts = forms.filter((f) => f.length >= 3 && !/\s/.test(f));
  return { words, parts, phrases: new Set(forms.map((f) => f.toLowerCase())), symbols };
}

/** Terms a description without precursors must not contain (water, process gases and `keep` excepted). */
export function precursorHiddenTerms(recipe: Recipe, keep: ReadonlySet<string> = new Set()): HiddenTerms {
  const kept = recipe.precursors.filter((p) => !NON_PRECURSOR_FORMULAS.has(canonicalPrecursor(p.formula).formula));
  const forms = kept.flatMap(formulaForms).filter((f) => !keep.has(f));
  const words = new Set(forms.filter((f) => !/\s/.test(f)));
  return { words, parts: [], phrases: new Set(forms.map((f) => f.toLowerCase())) };
}

/** Union of hidden terms. */
export function mergeHidden(a: HiddenTerms, b: HiddenTerms): HiddenTerms {
  return {
    words: new Set([...a.words, ...b.words]),
    parts: [...a.parts, ...b.parts],
    phrases: new Set([...a.phrases, ...b.phrases]),
    symbols: new Set([...(a.symbols ?? []), ...(b.symbols ?? [])]),
  };
}

const LEADING = /^[("'[]+/;
const TRAILING = /[)"',.;:\]]+$/;

const ONE_ELEMENT_LIKE = /^[([]*[A-Z][a-z]?(?![a-z])[^\s]*$/;

/** 'Zn(1)', '(Zn)', 'Bi:Pt' (host Bi) spell one atom of an element; 'O2' (a molecule) does not count. */
function oneAtomOf(core: string): string | null {
  if (!ONE_ELEMENT_LIKE.test(core)) return null;
  const amounts = tryParseFormula(core);
  if (!amounts || amounts.size !== 1) return null;
  const [[symbol, n]] = [...amounts];
  return Math.abs(n - 1) < 1e-9 ? symbol! : null;
}

function isHiddenWord(core: string, hidden: HiddenTerms): boolean {
  if (hidden.words.has(core) || hidden.parts.some((p) => core.includes(p))) return true;
  if (!hidden.symbols?.size) return false;
  const symbol = oneAtomOf(core);
  return symbol !== null && hidden.symbols.has(symbol);
}

const count = (s: string, c: string) => s.split(c).length - 1;

/** A token as surrounding punctuation and its core, brackets kept balanced ('Zn(1),' → 'Zn(1)' + ','). */
function splitToken(token: string): { lead: string; core: string; trail: string } {
  let lead = LEADING.exec(token)?.[0] ?? '';
  const rest = token.slice(lead.length);
  let trail = TRAILING.exec(rest)?.[0] ?? '';
  let core = rest.slice(0, rest.length - trail.length);
  while (count(core, '(') > count(core, ')') && trail.startsWith(')')) {
    core += ')';
    trail = trail.slice(1);
  }
  while (count(core, ')') > count(core, '(') && lead.endsWith('(')) {
    core = '(' + core;
    lead = lead.slice(0, -1);
  }
  return { lead, core, trail };
}

/** Words of `text` (punctuation stripped) that are hidden terms. */
export function hiddenWordsIn(text: string, hidden: HiddenTerms): string[] {
  return text.split(/\s+/).map((t) => splitToken(t).core).filter((core) => core && isHiddenWord(core, hidden));
}

/** `text` with every hidden word replaced by `placeholder` (surrounding punctuation kept). */
export function scrubText(text: string, hidden: HiddenTerms, placeholder = 'X'): string {
  return text.split(/(\s+)/).map((token) => {
    const { lead, core, trail } = splitToken(token);
    return core && isHiddenWord(core, hidden) ? lead + placeholder + trail : token;
  }).join('');
}
