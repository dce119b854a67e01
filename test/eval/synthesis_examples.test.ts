import { expect } from 'chai';
import {
  buildPrecursorStats, candidatesFor, fitsTarget, groupByTarget, precursorElements,
  sourceElements, splitByTarget, synthesisExample,
} from '../../lib/eval/synthesis_examples.js';
import { example } from '../helpers/synthesis_examples.js';
import { fixtureRecipes } from '../helpers/synthesis_fixtures.js';

describe('synthesis examples', () => {
  it('turns a recipe into its target key, composition, precursor set and firing temperature', async () => {
    const [first] = await fixtureRecipes();
    const e = synthesisExample(first!)!;
    expect(e.targetKey).to.equal(first!.splitKey);
    expect(e.precursors).to.deep.equal(['BaCO3', 'Ho2O3', 'Ta2O5']);
    expect(e.composition.get('Ba')).to.equal(2);
    expect(e.temperatureC === null || e.temperatureC > 0).to.equal(true);
  });

  it('reads the non-volatile elements a precursor brings', () => {
    expect([...precursorElements('BaCO3')!]).to.deep.equal(['Ba']);
    expect([...precursorElements('NH4H2PO4')!]).to.deep.equal(['P']);
    expect(precursorElements('citric acid??')).to.equal(null);
    expect(sourceElements(['O', 'Ti', 'Ba', 'N'])).to.deep.equal(['Ba', 'Ti']);
    expect(fitsTarget('SrCO3', new Set(['Ba', 'Ti', 'O']))).to.equal(false);
    expect(fitsTarget('BaCO3', new Set(['Ba', 'Ti', 'O']))).to.equal(true);
  });

  it('splits by target key so that no target is on both sides, reproducibly', () => {
    const examples = Array.from({ length: 40 }, (_, i) => example(`r${i}`, { Ba: 1, Ti: 1 + (i % 20), O: 3 }, ['BaCO3', 'TiO2']));
    const { train, test } = splitByTarget(examples, 0.1, 1);
    const trainKeys = new Set(train.map((e) => e.targetKey));
    expect(new Set(test.map((e) => e.targetKey)).size).to.equal(2);
    expect(test.every((e) => !trainKeys.has(e.targetKey))).to.equal(true);
    expect(train.length + test.length).to.equal(40);
    expect(splitByTarget(examples, 0.1, 1).test.map((e) => e.id)).to.deep.equal(test.map((e) => e.id));
  });

  it('groups reports of one target, most reported set first', () => {
    const groups = groupByTarget([
      example('a', { Ba: 1, Ti: 1, O: 3 }, ['BaO', 'TiO2'], 1000),
      example('b', { Ba: 1, Ti: 1, O: 3 }, ['BaCO3', 'TiO2'], 1200),
      example('c', { Ba: 1, Ti: 1, O: 3 }, ['BaCO3', 'TiO2']),
      example('d', { Sr: 1, Ti: 1, O: 3 }, ['SrCO3', 'TiO2']),
    ]);
    expect(groups).to.have.length(2);
    expect(groups[0]!.precursorSets).to.deep.equal([['BaCO3', 'TiO2'], ['BaO', 'TiO2']]);
    expect(groups[0]!.setCounts).to.deep.equal([2, 1]);
    expect(groups[0]!.temperaturesC).to.deep.equal([1000, 1200]);
  });

  it('ranks the precursors of each element by training frequency', () => {
    const stats = buildPrecursorStats([
      example('a', { Ba: 1, Ti: 1, O: 3 }, ['BaCO3', 'TiO2'], 1000),
      example('b', { Ba: 1, Zr: 1, O: 3 }, ['BaCO3', 'ZrO2'], 1400),
      example('c', { Ba: 1, O: 1 }, ['BaO'], 900),
      example('d', { Ba: 1, Sr: 1, O: 2 }, ['BaSrO2'], null),
    ]);
    expect(stats.byElement.get('Ba')!.map((c) => c.precursor)).to.deep.equal(['BaCO3', 'BaO', 'BaSrO2']);
    expect(stats.medianTemperatureC).to.equal(1000);
    expect(candidatesFor('Ba', new Set(['Ba', 'Ti', 'O']), stats).map((c) => c.precursor)).to.deep.equal(['BaCO3', 'BaO']);
  });
});
