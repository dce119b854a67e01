// Recipes rendered as readable synthesis descriptions ("BaCO3, Ta2O5 and Ho2O3 were mixed …,
// calcined at 1200 °C for 12 h in air …"). Phrase variants come from a seeded RNG, so a
// recipe and a seed always give the same text; the variants that matter for the science
// hide the target (formula-masked) and/or the precursors. The excerpt travels alongside.
import { Rng } from '../../rng.js';
import {
  HiddenTerms, NOTHING_HIDDEN, mergeHidden, precursorHiddenTerms, scrubText, targetHiddenTerms,
} from './recipe_mask.js';
import { conditionPhrases, formatNumber, joinList, operationVerb } from './recipe_phrases.js';
import type { Operation, Recipe } from './synthesis.js';
import { recipePrecursorLabels } from './synthesis_labels.js';

export interface RenderOptions {
  /** Seed of the phrase choices (mixed with the recipe id); default 0. */
  readonly seed?: number;
  /** Name the target formula; false gives the formula-masked text. Default true. */
  readonly includeTarget?: boolean;
  /** Name the precursors; false hides them (for precursor recommendation). Default true. */
  readonly includePrecursors?: boolean;
}

/** The four text variants of one recipe, its excerpt and its precursor labels. */
export interface RecipeTexts {
  readonly id: string;
  readonly full: string;
  /** Without the target formula or its elements' symbols as words. */
  readonly masked: string;
  readonly withoutPrecursors: string;
  readonly maskedWithoutPrecursors: string;
  /** The paper's 105-character excerpt, unchanged. */
  readonly excerpt: string;
  /** Canonical precursor formulas (recipePrecursorLabels). */
  readonly precursors: readonly string[];
}

/** FNV-1a hash of a string (32-bit): mixes the recipe id into the seed. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const ROUTES: Record<string, readonly string[]> = {
  'solid-state': ['a solid-state reaction', 'the conventional solid-state route', 'solid-state synthesis'],
  'sol-gel': ['a sol-gel method', 'the sol-gel route', 'a sol-gel process'],
};
const MASKED_TARGETS = ['the target compound', 'the title compound', 'the target material'] as const;
const SUBJECTS = ['The mixture', 'The powder', 'The sample', 'The product'] as const;
const FIRST_SUBJECTS = ['The starting materials', 'The precursors', 'The reagents'] as const;
const ADVERBS = ['then', 'subsequently', 'afterwards', 'next'] as const;

/** Operations worth a clause: StartingSynthesis steps without conditions only say "prepared". */
function describedOperations(ops: readonly Operation[]): Operation[] {
  return ops.filter((op) => op.type !== 'StartingSynthesis' || op.temperatures.length || op.times.length || op.atmospheres.length);
}

/** The target as named in the text: formula, variable values, element choices, dopants. */
function targetName(recipe: Recipe): string {
  const t = recipe.target;
  const extras: string[] = [];
  for (const [name, v] of Object.entries(t.amountVariables)) {
    const values = [...new Set(v.values)].map((x) => formatNumber(x, 4));
    if (values.length) extras.push(`${name} = ${values.join(', ')}`);
    else if (v.min !== null && v.max !== null) extras.push(`${formatNumber(v.min, 4)} ≤ ${name} ≤ ${formatNumber(v.max, 4)}`);
  }
  for (const [name, elements] of Object.entries(t.elementVariables)) {
    if (elements.length) extras.push(`${name} = ${elements.join(', ')}`);
  }
  let name = t.formula + (extras.length ? ` (${extras.join('; ')})` : '');
  if (t.additives.length && !t.formula.includes(':')) name += ` doped with ${joinList(t.additives)}`;
  return name;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** First sentence: what was made, by which route, from what. Every slot draws from the RNG
 *  in every mode, so the variants of one recipe share their phrasing. */
function introSentence(recipe: Recipe, rng: Rng, target: boolean, precursors: boolean): string {
  const routes = ROUTES[recipe.kind];
  const route = routes ? routes[rng.int(routes.length)]! : null;
  const masked = MASKED_TARGETS[rng.int(MASKED_TARGETS.length)]!;
  const template = rng.int(3);
  const subject = target ? targetName(recipe) : masked;
  const names = [...new Set(recipe.precursors.map((p) => p.formula))];
  const from = precursors && names.length ? joinList(names) : null;
  const by = route ? ` by ${route}` : '';
  if (from && template === 0) return `${capitalise(subject)} was synthesized${by} from ${from}.`;
  if (from && template === 1) return `Stoichiometric amounts of ${from} were used to prepare ${subject}${by}.`;
  if (from) return `${capitalise(subject)} was prepared${by} using ${from} as starting materials.`;
  return `${capitalise(subject)} was ${template === 1 ? 'synthesized' : 'prepared'}${by}.`;
}

/** First words of media the text mining split off ('ethyl', 'alcohol' → 'ethyl alcohol'). */
const MEDIUM_PREFIXES = new Set([
  'ethyl', 'isopropyl', 'ethylene', 'methyl', 'polyvinyl', 'propyl', 'butyl', 'acetic', 'citric',
  'nitric', 'distilled', 'deionized', 'de-ionized', 'absolute', 'anhydrous', 'oxalic', 'hydrochloric',
]);

function joinSplitMedia(media: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < media.length; i++) {
    const m = media[i]!;
    if (MEDIUM_PREFIXES.has(m.toLowerCase()) && i + 1 < media.length) out.push(`${m} ${media[++i]}`);
    else out.push(m);
  }
  return out;
}

/** One clause per operation ('calcined at 1200 °C for 12 h in air'); repeats of the same clause merge. */
function operationClauses(ops: readonly Operation[], rng: Rng, hidden: HiddenTerms): string[] {
  const clauses: string[] = [];
  for (const op of ops) {
    const verb = operationVerb(op);
    const timeFirst = rng.int(4) === 0;
    const visible: Operation = {
      ...op,
      media: joinSplitMedia(op.media).map((m) => (hidden.phrases.has(m.toLowerCase()) ? 'a reagent' : m)),
      devices: op.devices.map((d) => (hidden.phrases.has(d.toLowerCase()) ? 'a reagent' : d)),
      atmospheres: op.atmospheres.map((a) => (hidden.phrases.has(a.toLowerCase()) ? 'X' : a)),
    };
    const clause = [verb, ...conditionPhrases(visible, verb, timeFirst)].join(' ');
    if (clauses[clauses.length - 1] !== clause) clauses.push(clause);
  }
  return clauses;
}

/** Clauses grouped into sentences of two or three with varied subjects and connectives. */
function operationSentences(clauses: readonly string[], rng: Rng, firstIsMixing: boolean): string[] {
  const sentences: string[] = [];
  for (let i = 0; i < clauses.length;) {
    const size = Math.min(clauses.length - i, 2 + rng.int(2));
    const group = clauses.slice(i, i + size);
    const subjectChoice = rng.int(SUBJECTS.length);
    const adverb = ADVERBS[rng.int(ADVERBS.length)]!;
    let head: string;
    if (i === 0 && firstIsMixing) head = `${FIRST_SUBJECTS[subjectChoice % FIRST_SUBJECTS.length]} were`;
    else if (i === 0) head = `${SUBJECTS[subjectChoice]} was`;
    else head = `${SUBJECTS[subjectChoice]} was ${adverb}`;
    sentences.push(`${head} ${joinList(group)}.`);
    i += size;
  }
  return sentences;
}

const MIXING_TYPES = new Set(['Mixing', 'MixingOperation', 'SolutionMixing', 'LiquidGrinding']);

/**
 * A synthesis description of `recipe`: deterministic for (recipe.id, seed, options).
 * With includeTarget false the text contains neither the target formula nor any of its
 * elements' symbols as words; with includePrecursors false it names no precursor.
 */
export function renderRecipe(recipe: Recipe, options: RenderOptions = {}): string {
  const includeTarget = options.includeTarget ?? true;
  const includePrecursors = options.includePrecursors ?? true;
  const rng = new Rng((hashString(recipe.id) ^ Math.trunc(options.seed ?? 0)) >>> 0);
  const targetTerms = targetHiddenTerms(recipe);
  let hidden = includeTarget ? NOTHING_HIDDEN : targetTerms;
  if (!includePrecursors) {
    // A precursor that is also the target (a two-step synthesis) stays named where the target is.
    const precursorTerms = precursorHiddenTerms(recipe, includeTarget ? targetTerms.words : new Set());
    hidden = mergeHidden(hidden, precursorTerms);
  }
  const intro = introSentence(recipe, rng, includeTarget, includePrecursors);
  const ops = describedOperations(recipe.operations);
  const clauses = operationClauses(ops, rng, hidden);
  const firstIsMixing = ops.length > 0 && MIXING_TYPES.has(ops[0]!.type);
  const text = [intro, ...operationSentences(clauses, rng, firstIsMixing)].join(' ');
  return hidden === NOTHING_HIDDEN ? text : scrubText(text, hidden);
}

/** All four variants (same seed, so they share their phrasing), with excerpt and labels. */
export function recipeTexts(recipe: Recipe, seed = 0): RecipeTexts {
  const render = (includeTarget: boolean, includePrecursors: boolean) =>
    renderRecipe(recipe, { seed, includeTarget, includePrecursors });
  return {
    id: recipe.id,
    full: render(true, true),
    masked: render(false, true),
    withoutPrecursors: render(true, false),
    maskedWithoutPrecursors: render(false, false),
    excerpt: recipe.excerpt,
    precursors: recipePrecursorLabels(recipe),
  };
}
