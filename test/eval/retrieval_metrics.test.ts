import { expect } from 'chai';
import {
  chanceRecallAtK, cosineSimilarityMatrix, median, recallAtK, retrievalMetrics, retrievalRanks,
} from '../../lib/eval/retrieval_metrics.js';
import { InputError } from '../../lib/errors.js';

describe('retrieval metrics', () => {
  // 3 queries × 4 gallery items; true items 0, 2, 3
  const sim = { data: [0.9, 0.1, 0.2, 0.3, 0.5, 0.7, 0.6, 0.1, 0.4, 0.8, 0.1, 0.3], queries: 3, gallery: 4 };

  it('ranks the true item among the gallery (1-based)', () => {
    expect(Array.from(retrievalRanks(sim, [0, 2, 3]))).to.deep.equal([1, 2, 3]);
  });

  it('counts ties against the query', () => {
    expect(Array.from(retrievalRanks({ data: [1, 1, 1], queries: 1, gallery: 3 }, [1]))).to.deep.equal([3]);
  });

  it('computes R@k, mean and median rank and chance', () => {
    const m = retrievalMetrics(sim, [0, 2, 3], [1, 2]);
    expect(m.recall).to.deep.equal({ 'R@1': 1 / 3, 'R@2': 2 / 3 });
    expect(m.chance).to.deep.equal({ 'R@1': 0.25, 'R@2': 0.5 });
    expect(m.meanRank).to.equal(2);
    expect(m.medianRank).to.equal(2);
    expect(recallAtK([1, 5, 10], 5)).to.be.closeTo(2 / 3, 1e-12);
    expect(chanceRecallAtK(10, 4)).to.equal(1);
    expect(median([4, 1, 3, 2])).to.equal(2.5);
  });

  it('builds cosine similarities from feature rows', () => {
    const s = cosineSimilarityMatrix([Float32Array.from([1, 0]), Float32Array.from([0, 0])], [Float32Array.from([2, 0]), Float32Array.from([1, 1])]);
    expect(s.queries).to.equal(2);
    expect(s.data[0]).to.be.closeTo(1, 1e-12);
    expect(s.data[1]).to.be.closeTo(Math.SQRT1_2, 1e-12);
    expect(s.data[2]).to.equal(0);
  });

  it('rejects a true index outside the gallery', () => {
    expect(() => retrievalRanks(sim, [0, 2, 4])).to.throw(InputError);
  });
});
