import { expect } from 'chai';
import { InputError } from '../../lib/errors.js';
import { confusionMatrixSpec, labelFractionSpec, parityPlotSpec, successAtKSpec } from '../../lib/report/charts_eval.js';
import { makeDefects, makeProperty, makeSynthesis } from '../helpers/report_fixtures.js';
import { checkVegaLite } from '../helpers/vega_lite_check.js';

type WithValues = { data: { values: Array<Record<string, unknown>> } };

describe('chart specs for property, synthesis and defect evaluations', () => {
  it('facets parity plots by model and adds a y = x line spanning both axes', async () => {
    const target = makeProperty().targets.formation_energy!;
    const spec = parityPlotSpec('formation_energy', target);
    expect((await checkVegaLite(spec)).warnings).to.deep.equal([]);
    const values = (spec as unknown as WithValues).data.values;
    const diagonal = values.filter((v) => v.kind === 'diagonal');
    expect(diagonal).to.have.length(2 * target.parity!.length);
    for (const d of diagonal) expect(d.y_true).to.equal(d.y_pred);
    expect(JSON.stringify(spec)).to.include('True value (eV/atom)');
  });

  it('plots MAE against label fraction on a log axis, and macro F1 for a classification', async () => {
    const property = makeProperty();
    const regression = labelFractionSpec('formation_energy', property.targets.formation_energy!);
    expect((await checkVegaLite(regression)).warnings).to.deep.equal([]);
    expect(JSON.stringify(regression)).to.include('"type":"log"').and.include('MAE (eV/atom)');
    const classification = labelFractionSpec('is_metal', property.targets.is_metal!);
    expect(JSON.stringify(classification)).to.include('Macro F1');
  });

  it('reads success@1…10 of every model into the success@k curve', async () => {
    const spec = successAtKSpec(makeSynthesis());
    expect((await checkVegaLite(spec)).warnings).to.deep.equal([]);
    const values = (spec as unknown as WithValues).data.values;
    expect(values).to.have.length(3 * 10);
    expect(values.find((v) => v.model === 'matalign' && v.k === 10)!.success).to.be.closeTo(0.7, 1e-12);
  });

  it('writes every count of the confusion matrix and rejects a non-square one', async () => {
    const result = makeDefects().results[0]!;
    const spec = confusionMatrixSpec(result);
    expect((await checkVegaLite(spec)).warnings).to.deep.equal([]);
    const values = (spec as unknown as WithValues).data.values;
    expect(values).to.have.length(9);
    expect(values.find((v) => v.true_class === 'vacancy' && v.predicted === 'substitution')!.count).to.equal(0);
    expect(() => confusionMatrixSpec({ ...result, confusion: [[1, 2]] })).to.throw(InputError, /3 × 3/);
  });
});
