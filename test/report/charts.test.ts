import { expect } from 'chai';
import { InputError } from '../../lib/errors.js';
import { embeddingMapSpec, retrievalBarSpec, retrievalHeatmapSpec, trainingCurveSpec, xrdPatternSpec } from '../../lib/report/charts.js';
import { makeEmbeddingPoints, makeRetrieval, makeTrainingCurve, makeXrdPatterns } from '../helpers/report_fixtures.js';
import { checkVegaLite } from '../helpers/vega_lite_check.js';

describe('chart specs for training, retrieval, embedding maps and XRD', () => {
  it('builds training curves that compile without warnings and draw one point per epoch and series', async () => {
    const check = await checkVegaLite(trainingCurveSpec(makeTrainingCurve()));
    expect(check.warnings).to.deep.equal([]);
    expect(check.marks).to.be.greaterThan(5 * 3);
  });

  it('puts R@10 of every evaluated pair in the heat map with the modality axes titled', async () => {
    const spec = retrievalHeatmapSpec(makeRetrieval());
    expect((await checkVegaLite(spec)).warnings).to.deep.equal([]);
    const text = JSON.stringify(spec);
    expect(text).to.include('Query modality').and.include('Target modality').and.include('R@10 (fraction)');
    expect((spec as { data: { values: unknown[] } }).data.values).to.have.length(4);
  });

  it('builds grouped recall bars with the chance level', async () => {
    const spec = retrievalBarSpec(makeRetrieval());
    expect((await checkVegaLite(spec)).warnings).to.deep.equal([]);
    expect(JSON.stringify(spec)).to.include('chance10').and.include('Recall (fraction of queries)');
  });

  it('colours the embedding map by property with its unit, or by crystal system, and skips points lacking it', async () => {
    const points = makeEmbeddingPoints();
    const byProperty = embeddingMapSpec(points, { colorBy: 'property', propertyName: 'Band gap', propertyUnit: 'eV', method: 'PCA' });
    expect((await checkVegaLite(byProperty)).warnings).to.deep.equal([]);
    expect(JSON.stringify(byProperty)).to.include('(eV)').and.include('PCA 1');
    const partial = points.map((p, i) => (i < 4 ? { ...p, crystal_system: undefined } : p));
    const bySystem = embeddingMapSpec(partial, { colorBy: 'crystal_system' });
    expect((await checkVegaLite(bySystem)).warnings).to.deep.equal([]);
    expect((bySystem as { data: { values: unknown[] } }).data.values).to.have.length(points.length - 4);
  });

  it('draws XRD patterns against 2θ in degrees and rejects mismatched arrays', async () => {
    expect((await checkVegaLite(xrdPatternSpec(makeXrdPatterns()))).warnings).to.deep.equal([]);
    expect(JSON.stringify(xrdPatternSpec(makeXrdPatterns()))).to.include('2θ (°)').and.include('Intensity (a.u.)');
    expect(() => xrdPatternSpec([{ label: 'bad', twoTheta: [10, 11], intensity: [1] }])).to.throw(InputError, /2θ values/);
  });

  it('rejects empty inputs with an InputError', () => {
    expect(() => trainingCurveSpec([])).to.throw(InputError);
    expect(() => retrievalHeatmapSpec({ run: 'r', gallery: 'test', results: [] })).to.throw(InputError);
    expect(() => embeddingMapSpec([], { colorBy: 'property' })).to.throw(InputError);
  });
});
