import { expect } from 'chai';
import { finishSpec, modelColourScale, modelFamily, unitSuffix } from '../../lib/report/chart_style.js';

describe('shared chart style', () => {
  it('gives a model the same colour whichever other models are present, and spare colours to unknown ones', () => {
    const a = modelColourScale('property', ['scratch', 'aligned_ridge']);
    const b = modelColourScale('property', ['mean', 'scratch', 'my_probe']);
    expect(a.domain).to.deep.equal(['aligned_ridge', 'scratch']);
    expect(a.range[a.domain.indexOf('scratch')]).to.equal(b.range[b.domain.indexOf('scratch')]);
    expect(b.domain[b.domain.length - 1]).to.equal('my_probe');
    expect(new Set(b.range).size).to.equal(b.range.length);
  });

  it('sorts models into aligned, scratch and baseline families', () => {
    expect(['aligned_mlp', 'scratch', 'composition', 'mean'].map(modelFamily)).to.deep.equal(['aligned', 'scratch', 'baseline', 'baseline']);
  });

  it('adds the schema and config, and writes units in parentheses', () => {
    const spec = finishSpec({ mark: 'point' }) as { $schema: string; config: object };
    expect(spec.$schema).to.match(/vega-lite\/v6/);
    expect(spec.config).to.have.property('font');
    expect(unitSuffix('eV')).to.equal(' (eV)');
    expect(unitSuffix('')).to.equal('');
  });
});
