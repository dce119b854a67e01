import { expect } from 'chai';
import { initEngine } from '../../lib/env.js';
import { toMatrix } from '../../lib/eval/feature_matrix.js';
import {
  LABEL_FRACTIONS, fitClassifier, fitRegressor, nearestNeighbours, subsampleIndices,
} from '../../lib/eval/probes.js';
import { InputError } from '../../lib/errors.js';

describe('probes', () => {
  before(async () => { await initEngine('cpu'); });

  const x = [[0, 0], [1, 0], [0, 1], [5, 5], [6, 5]];
  const y = [1, 2, 3, 10, 20];

  it('finds nearest neighbours by Euclidean and cosine distance, ties by lower index', () => {
    const nn = nearestNeighbours(toMatrix(x), toMatrix([[0.9, 0.1]]), 2);
    expect(Array.from(nn[0]!)).to.deep.equal([1, 0]);
    const cos = nearestNeighbours(toMatrix([[1, 0], [2, 0], [0, 1]]), toMatrix([[3, 0]]), 2, 'cosine');
    expect(Array.from(cos[0]!)).to.deep.equal([0, 1]);
  });

  it('predicts the mean of the k nearest targets', async () => {
    const knn = await fitRegressor('knn', x, y, { knn: { k: 2 } });
    expect(Array.from(knn.predict([[5.4, 5]]))).to.deep.equal([15]);
    expect(Array.from((await fitRegressor('mean', x, y)).predict([[0, 0]]))).to.deep.equal([7.2]);
  });

  it('fits ridge and MLP regressors through one entry point', async () => {
    const lin = x.map(([a, b]) => 2 * a! - b!);
    const ridge = await fitRegressor('ridge', x, lin, { ridge: { alphas: [1e-6] } });
    expect(ridge.predict([[2, 2]])[0]).to.be.closeTo(2, 1e-3);
    const mlp = await fitRegressor('mlp', x, lin, { mlp: { hidden: [4, 4], maxEpochs: 3 } });
    expect(mlp.predict([[2, 2]])).to.have.length(1);
  });

  it('classifies by majority, k-NN vote and logistic regression', async () => {
    const labels = [0, 0, 0, 1, 1];
    expect(Array.from((await fitClassifier('majority', x, labels, 2)).predict([[5, 5]]))).to.deep.equal([0]);
    expect(Array.from((await fitClassifier('knn', x, labels, 2, { knn: { k: 3 } })).predict([[5, 5], [0, 0]]))).to.deep.equal([1, 0]);
    const logistic = await fitClassifier('logistic', x, labels, 2, { mlp: { maxEpochs: 200, learningRate: 0.1, validationFraction: 0.2 } });
    expect(Array.from(logistic.predict([[6, 6], [0, 0]]))).to.deep.equal([1, 0]);
    await fitClassifier('knn', x, [0, 0, 0, 1, 2], 2).then(() => expect.fail('label 2 accepted'), (e) => expect(e).to.be.instanceOf(InputError));
  });

  it('subsamples labels reproducibly, nested across fractions, with a minimum count', () => {
    const small = subsampleIndices(1000, 0.01, 5);
    const mid = subsampleIndices(1000, 0.1, 5);
    expect(small).to.have.length(10);
    expect(mid).to.have.length(100);
    expect(small.every((i) => mid.includes(i))).to.equal(true);
    expect(subsampleIndices(1000, 0.01, 5)).to.deep.equal(small);
    expect(subsampleIndices(100, 0.01, 5)).to.have.length(8);
    expect(subsampleIndices(5, 0.01, 5)).to.have.length(5);
    expect(LABEL_FRACTIONS).to.deep.equal([0.01, 0.1, 1]);
  });
});
