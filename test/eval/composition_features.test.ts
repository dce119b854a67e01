import { expect } from 'chai';
import { elementBySymbol, elementFeatures } from '../../lib/data/chemistry/elements.js';
import { structureFromCif } from '../../lib/data/structure/crystal.js';
import { InputError } from '../../lib/errors.js';
import {
  FEATURE_DIM, FRACTION_DIM, compositionFeatureNames, elementFractions, featurizeComposition, featurizeFormula, featurizeStructure,
} from '../../lib/eval/composition_features.js';
import { cifText } from '../helpers/cif.js';

const F = (FEATURE_DIM - FRACTION_DIM) / 4;

describe('composition features', () => {
  it('puts element fractions at index Z − 1', () => {
    const x = elementFractions(new Map([['Fe', 2], ['O', 3]]));
    expect(x).to.have.length(103);
    expect(x[25]).to.be.closeTo(0.4, 1e-7);
    expect(x[7]).to.be.closeTo(0.6, 1e-7);
  });

  it('gives fraction-weighted mean and std and the min and max of element features', () => {
    const v = featurizeComposition(new Map([['Na', 1], ['Cl', 3]]));
    const na = elementFeatures(elementBySymbol('Na'))[0]!; // Z/100
    const cl = elementFeatures(elementBySymbol('Cl'))[0]!;
    const mean = 0.25 * na + 0.75 * cl;
    expect(v[FRACTION_DIM]).to.be.closeTo(mean, 1e-6);
    expect(v[FRACTION_DIM + F]).to.be.closeTo(Math.sqrt(0.25 * (na - mean) ** 2 + 0.75 * (cl - mean) ** 2), 1e-6);
    expect(v[FRACTION_DIM + 2 * F]).to.be.closeTo(na, 1e-7);
    expect(v[FRACTION_DIM + 3 * F]).to.be.closeTo(cl, 1e-7);
    expect(compositionFeatureNames()).to.have.length(FEATURE_DIM);
    expect(compositionFeatureNames()[FRACTION_DIM]).to.equal('mean_Z/100');
  });

  it('counts disordered sites by occupancy', () => {
    const s = structureFromCif(cifText({ cell: [4, 4, 4, 90, 90, 90], sites: [['Fe', 0, 0, 0, 0.5], ['Co', 0, 0, 0, 0.5], ['O', 0.5, 0.5, 0.5]] }), { allowDisorder: true });
    const v = featurizeStructure(s);
    expect(v[25]).to.be.closeTo(0.25, 1e-7);
    expect(v[26]).to.be.closeTo(0.25, 1e-7);
    expect(v[7]).to.be.closeTo(0.5, 1e-7);
  });

  it('featurizes formulas the same as the composition maps, and null for unparsable text', () => {
    expect(Array.from(featurizeFormula('Fe2O3')!)).to.deep.equal(Array.from(featurizeComposition(new Map([['Fe', 4], ['O', 6]]))));
    expect(featurizeFormula('not a formula!')).to.equal(null);
  });

  it('rejects empty compositions and elements beyond Z = 103', () => {
    expect(() => featurizeComposition(new Map())).to.throw(InputError);
    expect(() => featurizeComposition(new Map([['Og', 1]]))).to.throw(InputError);
  });
});
