import { expect } from 'chai';
import pl from 'nodejs-polars';
import { InputError } from '../../lib/errors.js';
import { alignedVsScratch, bestModelPerTarget, defectsFrame, propertyFrame, retrievalFrame, retrievalMatrix, synthesisFrame } from '../../lib/report/tables.js';
import { makeDefects, makeProperty, makeRetrieval, makeSynthesis } from '../helpers/report_fixtures.js';

describe('metrics tables through polars', () => {
  it('has one retrieval row per pair and pivots R@10 into query × target with nulls where not evaluated', () => {
    expect(retrievalFrame(makeRetrieval()).height).to.equal(4);
    const matrix = retrievalMatrix(makeRetrieval(), 'R@10');
    expect(matrix.columns).to.deep.equal(['query', 'structure', 'text', 'xrd']);
    expect(matrix.toRecords()).to.deep.equal([
      { query: 'structure', structure: null, text: 0.8, xrd: 0.5 },
      { query: 'text', structure: 0.7, text: null, xrd: null },
      { query: 'xrd', structure: 0.4, text: null, xrd: null },
    ]);
  });

  it('lays property results out long, with null for the metrics of the other task', () => {
    const frame = propertyFrame(makeProperty());
    expect(frame.height).to.equal(5 * 3 + 2 * 3);
    const metal = frame.filter(pl.col('target').eq(pl.lit('is_metal'))).toRecords()[0]!;
    expect(metal.mae).to.equal(null);
    expect(metal.f1).to.be.a('number');
    expect(() => propertyFrame({ run: 'r', targets: {} })).to.throw(InputError);
  });

  it('picks the lowest MAE for a regression and the highest F1 for a classification', () => {
    const best = bestModelPerTarget(makeProperty(), 1).toRecords();
    expect(best.map((r) => [r.target, r.best_model])).to.deep.equal([['formation_energy', 'aligned_finetune'], ['is_metal', 'aligned_ridge']]);
    expect(best[0]!.best_value).to.be.closeTo(0.1 / Math.sqrt(10.5), 1e-12);
    expect(best[0]!.mean_baseline).to.be.closeTo(0.8 / Math.sqrt(10.5), 1e-12);
  });

  it('compares the best aligned model with scratch at 10 % labels, positive when aligned is better', () => {
    const rows = alignedVsScratch(makeProperty(), 0.1).toRecords();
    const fe = rows.find((r) => r.target === 'formation_energy')!;
    expect(fe.aligned_model).to.equal('aligned_finetune');
    expect(fe.aligned).to.be.closeTo(0.1 / Math.sqrt(1.5), 1e-12);
    expect(fe.scratch).to.be.closeTo(0.3 / Math.sqrt(1.5), 1e-12);
    expect(fe.improvement_pct).to.be.closeTo(100 * (0.3 - 0.1) / 0.3, 1e-9);
    const metal = rows.find((r) => r.target === 'is_metal')!;
    expect(metal.improvement_pct).to.be.closeTo(100 * 0.1 / 0.63, 1e-9);
  });

  it('keeps success@1/3/5/10 and the precursor scores per synthesis model', () => {
    const frame = synthesisFrame(makeSynthesis());
    expect(frame.columns).to.deep.equal(['model', 'success@1', 'success@3', 'success@5', 'success@10', 'precision', 'recall', 'f1', 'temperature_mae_C']);
    expect(frame.getColumn('model').toArray()).to.deep.equal(['matalign', 'frequency', 'composition_similarity']);
  });

  it('sorts defect results by dataset, label fraction and model', () => {
    expect(defectsFrame(makeDefects()).getColumn('model').toArray()).to.deep.equal(['aligned', 'scratch']);
  });
});
