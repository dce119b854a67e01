import { expect } from 'chai';
import {
  FormulaError, cleanFormulaText, dopantSymbols, parseFormula, splitDopants, tryParseFormula,
} from '../../../lib/data/chemistry/formula.js';

const amounts = (formula: string, options = {}) => Object.fromEntries(parseFormula(formula, options));

function expectAmounts(actual: Record<string, number>, expected: Record<string, number>): void {
  expect(Object.keys(actual).sort()).to.deep.equal(Object.keys(expected).sort());
  for (const [el, n] of Object.entries(expected)) expect(actual[el], el).to.be.closeTo(n, 1e-9);
}

describe('parseFormula', () => {
  it('reads element counts of a plain formula', () => {
    expectAmounts(amounts('Ba2HoTaO6'), { Ba: 2, Ho: 1, Ta: 1, O: 6 });
  });

  it('multiplies out parentheses, brackets and nested groups', () => {
    expectAmounts(amounts('Ca3(PO4)2'), { Ca: 3, P: 2, O: 8 });
    expectAmounts(amounts('[Co(NH3)6]Cl3'), { Co: 1, N: 6, H: 18, Cl: 3 });
    expectAmounts(amounts('Ti(OCH(CH3)2)4'), { Ti: 1, O: 4, C: 12, H: 28 });
  });

  it('adds hydrate water written with ·, ⋅, * or a period', () => {
    expectAmounts(amounts('Co(CH3COO)2·4H2O'), { Co: 1, C: 4, H: 14, O: 8 });
    expectAmounts(amounts('Mn(CH3COO)2⋅4H2O'), { Mn: 1, C: 4, H: 14, O: 8 });
    expectAmounts(amounts('CaCl2*2H2O'), { Ca: 1, Cl: 2, H: 4, O: 2 });
    expectAmounts(amounts('Sr(NO3)2.6H2O'), { Sr: 1, N: 2, O: 12, H: 12 });
    expectAmounts(amounts('Cu(NO3)2·2.5H2O'), { Cu: 1, N: 2, O: 8.5, H: 5 });
  });

  it('drops hydrate water on request, even with an unknown count', () => {
    expectAmounts(amounts('Ni(OH)2·xH2O', { hydrate: 'drop' }), { Ni: 1, O: 2, H: 2 });
    expectAmounts(amounts('La(NO3)3·(n)H2O', { hydrate: 'drop' }), { La: 1, N: 3, O: 9 });
    expect(() => parseFormula('Ni(OH)2·xH2O')).to.throw(FormulaError, "unresolved variable 'x'");
  });

  it('reads fractional and division amounts', () => {
    expectAmounts(amounts('La0.6Sr0.4CoO3'), { La: 0.6, Sr: 0.4, Co: 1, O: 3 });
    expectAmounts(amounts('Pb(Mg1/3Nb2/3)O3'), { Pb: 1, Mg: 1 / 3, Nb: 2 / 3, O: 3 });
  });

  it('substitutes amount variables, with spaces and implicit products', () => {
    expectAmounts(amounts('Li1+xAl xTi2-x(PO4)3', { variables: { x: 0.3 } }), { Li: 1.3, Al: 0.3, Ti: 1.7, P: 3, O: 12 });
    expectAmounts(amounts('La3Nb0.5Ga5.5-xAlxO14', { variables: { x: 0.2 } }), { La: 3, Nb: 0.5, Ga: 5.3, Al: 0.2, O: 14 });
    expectAmounts(amounts('Co0.5Ni0.5-2xLixFe2+xO4', { variables: { x: 0.1 } }), { Co: 0.5, Ni: 0.3, Li: 0.1, Fe: 2.1, O: 4 });
    expectAmounts(amounts('Ba(1- x)MgAl10O17:Eux', { variables: { x: 0.1 } }), { Ba: 0.9, Mg: 1, Al: 10, O: 17 });
  });

  it('drops an element whose amount becomes zero', () => {
    expectAmounts(amounts('Ba1-xSrxTiO3', { variables: { x: 0 } }), { Ba: 1, Ti: 1, O: 3 });
  });

  it('reads oxygen non-stoichiometry δ as 0 unless given', () => {
    expectAmounts(amounts('La0.6Sr0.4Co0.8Cu0.2O3-δ'), { La: 0.6, Sr: 0.4, Co: 0.8, Cu: 0.2, O: 3 });
    expectAmounts(amounts('Gd(Ba2- xNdx)Cu3O7+ δ', { variables: { x: 0.1, δ: 0.2 } }), { Gd: 1, Ba: 1.9, Nd: 0.1, Cu: 3, O: 7.2 });
  });

  it('substitutes element variables', () => {
    expectAmounts(amounts('Ln2Zr2O7', { elementVariables: { Ln: 'Eu' } }), { Eu: 2, Zr: 2, O: 7 });
    expectAmounts(amounts('Sr0.9R0.1TiO3±δ', { elementVariables: { R: 'Pr' } }), { Sr: 0.9, Pr: 0.1, Ti: 1, O: 3 });
    expect(() => parseFormula('Ln2Zr2O7')).to.throw(FormulaError);
  });

  it('sums composite notation with coefficients and dash or plus separators', () => {
    expectAmounts(amounts('0.94(Bi0.5Na0.5TiO3)-0.06(BaTiO3)'), { Bi: 0.47, Na: 0.47, Ti: 1, O: 3, Ba: 0.06 });
    expectAmounts(amounts('MgCO3-4Mg(OH)2·4H2O'), { Mg: 5, C: 1, O: 15, H: 16 });
    expectAmounts(amounts('xBi2O3-(100 - x)NaPO3', { variables: { x: 10 } }), { Bi: 20, O: 300, Na: 90, P: 90 });
    expectAmounts(amounts('(Ba0.85Ca0.15)(Ti0.915Zr0.085)O3+0.004CuO'), {
      Ba: 0.85, Ca: 0.15, Ti: 0.915, Zr: 0.085, O: 3.004, Cu: 0.004,
    });
  });

  it('ignores charges, oxidation states, phase prefixes and esd digits', () => {
    expectAmounts(amounts('[OH-]'), { O: 1, H: 1 });
    expectAmounts(amounts('Fe(III)(NO3)3'), { Fe: 1, N: 3, O: 9 });
    expectAmounts(amounts('α-Al2O3'), { Al: 2, O: 3 });
    expectAmounts(amounts('BaFeCl0.13(2)O2.48(2)'), { Ba: 1, Fe: 1, Cl: 0.13, O: 2.48 });
    expectAmounts(amounts('Sc(NО3)3'), { Sc: 1, N: 3, O: 9 }); // Cyrillic О
  });

  it('leaves dopants out of the host unless asked to include those with an amount', () => {
    expectAmounts(amounts('Ca2SnO4:Eu3+'), { Ca: 2, Sn: 1, O: 4 });
    expectAmounts(amounts('NaCa0.95PO4:0.05Eu3+', { dopants: 'include' }), { Na: 1, Ca: 0.95, P: 1, O: 4, Eu: 0.05 });
    expectAmounts(amounts('Ce:Li6Lu(BO3)3'), { Li: 6, Lu: 1, B: 3, O: 9 });
  });

  it('returns null for names and garbled text instead of throwing', () => {
    for (const text of ['Sodium zirconate', 'YAG', '', 'Ba2(', 'Xy2O3', 'B2O3(3Nup)']) {
      expect(tryParseFormula(text), text).to.equal(null);
    }
  });
});

describe('formula text helpers', () => {
  it('splits host and dopants in either order', () => {
    expect(splitDopants('Sr2MgSi2O7:Eu2+,Dy3+')).to.deep.equal(['Sr2MgSi2O7', 'Eu2+,Dy3+']);
    expect(splitDopants('Nd:YAG')).to.deep.equal(['YAG', 'Nd']);
    expect(splitDopants('BaTiO3')).to.deep.equal(['BaTiO3', '']);
  });

  it('names the dopant elements', () => {
    expect(dopantSymbols('0.2 mol%Bi3+,x mol%Eu3+')).to.deep.equal(['Bi', 'Eu']);
  });

  it('normalises dots, dashes and whitespace', () => {
    expect(cleanFormulaText('La(NO3)3 ⋅ 6H2O')).to.equal('La(NO3)3·6H2O');
    expect(cleanFormulaText('Ba1−xSrxTiO3')).to.equal('Ba1-xSrxTiO3');
  });
});
