import { expect } from 'chai';
import { NOTHING_HIDDEN, hiddenWordsIn, mergeHidden, scrubText, symbolsInText } from '../../../lib/data/synthesis/recipe_mask.js';

describe('recipe masking', () => {
  it('reads element symbols the way the parser does', () => {
    expect(symbolsInText('La3Nb0.5Ga5.5-xAlxO14')).to.deep.equal(['La', 'Nb', 'Ga', 'Al', 'O']);
    expect(symbolsInText('Ln2Zr2O7')).to.deep.equal(['Zr', 'O']);
    expect(symbolsInText('CoO and CO')).to.deep.equal(['Co', 'O', 'C']);
  });

  it('replaces hidden whole words and words containing a hidden formula, keeping punctuation', () => {
    const hidden = { words: new Set(['Pb', 'Te', 'PbTe']), parts: ['PbTe'], phrases: new Set<string>() };
    expect(scrubText('from O, Te and Pb (Pb). PbTe-based 0.5PbTe; °C', hidden)).to.equal('from O, X and X (X). X X; °C');
    expect(hiddenWordsIn('from O, Te and PbO.', hidden)).to.deep.equal(['Te']);
  });

  it('hides one-atom spellings of a hidden element but not its molecules', () => {
    const hidden = { words: new Set(['Zn']), parts: [], phrases: new Set<string>(), symbols: new Set(['Zn', 'O']) };
    expect(scrubText('from MoO3, Zn(1) and (Zn) under O2; The mixture', hidden)).to.equal('from MoO3, X and (X) under O2; The mixture');
  });

  it('leaves texts alone where nothing is hidden and merges hidden sets', () => {
    expect(scrubText('BaCO3 at 1200 °C', NOTHING_HIDDEN)).to.equal('BaCO3 at 1200 °C');
    const merged = mergeHidden({ words: new Set(['a']), parts: ['p'], phrases: new Set(['x y']) }, { words: new Set(['b']), parts: [], phrases: new Set() });
    expect([...merged.words]).to.deep.equal(['a', 'b']);
    expect(merged.parts).to.deep.equal(['p']);
  });
});
