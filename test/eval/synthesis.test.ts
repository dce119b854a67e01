import { expect } from 'chai';
import { chooseAlpha, fractionRows, recommendAligned, SpaceRows, topReferences, voteSets } from '../../lib/eval/synthesis.js';
import { buildPrecursorStats, groupByTarget, SynthesisExample } from '../../lib/eval/synthesis_examples.js';

const ex = (id: string, comp: Record<string, number>, precursors: string[], t: number | null = 1000): SynthesisExample => ({
  id, targetKey: `C:${Object.keys(comp).sort().join(',')}`, composition: new Map(Object.entries(comp)), precursors, temperatureC: t,
});

const train = [
  ex('a', { Ba: 1, Ti: 1, O: 3 }, ['BaCO3', 'TiO2'], 1200),
  ex('b', { Sr: 1, Ti: 1, O: 3 }, ['SrCO3', 'TiO2'], 1100),
  ex('c', { Li: 2, Mn: 1, O: 3 }, ['Li2CO3', 'MnO2'], 800),
  ex('d', { Li: 1, Co: 1, O: 2 }, ['Li2CO3', 'Co3O4'], 900),
];

/** Space rows whose aligned embeddings are the fractions themselves (so α does not matter). */
function rows(groups: ReturnType<typeof groupByTarget>): SpaceRows {
  const f = fractionRows(groups);
  return { embedding: { values: f, dim: 103, fromStructure: groups.map(() => false) }, fractions: f };
}

describe('aligned synthesis recommendation', () => {
  const groups = groupByTarget(train);
  const stats = buildPrecursorStats(train);

  it('ranks references by the α-mixed cosine similarity, best first', () => {
    const q = groupByTarget([ex('q', { Ba: 1, Ti: 1, O: 3 }, ['x'])]);
    const top = topReferences(rows(q), 0, rows(groups), 0.5, 2);
    expect(top[0]![0]).to.equal(0);
    expect(top[0]![1]).to.be.closeTo(1, 1e-6);
    expect(top[1]![1]).to.be.lessThan(top[0]![1]);
  });

  it('adapts voted sets to the target elements and takes the temperature from the voters', () => {
    const recs = voteSets([[1, 0.9], [0, 0.5]], groups, new Set(['Ba', 'Ti', 'O']), stats);
    expect(recs[0]!.precursors).to.deep.equal(['BaCO3', 'TiO2']);
    expect(recs[0]!.temperatureC).to.be.within(1100, 1200);
  });

  it('recommends the precursors of the nearest composition for an unseen target', () => {
    const q = groupByTarget([ex('q', { Ca: 1, Ti: 1, O: 3 }, ['CaCO3', 'TiO2'])]);
    const recs = recommendAligned(q, rows(q), groups, rows(groups), stats, 0.5);
    expect(recs[0]![0]!.precursors).to.include('TiO2');
  });

  it('chooses α from the grid on training targets only', () => {
    const { alpha, validation } = chooseAlpha(train, groups, rows(groups), 0, 0.5);
    expect(Object.keys(validation)).to.have.length(5);
    expect([1, 0.75, 0.5, 0.25, 0]).to.include(alpha);
  });
});
