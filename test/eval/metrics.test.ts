import { expect } from 'chai';
import {
  accuracy, censoredMetrics, classificationMetrics, confusionMatrix, mae, mse, parseCensored, r2, regressionMetrics, rmse,
} from '../../lib/eval/metrics.js';
import { InputError } from '../../lib/errors.js';

describe('regression metrics', () => {
  const y = [1, 2, 3, 4];
  const p = [1.5, 2, 2, 4];

  it('computes MAE, MSE and RMSE by hand', () => {
    expect(mae(y, p)).to.be.closeTo(0.375, 1e-12);
    expect(mse(y, p)).to.be.closeTo(0.3125, 1e-12);
    expect(rmse(y, p)).to.be.closeTo(Math.sqrt(0.3125), 1e-12);
  });

  it('gives R² = 1 for a perfect prediction and 0 for the mean', () => {
    expect(r2(y, y)).to.equal(1);
    expect(r2(y, [2.5, 2.5, 2.5, 2.5])).to.be.closeTo(0, 1e-12);
    expect(r2(y, p)).to.be.closeTo(1 - 1.25 / 5, 1e-12);
  });

  it('keeps R² finite for a constant truth', () => {
    expect(r2([2, 2], [2, 2])).to.equal(1);
    expect(r2([2, 2], [1, 3])).to.equal(0);
  });

  it('bundles all of them with the count', () => {
    expect(regressionMetrics(y, p)).to.include({ n: 4, r2: 0.75 });
  });

  it('rejects mismatched, empty or non-finite input', () => {
    expect(() => mae([1], [1, 2])).to.throw(InputError);
    expect(() => mse([], [])).to.throw(InputError);
    expect(() => r2([1, Number.NaN], [1, 2])).to.throw(InputError);
  });
});

describe('classification metrics', () => {
  it('builds the confusion matrix with true rows and predicted columns', () => {
    expect(confusionMatrix([0, 0, 1, 2], [0, 1, 1, 1], 3)).to.deep.equal([[1, 1, 0], [0, 1, 0], [0, 1, 0]]);
  });

  it('scores per class and macro by hand', () => {
    const m = classificationMetrics([0, 0, 1, 1], [0, 1, 1, 1], 2);
    expect(m.accuracy).to.equal(0.75);
    expect(m.perClass[0]).to.deep.include({ precision: 1, recall: 0.5, support: 2, predicted: 1 });
    expect(m.perClass[1]!.precision).to.be.closeTo(2 / 3, 1e-12);
    expect(m.macroRecall).to.equal(0.75);
    expect(m.macroF1).to.be.closeTo((2 / 3 + 0.8) / 2, 1e-12);
  });

  it('gives a never-predicted class precision 0 and keeps it in the macro mean', () => {
    const m = classificationMetrics([0, 1, 2], [0, 0, 0], 3);
    expect(m.perClass[1]).to.deep.include({ precision: 0, recall: 0, f1: 0 });
    expect(m.macroPrecision).to.be.closeTo(1 / 9, 1e-12);
    expect(m.macroRecall).to.be.closeTo(1 / 3, 1e-12);
  });

  it('leaves a class with no true samples out of the macro means', () => {
    const m = classificationMetrics([0, 0], [0, 2], 3);
    expect(m.perClass[2]!.precision).to.equal(0);
    expect(m.perClass[2]!.recall).to.be.NaN;
    expect(m.perClass[1]!.f1).to.be.NaN;
    expect(m.macroPrecision).to.equal(1);
    expect(m.macroRecall).to.equal(0.5);
  });

  it('rejects labels outside the classes', () => {
    expect(() => confusionMatrix([0, 3], [0, 0], 3)).to.throw(InputError);
    expect(accuracy([1, 2], [1, 1])).to.equal(0.5);
  });
});

describe('censored values', () => {
  it('reads bounds and exact values', () => {
    expect(parseCensored('<1E-10')).to.deep.equal({ value: 1e-10, bound: 'upper' });
    expect(parseCensored('> 5')).to.deep.equal({ value: 5, bound: 'lower' });
    expect(parseCensored('3.2e-07')).to.deep.equal({ value: 3.2e-7, bound: null });
    expect(parseCensored('')).to.equal(null);
    expect(parseCensored('n/a')).to.equal(null);
  });

  it('excludes censored rows from MAE and checks them against their bound and by rank', () => {
    // rows: exact -3 (pred -3.5), exact -5 (pred -6), censored < -10 (pred -11), censored < -8 (pred -4)
    const m = censoredMetrics([-3, -5, -10, -8], [-3.5, -6, -11, -4], [false, false, true, true]);
    expect(m.exact!.mae).to.equal(0.75);
    expect(m.censoredCount).to.equal(2);
    expect(m.belowBound).to.equal(0.5);
    // pairs (c=-10: e=-3, e=-5), (c=-8: e=-3, e=-5): ordered -11<-3.5, -11<-6, -4<-3.5, -4>-6
    expect(m.pairOrder).to.equal(0.75);
  });

  it('returns null scores where a kind of row is absent', () => {
    const m = censoredMetrics([1, 2], [1, 2], [false, false]);
    expect(m.belowBound).to.equal(null);
    expect(m.pairOrder).to.equal(null);
    expect(censoredMetrics([1], [0], [true]).exact).to.equal(null);
  });
});
