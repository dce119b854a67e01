// Materials as the alignment sees them: one record per crystal structure (with the recipes
// that link to it) plus, optionally, compositions known only from recipes. Each carries a
// composition key: the unit of the train/validation/test split and of false negatives.
import { compositionKey } from '../chemistry/composition_key.js';
import { reducedFormula } from '../chemistry/composition.js';
import type { SkippedRow } from '../structure/structure_table.js';
import { readStructures } from '../structure/structure_source.js';
import type { Structure } from '../structure/crystal.js';
import { loadRecipes, RecordIssue } from '../synthesis/synthesis.js';
import type { Recipe } from '../synthesis/recipe_types.js';
import { linkRecipesToStructures } from '../synthesis/synthesis_links.js';
import { targetComposition, targetKey } from '../synthesis/synthesis_labels.js';

export interface PairedMaterial {
  /** Structure id (material_id), or 'recipe:' + composition key for a recipe-only material. */
  readonly id: string;
  /** Composition key ('C:Ba:0.2000,…'): materials sharing it are one chemical material. */
  readonly key: string;
  readonly formula: string;
  /** Element symbol → amount (cell or formula units). */
  readonly composition: ReadonlyMap<string, number>;
  readonly structure: Structure | null;
  /** Recipes whose target is this material. */
  readonly recipes: readonly Recipe[];
  /** `file:row` of the structure, or the first recipe id. */
  readonly source: string;
  /** International space-group number from the table where given, else null. */
  readonly spacegroup: number | null;
  /** Numeric columns of the structure table. */
  readonly properties: Readonly<Record<string, number>>;
  /** Every column of the structure table as text, CIF excluded (censored values, labels such as a family); {} for recipe-only materials. */
  readonly fields: Readonly<Record<string, string>>;
}

export interface MaterialLoadOptions {
  /** Crystals with more sites are skipped (reported); default no limit. */
  readonly maxAtoms?: number;
  /** Keep at most this many structures (0: all). */
  readonly maxStructures?: number;
  /** Keep at most this many recipe-only materials (0: none). */
  readonly maxRecipeOnly?: number;
  readonly allowDisorder?: boolean;
  readonly log?: (line: string) => void;
}

export interface MaterialSet {
  readonly materials: PairedMaterial[];
  readonly skipped: SkippedRow[];
  readonly recipeIssues: number;
  readonly recipesLinked: number;
  readonly recipesTotal: number;
}

/** Structures from tables (or CIF files) and recipes from JSONL files, linked into materials. */
export async function loadMaterials(structureFiles: readonly string[], synthesisFiles: readonly string[], options: MaterialLoadOptions = {}): Promise<MaterialSet> {
  const log = options.log ?? (() => {});
  const skipped: SkippedRow[] = [];
  const base: Omit<PairedMaterial, 'recipes'>[] = [];
  const seen = new Set<string>();
  const maxStructures = options.maxStructures || Infinity;
  for (const file of structureFiles) {
    for await (const row of readStructures(file, { allowDisorder: options.allowDisorder ?? false, onSkip: (s) => skipped.push(s) })) {
      if (base.length >= maxStructures) break;
      if (options.maxAtoms && row.structure.natoms > options.maxAtoms) {
        skipped.push({ id: row.id, row: row.row, reason: `${row.structure.natoms} atoms > maxAtoms ${options.maxAtoms}` });
        continue;
      }
      if (seen.has(row.id)) { skipped.push({ id: row.id, row: row.row, reason: 'duplicate id' }); continue; }
      seen.add(row.id);
      const composition = row.structure.composition();
      const sg = Number(row.fields['spacegroup.number'] ?? row.fields['spacegroup_number'] ?? row.fields['Space group #'] ?? NaN);
      base.push({
        id: row.id, key: compositionKey(composition), formula: reducedFormula(composition), composition, structure: row.structure,
        source: `${file}:${row.row}`, spacegroup: Number.isFinite(sg) ? sg : null, properties: row.properties, fields: row.fields,
      });
    }
    log(`${file}: ${base.length} structures so far, ${skipped.length} skipped`);
  }
  let recipes: Recipe[] = [];
  let recipeIssues = 0;
  if (synthesisFiles.length) {
    const loaded = await loadRecipes(synthesisFiles, { onIssue: (i: RecordIssue) => { if (i.severity === 'skipped') recipeIssues++; } });
    recipes = [...loaded.recipes];
    log(`${recipes.length} recipes read (${recipeIssues} lines skipped)`);
  }
  const byStructure = new Map<string, Recipe[]>();
  const report = linkRecipesToStructures(recipes, base.map((m) => ({ id: m.id, composition: m.composition })));
  const recipeById = new Map(recipes.map((r) => [r.id, r]));
  const linked = new Set<string>();
  for (const link of report.links) {
    const list = byStructure.get(link.structureId) ?? [];
    if (!list.some((r) => r.id === link.recipeId)) list.push(recipeById.get(link.recipeId)!);
    byStructure.set(link.structureId, list);
    linked.add(link.recipeId);
  }
  const materials: PairedMaterial[] = base.map((m) => ({ ...m, recipes: byStructure.get(m.id) ?? [] }));
  materials.push(...recipeOnlyMaterials(recipes.filter((r) => !linked.has(r.id)), new Set(base.map((m) => m.key)), options.maxRecipeOnly ?? 0));
  return { materials, skipped, recipeIssues, recipesLinked: linked.size, recipesTotal: recipes.length };
}

/** Compositions known only from recipes: one material per target key, in first-seen order. */
function recipeOnlyMaterials(recipes: readonly Recipe[], structureKeys: ReadonlySet<string>, limit: number): PairedMaterial[] {
  if (limit <= 0) return [];
  const byKey = new Map<string, { composition: Map<string, number>; recipes: Recipe[] }>();
  for (const recipe of recipes) {
    const composition = targetComposition(recipe.target);
    if (!composition || composition.size === 0) continue;
    const key = targetKey(recipe.target).startsWith('C:') ? targetKey(recipe.target) : compositionKey(composition);
    if (structureKeys.has(key)) continue;
    const entry = byKey.get(key);
    if (entry) entry.recipes.push(recipe);
    else if (byKey.size < limit) byKey.set(key, { composition, recipes: [recipe] });
  }
  return [...byKey].map(([key, { composition, recipes: rs }]) => ({
    id: `recipe:${key}`, key, formula: reducedFormula(composition), composition, structure: null,
    recipes: rs, source: rs[0]!.id, spacegroup: null, properties: {}, fields: {},
  }));
}
