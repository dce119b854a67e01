// Six real records of the shared synthesis data (4 solid-state lines 1, 2, 17, 64 and 2 sol-gel
// lines 1820, 6003, the latter gzipped), and loading them as recipes.
import { Recipe, loadRecipes } from '../../lib/data/synthesis/synthesis.js';

export const SOLID_STATE_SAMPLE = 'test/fixtures/synthesis/solid-state_sample.jsonl';
export const SOL_GEL_SAMPLE = 'test/fixtures/synthesis/sol-gel_sample.jsonl.gz';

/** All six fixture recipes, solid-state first. */
export async function fixtureRecipes(): Promise<Recipe[]> {
  return (await loadRecipes([SOLID_STATE_SAMPLE, SOL_GEL_SAMPLE])).recipes;
}
