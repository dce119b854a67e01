// Links between synthesis recipes and crystal structures: by the target's Materials
// Project id (`target.mp_id`), by the normalised reduced composition of the target, and
// for variable targets (x = 0.1, 0.2 …) by the concrete members the record lists.
import { compositionKey } from '../chemistry/composition_key.js';
import { tryParseFormula } from '../chemistry/formula.js';
import type { Recipe } from './synthesis.js';
import { recordComposition, targetComposition } from './synthesis_labels.js';

/** The structure side: an id ('mp-1234') and the element amounts of the cell (or any multiple). */
export interface StructureComposition {
  readonly id: string;
  readonly composition: ReadonlyMap<string, number>;
}

/**
 * 'mp_id': target.mp_id equals the structure id. 'composition': the target's reduced
 * composition equals the structure's. 'member': a concrete member of a variable target
 * (targets_string) has the structure's reduced composition.
 */
export type LinkRule = 'mp_id' | 'composition' | 'member';
export const LINK_RULES: readonly LinkRule[] = ['mp_id', 'composition', 'member'];

export interface RecipeLink {
  readonly recipeId: string;
  readonly structureId: string;
  readonly rule: LinkRule;
}

export interface RuleCounts {
  /** Recipes with at least one link by this rule. */
  readonly recipes: number;
  /** Structures with at least one link by this rule. */
  readonly structures: number;
  readonly links: number;
}

export interface LinkReport {
  readonly links: readonly RecipeLink[];
  readonly recipes: number;
  readonly structures: number;
  /** Recipes linked by any rule. */
  readonly linkedRecipes: number;
  /** Structures linked by any rule. */
  readonly linkedStructures: number;
  readonly byRule: Readonly<Record<LinkRule, RuleCounts>>;
}

/**
 * Composition keys of a recipe's target: from the formula as parsed here (exact fractions
 * such as Mg1/3, dopants left out) and from the record's own composition (which rounds
 * 1/3 to 0.333 and counts dopants with an amount). Empty for variable targets.
 */
export function targetCompositionKeys(recipe: Recipe): string[] {
  const keys = new Set<string>();
  const parsed = targetComposition(recipe.target);
  if (parsed) keys.add(compositionKey(parsed));
  const concrete = Object.keys(recipe.target.amountVariables).length === 0 && Object.keys(recipe.target.elementVariables).length === 0;
  const record = concrete ? recordComposition(recipe.target) : null;
  if (record) keys.add(compositionKey(record));
  return [...keys];
}

/** Composition keys of the concrete members listed by the record (targets_string), parsable ones only. */
export function memberCompositionKeys(recipe: Recipe): string[] {
  const keys = new Set<string>();
  for (const member of recipe.targetMembers) {
    const amounts = tryParseFormula(member);
    if (amounts) keys.add(compositionKey(amounts));
  }
  return [...keys];
}

function indexStructures(structures: Iterable<StructureComposition>): {
  byKey: Map<string, string[]>; ids: Set<string>;
} {
  const byKey = new Map<string, string[]>();
  const ids = new Set<string>();
  for (const s of structures) {
    ids.add(s.id);
    const key = compositionKey(s.composition);
    const list = byKey.get(key);
    if (list) list.push(s.id);
    else byKey.set(key, [s.id]);
  }
  return { byKey, ids };
}

/** Links of one recipe, each structure at most once per rule; members only where the target itself did not match. */
function linksOfRecipe(recipe: Recipe, byKey: Map<string, string[]>, ids: Set<string>): RecipeLink[] {
  const links: RecipeLink[] = [];
  const add = (structureIds: Iterable<string>, rule: LinkRule) => {
    for (const structureId of new Set(structureIds)) links.push({ recipeId: recipe.id, structureId, rule });
  };
  const mpId = recipe.target.mpId;
  if (mpId && ids.has(mpId)) add([mpId], 'mp_id');
  const targetKeys = targetCompositionKeys(recipe);
  const byTarget = targetKeys.flatMap((k) => byKey.get(k) ?? []);
  add(byTarget, 'composition');
  if (byTarget.length === 0) {
    const targetSet = new Set(targetKeys);
    add(memberCompositionKeys(recipe).filter((k) => !targetSet.has(k)).flatMap((k) => byKey.get(k) ?? []), 'member');
  }
  return links;
}

/** Joins recipes to structures by every rule and counts recipes and structures linked, per rule and in all. */
export function linkRecipesToStructures(
  recipes: Iterable<Recipe>, structures: Iterable<StructureComposition>,
): LinkReport {
  const { byKey, ids } = indexStructures(structures);
  const links: RecipeLink[] = [];
  let recipeCount = 0;
  for (const recipe of recipes) {
    recipeCount++;
    links.push(...linksOfRecipe(recipe, byKey, ids));
  }
  const countBy = (ls: readonly RecipeLink[]): RuleCounts => ({
    recipes: new Set(ls.map((l) => l.recipeId)).size,
    structures: new Set(ls.map((l) => l.structureId)).size,
    links: ls.length,
  });
  const byRule = Object.fromEntries(LINK_RULES.map((rule) => [rule, countBy(links.filter((l) => l.rule === rule))])) as Record<LinkRule, RuleCounts>;
  const all = countBy(links);
  return {
    links, recipes: recipeCount, structures: ids.size,
    linkedRecipes: all.recipes, linkedStructures: all.structures, byRule,
  };
}
