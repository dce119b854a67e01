import { expect } from 'chai';
import { toMatrix } from '../../lib/eval/feature_matrix.js';
import { choleskySolve, fitRidge, fitRidgeFixed, foldAssignment, predictRidge } from '../../lib/eval/ridge.js';
import { Rng } from '../../lib/rng.js';

function linearData(n: number, noise: number, seed: number) {
  const rng = new Rng(seed);
  const x = Array.from({ length: n }, () => [rng.normal(), rng.normal(), rng.normal()]);
  const y = x.map(([a, b, c]) => 2 * a! - 3 * b! + 0 * c! + 1 + noise * rng.normal());
  return { x, y };
}

describe('ridge', () => {
  it('solves a symmetric positive-definite system by Cholesky', () => {
    // [[4, 2], [2, 3]] w = [2, 1] → w = [0.5, 0]
    expect(Array.from(choleskySolve(Float64Array.from([4, 2, 2, 3]), Float64Array.from([2, 1]), 2))).to.deep.equal([0.5, 0]);
  });

  it('recovers a noiseless linear function with a small α', () => {
    const { x, y } = linearData(40, 0, 1);
    const model = fitRidgeFixed(toMatrix(x), y, 1e-6);
    const pred = predictRidge(model, toMatrix([[1, 1, 1], [0, 0, 0]]));
    expect(pred[0]).to.be.closeTo(0, 1e-4);
    expect(pred[1]).to.be.closeTo(1, 1e-4);
  });

  it('shrinks towards the training mean for a huge α', () => {
    const { x, y } = linearData(40, 0, 2);
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    expect(predictRidge(fitRidgeFixed(toMatrix(x), y, 1e9), toMatrix([[3, 3, 3]]))[0]).to.be.closeTo(mean, 1e-3);
  });

  it('chooses a small α by cross-validation on clean data and is deterministic for a seed', () => {
    const { x, y } = linearData(50, 0.01, 3);
    const a = fitRidge(toMatrix(x), y, { seed: 7 });
    expect(a.alpha).to.be.at.most(1);
    expect(a.cvMse).to.have.length(8);
    expect(fitRidge(toMatrix(x), y, { seed: 7 }).cvMse).to.deep.equal(a.cvMse);
  });

  it('deals rows into folds of near-equal size', () => {
    const f = Array.from(foldAssignment(11, 3, 0));
    expect([0, 1, 2].map((k) => f.filter((v) => v === k).length)).to.deep.equal([4, 4, 3]);
  });
});
