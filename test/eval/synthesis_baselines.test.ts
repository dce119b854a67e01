import { expect } from 'chai';
import {
  adaptPrecursors, evaluateRecommendations, recommendByFrequency, recommendBySimilarity, recommendFromNeighbours,
} from '../../lib/eval/synthesis_baselines.js';
import { buildPrecursorStats, groupByTarget } from '../../lib/eval/synthesis_examples.js';
import { example } from '../helpers/synthesis_examples.js';

const train = [
  example('a', { Ba: 1, Ti: 1, O: 3 }, ['BaCO3', 'TiO2'], 1100),
  example('b', { Sr: 1, Ti: 1, O: 3 }, ['SrCO3', 'TiO2'], 1300),
  example('c', { Sr: 1, Zr: 1, O: 3 }, ['SrCO3', 'ZrO2'], 1500),
  example('d', { Ba: 1, Zr: 1, O: 3 }, ['BaO', 'ZrO2'], 1400),
  example('e', { Ca: 1, Ti: 1, O: 3 }, ['CaCO3', 'TiO2'], 1200),
  example('f', { Ti: 1, O: 2 }, ['TiCl4'], 500),
];
const stats = buildPrecursorStats(train);
const target = new Set(['Ca', 'Zr', 'O']);

describe('synthesis baselines', () => {
  it('adapts a reference set: drops foreign precursors and fills uncovered elements', () => {
    // reference for SrTiO3 adapted to CaZrO3: SrCO3 and TiO2 dropped, Ca and Zr filled by frequency
    expect(adaptPrecursors(['SrCO3', 'TiO2'], target, stats)).to.deep.equal(['CaCO3', 'ZrO2']);
    expect(adaptPrecursors(['CaO', 'ZrO2', 'urea?'], target, stats)).to.deep.equal(['CaO', 'ZrO2', 'urea?']);
  });

  it('turns ranked neighbour recipes into distinct adapted sets with their temperatures', () => {
    const recs = recommendFromNeighbours([
      { precursors: ['SrCO3', 'ZrO2'], temperatureC: 1500, reference: 'SrZrO3' },
      { precursors: ['CaCO3', 'TiO2'], temperatureC: null, reference: 'CaTiO3' },
      { precursors: ['CaO', 'ZrO2'], temperatureC: 900, reference: 'x' },
    ], target, stats);
    expect(recs.map((r) => r.precursors)).to.deep.equal([['CaCO3', 'ZrO2'], ['CaO', 'ZrO2']]);
    expect(recs[0]!.temperatureC).to.equal(1500);
    const fallback = recommendFromNeighbours([{ precursors: ['CaCO3'], temperatureC: null, reference: 'y' }], target, stats);
    expect(fallback[0]!.temperatureC).to.equal(stats.medianTemperatureC);
  });

  it('ranks frequency combinations best first and keeps them distinct', () => {
    const recs = recommendByFrequency(new Set(['Ba', 'Ti', 'O']), stats);
    expect(recs[0]!.precursors).to.deep.equal(['BaCO3', 'TiO2']);
    // TiCl4 would bring Cl, which the target lacks: never proposed
    expect(recs.map((r) => r.precursors.join())).to.deep.equal(['BaCO3,TiO2', 'BaO,TiO2']);
    expect(recs[0]!.temperatureC).to.equal(1250);
    expect(recommendByFrequency(new Set(['O']), stats)).to.deep.equal([]);
  });

  it('recommends from the nearest training targets by composition and scores the result', () => {
    const test = groupByTarget([example('t', { Ba: 1, Ti: 0.9, Zr: 0.1, O: 3 }, ['BaCO3', 'TiO2', 'ZrO2'], 1350)]);
    const recs = recommendBySimilarity(test, groupByTarget(train), stats);
    expect(recs[0]![0]!.precursors).to.deep.equal(['BaCO3', 'TiO2', 'ZrO2']); // BaTiO3 adapted by adding ZrO2
    const ev = evaluateRecommendations(test, recs);
    expect(ev.success['success@1']).to.equal(1);
    expect(ev.f1).to.equal(1);
    expect(ev.temperatureMaeC).to.equal(250);
  });
});
