import { expect } from 'chai';
import {
  canonicalFormula, canonicalPrecursor, compositionKey, formatFixed4, formulaKey, fractionalComposition,
  precursorLabelSet,
} from '../../../lib/data/chemistry/composition_key.js';
import { parseFormula } from '../../../lib/data/chemistry/formula.js';

describe('compositionKey', () => {
  it('writes the fractional composition in the data _split_key format', () => {
    expect(compositionKey(parseFormula('Ba2HoTaO6'))).to.equal('C:Ba:0.2000,Ho:0.1000,O:0.6000,Ta:0.1000');
    expect(compositionKey(parseFormula('LiMn2O4'))).to.equal('C:Li:0.1429,Mn:0.2857,O:0.5714');
  });

  it('gives one key to every multiple of a composition', () => {
    expect(formulaKey('BaHo0.5Ta0.5O3')).to.equal(formulaKey('Ba2HoTaO6'));
    expect(formulaKey('7Li6La3ZrTaO12')).to.equal(formulaKey('Li6La3ZrTaO12'));
  });

  it('sorts symbols by code point, so C comes before Ca and Cl', () => {
    expect(compositionKey(new Map([['Ca', 1], ['C', 1], ['O', 3]]))).to.equal('C:C:0.2000,Ca:0.2000,O:0.6000');
  });

  it('returns null for a formula that does not parse', () => {
    expect(formulaKey('Sodium zirconate')).to.equal(null);
  });

  it('makes fractions that sum to one and leaves zero amounts out', () => {
    const f = fractionalComposition(new Map([['Fe', 2], ['O', 3], ['Al', 0]]));
    expect([...f.keys()]).to.deep.equal(['Fe', 'O']);
    expect(f.get('Fe')! + f.get('O')!).to.be.closeTo(1, 1e-12);
  });
});

describe('formatFixed4', () => {
  it('rounds like Python, exact binary ties to even', () => {
    expect(formatFixed4(0.03125)).to.equal('0.0312');
    expect(formatFixed4(0.09375)).to.equal('0.0938');
    expect(formatFixed4(0.15625)).to.equal('0.1562');
    expect(formatFixed4(1 / 3)).to.equal('0.3333');
    expect(formatFixed4(2 / 3)).to.equal('0.6667');
    expect(formatFixed4(1)).to.equal('1.0000');
  });
});

describe('canonical precursors', () => {
  it('orders by electronegativity, organics in Hill order', () => {
    expect(canonicalFormula(parseFormula('BaCO3'))).to.equal('BaCO3');
    expect(canonicalFormula(parseFormula('Fe(NO3)3'))).to.equal('FeN3O9');
    expect(canonicalFormula(parseFormula('Li(CH3COO)'))).to.equal('C2H3LiO2');
  });

  it('gives hydrates, abbreviations and spellings of one compound one label', () => {
    const labels = ['Co(NO3)2·6H2O', 'Co(NO3)2', 'CoN2O6', 'Co(NO3)2 ⋅ 6H2O'].map((f) => canonicalPrecursor(f).formula);
    expect(new Set(labels).size).to.equal(1);
    expect(canonicalPrecursor('Mn(ac)2·4H2O').formula).to.equal(canonicalPrecursor('Mn(CH3COO)2').formula);
    expect(canonicalPrecursor('(CH3COO)2Sr·0.5H2O').formula).to.equal(canonicalPrecursor('Sr(CH3COO)2').formula);
  });

  it('keeps unparsable precursors as cleaned text and says so', () => {
    expect(canonicalPrecursor('Ti(O-i-C3H7)4')).to.deep.equal({ formula: 'Ti(O-i-C3H7)4', parsed: false });
    expect(canonicalPrecursor('TiO2').parsed).to.equal(true);
  });

  it('makes sorted, deduplicated label sets without water and process gases', () => {
    const set = precursorLabelSet(['TiO2', 'BaCO3', 'Ba(CO3)', 'H2O', 'O2', 'La(NO3)3·6H2O']);
    expect(set).to.deep.equal(['BaCO3', 'LaN3O9', 'TiO2']);
  });
});
