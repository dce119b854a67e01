import { expect } from 'chai';
import { hiddenWordsIn, precursorHiddenTerms, targetHiddenTerms, targetSymbols } from '../../../lib/data/synthesis/recipe_mask.js';
import { recipeTexts, renderRecipe } from '../../../lib/data/synthesis/recipe_text.js';
import { Recipe, readRecipes } from '../../../lib/data/synthesis/synthesis.js';
import { sharedFile } from '../../helpers/shared_data.js';
import { fixtureRecipes } from '../../helpers/synthesis_fixtures.js';

/** Words of a text with surrounding punctuation removed. */
const words = (text: string) => text.split(/\s+/).map((w) => w.replace(/^[("'[]+/, '').replace(/[)"',.;:\]]+$/, ''));

function expectNoTarget(r: Recipe, text: string): void {
  const symbols = targetSymbols(r);
  expect(text, r.id).not.to.contain(r.target.formula);
  for (const w of words(text)) {
    expect(symbols.has(w), `${r.id}: '${w}' in ${text}`).to.equal(false);
    expect(w, r.id).not.to.equal(r.target.formula.replace(/\s+/g, ''));
  }
}

describe('renderRecipe', () => {
  let recipes: Recipe[];
  before(async () => {
    recipes = await fixtureRecipes();
  });

  it('renders a faithful solid-state description (golden, seed 0)', () => {
    const t = recipeTexts(recipes[0]!, 0);
    expect(t.full).to.equal(
      'Ba2HoTaO6 was synthesized by the conventional solid-state route from Ta2O5, BaCO3 and Ho2O3. '
      + 'The mixture was dried at 100 and 1000 °C and ground in acetone. '
      + 'The powder was subsequently dried and heated at 1200 °C for 12 h. '
      + 'The sample was next reground, pressed and reground. The product was next repelleted.',
    );
    expect(t.masked).to.equal(
      'The target material was synthesized by the conventional solid-state route from Ta2O5, BaCO3 and Ho2O3. '
      + 'The mixture was dried at 100 and 1000 °C and ground in acetone. '
      + 'The powder was subsequently dried and heated at 1200 °C for 12 h. '
      + 'The sample was next reground, pressed and reground. The product was next repelleted.',
    );
  });

  it('names variable values and temperature ranges (golden, seed 0)', () => {
    expect(renderRecipe(recipes[1]!, { seed: 0 })).to.equal(
      'La3Nb0.5Ga5.5-xAlxO14 (x = 0.2) was synthesized by the conventional solid-state route from La2O3, Al2O3, Ga2O3 and Nb2O5. '
      + 'The starting materials were mixed and fired at 1400–1480 °C for 2 h.',
    );
  });

  it('writes converted sol-gel units: kelvin as °C, days as hours, minutes (golden, seed 0)', () => {
    expect(renderRecipe(recipes[4]!, { seed: 0 })).to.equal(
      'Stoichiometric amounts of Tl2Te and PbTe were used to prepare Tl4PbTe3 by the sol-gel route. '
      + 'The product was annealed at 300 °C and 277 °C for 72 h and cooled.',
    );
    expect(renderRecipe(recipes[5]!, { seed: 0, includePrecursors: false })).to.equal(
      'Mg0.1Zn0.9O was prepared by a sol-gel method. The starting materials were mixed and annealed at 700 °C for 30 min.',
    );
  });

  it('is deterministic for a seed and varies the phrasing, not the facts, across seeds', () => {
    const r = recipes[0]!;
    expect(renderRecipe(r, { seed: 3 })).to.equal(renderRecipe(r, { seed: 3 }));
    const texts = new Set<string>();
    for (let seed = 0; seed < 12; seed++) {
      const text = renderRecipe(r, { seed });
      texts.add(text);
      for (const fact of ['Ba2HoTaO6', 'Ta2O5', 'BaCO3', 'Ho2O3', '1200 °C', '12 h', 'acetone', 'repelleted']) expect(text).to.contain(fact);
    }
    expect(texts.size).to.be.greaterThan(3);
  });

  it('masked texts contain neither the target formula nor its element symbols as words', () => {
    for (const r of recipes) {
      const t = recipeTexts(r, 0);
      expectNoTarget(r, t.masked);
      expectNoTarget(r, t.maskedWithoutPrecursors);
      expect(hiddenWordsIn(t.masked, targetHiddenTerms(r))).to.deep.equal([]);
    }
  });

  it('masks precursors that are target elements and dopant symbols', () => {
    const pbte = recipeTexts(recipes[3]!, 0);
    expect(pbte.full).to.contain('using O, Te and Pb as starting materials');
    expect(pbte.masked).to.contain('using O, X and X as starting materials');
    expect([...targetSymbols(recipes[2]!)].sort()).to.deep.equal(['Ca', 'Eu', 'O', 'Sn']);
  });

  it('texts without precursors name none of them', () => {
    for (const r of recipes) {
      const t = recipeTexts(r, 0);
      for (const p of r.precursors) {
        if (['O', 'H2O'].includes(p.formula)) continue;
        expect(words(t.withoutPrecursors), r.id).not.to.include(p.formula);
        expect(words(t.maskedWithoutPrecursors), r.id).not.to.include(p.formula);
      }
      expect(hiddenWordsIn(t.withoutPrecursors, precursorHiddenTerms(r, targetHiddenTerms(r).words))).to.deep.equal([]);
    }
  });

  it('keeps the excerpt and the precursor labels alongside', () => {
    const t = recipeTexts(recipes[5]!, 0);
    expect(t.excerpt).to.match(/^MgxZn1-xO thin films were grown/);
    expect(t.precursors).to.deep.equal(['MgO', 'ZnO']);
    expect(t.id).to.equal('sol-gel_sample.jsonl.gz:2');
  });

  it('masks every one of the first 600 shared records of each file', async function () {
    for (const file of ['synthesis/solid-state_2019-12-03.shared.jsonl.gz', 'synthesis/sol-gel_2020-07-13.shared.jsonl.gz']) {
      const path = sharedFile(file);
      if (!path) this.skip();
      let n = 0;
      for await (const r of readRecipes(path!)) {
        expectNoTarget(r, renderRecipe(r, { seed: n, includeTarget: false }));
        if (++n >= 600) break;
      }
    }
  });
});
