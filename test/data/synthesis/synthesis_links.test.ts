import { expect } from 'chai';
import { parseFormula } from '../../../lib/data/chemistry/formula.js';
import type { Recipe } from '../../../lib/data/synthesis/synthesis.js';
import {
  StructureComposition, linkRecipesToStructures, memberCompositionKeys, targetCompositionKeys,
} from '../../../lib/data/synthesis/synthesis_links.js';
import { fixtureRecipes } from '../../helpers/synthesis_fixtures.js';

/** MP-20-style rows (material_id, pretty_formula) with compositions from the formula parser. */
const MP_ROWS: [string, string][] = [
  ['mp-13001', 'Ba2HoTaO6'], // MP-20 row; the recipe's mp_id is mp-13000: linked by composition only
  ['mp-4747', 'Ca2SnO4'],
  ['mp-19717', 'PbTe'],
  ['mp-2133', 'ZnO'],
  ['mp-549706', 'MgO'],
  ['x-langasite', 'La30Nb5Ga53Al2O140'], // the x = 0.2 member of La3Nb0.5Ga5.5-xAlxO14, ×10
];
const structures: StructureComposition[] = MP_ROWS.map(([id, formula]) => ({ id, composition: parseFormula(formula) }));

describe('linkRecipesToStructures', () => {
  let recipes: Recipe[];
  before(async () => {
    recipes = await fixtureRecipes();
  });

  it('links by mp_id and by reduced composition (a single-valued x counts as concrete), counting each rule', () => {
    const report = linkRecipesToStructures(recipes, structures);
    expect(report.recipes).to.equal(6);
    expect(report.structures).to.equal(6);
    expect(report.byRule).to.deep.equal({
      mp_id: { recipes: 2, structures: 2, links: 2 },
      composition: { recipes: 4, structures: 4, links: 4 },
      member: { recipes: 0, structures: 0, links: 0 },
    });
    expect(report.linkedRecipes).to.equal(4);
    expect(report.linkedStructures).to.equal(4);
    const pairs = report.links.map((l) => `${l.recipeId}>${l.structureId}:${l.rule}`);
    expect(pairs).to.have.members([
      'solid-state_sample.jsonl:1>mp-13001:composition',
      'solid-state_sample.jsonl:2>x-langasite:composition',
      'solid-state_sample.jsonl:3>mp-4747:mp_id',
      'solid-state_sample.jsonl:3>mp-4747:composition',
      'solid-state_sample.jsonl:4>mp-19717:mp_id',
      'solid-state_sample.jsonl:4>mp-19717:composition',
    ]);
  });

  it('links a series target (x = 0.1, 0.2) through the concrete members it lists', () => {
    const base = recipes[1]!;
    const series: Recipe = {
      ...base, id: 'series',
      target: { ...base.target, amountVariables: { x: { values: [0.1, 0.2], min: 0.1, max: 0.2 } } },
      targetMembers: ['La3Nb0.5Ga5.4Al0.1O14', 'La3Nb0.5Ga5.3Al0.2O14'],
    };
    const report = linkRecipesToStructures([series], structures);
    expect(report.links).to.deep.equal([{ recipeId: 'series', structureId: 'x-langasite', rule: 'member' }]);
    expect(report.byRule.member).to.deep.equal({ recipes: 1, structures: 1, links: 1 });
  });

  it('links one recipe to every polymorph of its composition', () => {
    const polymorphs = [...structures, { id: 'mp-9999', composition: parseFormula('Ba4Ho2Ta2O12') }];
    const report = linkRecipesToStructures([recipes[0]!], polymorphs);
    expect(report.links.map((l) => l.structureId).sort()).to.deep.equal(['mp-13001', 'mp-9999']);
    expect(report.byRule.composition).to.deep.equal({ recipes: 1, structures: 2, links: 2 });
  });

  it('finds nothing where nothing matches', () => {
    const report = linkRecipesToStructures(recipes, [{ id: 'mp-1', composition: parseFormula('SiO2') }]);
    expect(report.links).to.deep.equal([]);
    expect(report.linkedRecipes).to.equal(0);
  });

  it('keys the target by exact fractions and by the record composition', () => {
    expect(targetCompositionKeys(recipes[0]!)).to.deep.equal(['C:Ba:0.2000,Ho:0.1000,O:0.6000,Ta:0.1000']);
    expect(targetCompositionKeys(recipes[2]!)).to.deep.equal(['C:Ca:0.2857,O:0.5714,Sn:0.1429']);
    expect(memberCompositionKeys(recipes[1]!)).to.deep.equal(targetCompositionKeys(recipes[1]!));
  });
});
