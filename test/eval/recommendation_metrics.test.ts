import { expect } from 'chai';
import {
  firstHitRank, meanPrecursorScores, precursorScores, setKey, successAtK,
} from '../../lib/eval/recommendation_metrics.js';

describe('recommendation metrics', () => {
  it('compares precursor sets regardless of order and repeats', () => {
    expect(setKey(['TiO2', 'BaCO3', 'TiO2'])).to.equal(setKey(['BaCO3', 'TiO2']));
  });

  it('finds the first exact-set hit against any reported set', () => {
    const candidates = [['BaO', 'TiO2'], ['TiO2', 'BaO'], ['BaCO3', 'TiO2']];
    expect(firstHitRank(candidates, [['BaCO3', 'TiO2']])).to.equal(2); // the repeated set takes no rank
    expect(firstHitRank(candidates, [['SrCO3'], ['BaO', 'TiO2']])).to.equal(1);
    expect(firstHitRank(candidates, [['BaCO3']])).to.equal(null); // subsets are not hits
  });

  it('computes success@k for k = 1…10', () => {
    const s = successAtK([[['A'], ['B']], [['C']]], [[['B']], [['D']]]);
    expect(s['success@1']).to.equal(0);
    expect(s['success@2']).to.equal(0.5);
    expect(s['success@10']).to.equal(0.5);
    expect(Object.keys(s)).to.have.length(10);
  });

  it('scores precursors against the best-matching true set', () => {
    const s = precursorScores(['A', 'B', 'C'], [['D'], ['A', 'B']]);
    expect(s).to.deep.equal({ precision: 2 / 3, recall: 1, f1: 0.8, matched: 1 });
    expect(precursorScores([], [['A']]).f1).to.equal(0);
    const m = meanPrecursorScores([['A'], ['X']], [[['A']], [['Y']]]);
    expect(m).to.deep.equal({ precision: 0.5, recall: 0.5, f1: 0.5 });
  });
});
