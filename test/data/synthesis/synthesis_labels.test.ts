import { expect } from 'chai';
import { compositionKey } from '../../../lib/data/chemistry/composition_key.js';
import { Recipe, parseRecipeLine, readRecipes } from '../../../lib/data/synthesis/synthesis.js';
import {
  firingLabel, recipePrecursorLabels, recordComposition, targetComposition, targetKey,
} from '../../../lib/data/synthesis/synthesis_labels.js';
import { sharedFile } from '../../helpers/shared_data.js';
import { fixtureRecipes } from '../../helpers/synthesis_fixtures.js';

function recipeOf(record: object): Recipe {
  return parseRecipeLine(JSON.stringify(record), { source: 't.jsonl', line: 1, kind: 'solid-state' }).recipe!;
}

describe('targetKey', () => {
  it('reproduces _split_key on the fixture records (concrete and variable targets)', async () => {
    for (const r of await fixtureRecipes()) expect(targetKey(r.target), r.id).to.equal(r.splitKey);
  });

  for (const file of ['synthesis/solid-state_2019-12-03.shared.jsonl.gz', 'synthesis/sol-gel_2020-07-13.shared.jsonl.gz']) {
    it(`reproduces _split_key on the first 1500 records of ${file.split('/')[1]}`, async function () {
      const path = sharedFile(file);
      if (!path) this.skip();
      let n = 0;
      for await (const r of readRecipes(path!)) {
        expect(targetKey(r.target), r.id).to.equal(r.splitKey);
        if (++n >= 1500) break;
      }
      expect(n).to.equal(1500);
    });
  }

  it('falls back to the raw formula for non-numeric amounts', () => {
    const r = recipeOf({ target: { material_formula: 'LaCoO3-δ', composition: [{ formula: 'LaCoO3-δ', amount: '1', elements: { La: '1', Co: '1', O: '3-δ' } }] } });
    expect(targetKey(r.target)).to.equal('T:LaCoO3-δ');
    expect(recordComposition(r.target)).to.equal(null);
  });
});

describe('targetComposition', () => {
  it('uses the record composition for concrete targets', async () => {
    const [first] = await fixtureRecipes();
    expect(compositionKey(targetComposition(first!.target)!)).to.equal(first!.splitKey);
  });

  it('substitutes a variable that takes a single value and refuses a series', async () => {
    const recipes = await fixtureRecipes();
    expect(Object.fromEntries(targetComposition(recipes[1]!.target)!)).to.deep.equal({ La: 3, Nb: 0.5, Ga: 5.3, Al: 0.2, O: 14 });
    const series = recipeOf({ target: { material_formula: 'Ba1-xSrxTiO3', amounts_vars: { x: { values: [0.1, 0.2] } } } });
    expect(targetComposition(series.target)).to.equal(null);
  });
});

describe('recipe labels', () => {
  it('gives canonical precursor sets', async () => {
    const recipes = await fixtureRecipes();
    expect(recipes.map(recipePrecursorLabels)).to.deep.equal([
      ['BaCO3', 'Ho2O3', 'Ta2O5'], ['Al2O3', 'Ga2O3', 'La2O3', 'Nb2O5'], ['CaCO3', 'Eu2O3', 'SnO2'],
      ['Pb', 'Te'], ['TePb', 'Tl2Te'], ['MgO', 'ZnO'],
    ]);
  });

  it('takes the hottest heating step (°C) and its duration (h)', async () => {
    const recipes = await fixtureRecipes();
    expect(recipes.map(firingLabel)).to.deep.equal([
      { temperatureC: 1200, timeH: 12 }, { temperatureC: 1480, timeH: 2 }, { temperatureC: 1300, timeH: 10 },
      { temperatureC: 800, timeH: null }, { temperatureC: 299.85, timeH: 72 }, { temperatureC: 699.85, timeH: 0.5 },
    ]);
  });

  it('ignores drying temperatures and reports none where no heating has one', () => {
    const r = recipeOf({
      target: { material_formula: 'TiO2' },
      operations: [{ type: 'DryingOperation', token: 'dried', conditions: { heating_temperature: [{ values: [120], units: 'C' }] } }],
    });
    expect(firingLabel(r)).to.deep.equal({ temperatureC: null, timeH: null });
  });
});
