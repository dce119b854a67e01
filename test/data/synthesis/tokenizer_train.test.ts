import { expect } from 'chai';
import {
  PRE_TOKENIZER_PATTERN, SPECIAL_TOKENS, preTokenize, trainWordPieceVocab, wordPieceTokenizerJson,
} from '../../../lib/data/synthesis/tokenizer_train.js';

const CORPUS = [
  'BaCO3 was calcined at 1200 °C for 12 h in air.',
  'TiO2 was calcined at 1100 °C for 12 h.',
  'The mixture was calcined and pressed.',
];

describe('WordPiece training', () => {
  it('pre-splits formulas but not ordinary capitalised words', () => {
    expect(preTokenize('The BaCO3 and Co(NO3)2·6H2O at 1200 °C.')).to.deep.equal(
      ['The', 'Ba', 'C', 'O', '3', 'and', 'Co', '(', 'N', 'O', '3', ')', '2', '·', '6', 'H', '2', 'O', 'at', '1200', '°C', '.'],
    );
    expect(preTokenize('Stoichiometric 1400–1480 x = 0.25')).to.deep.equal(['Stoichiometric', '1400', '–', '1480', 'x', '=', '0.25']);
  });

  it('starts the vocabulary with the special tokens, then every element symbol', () => {
    const vocab = trainWordPieceVocab(CORPUS, { vocabSize: 400 });
    expect([...vocab.keys()].slice(0, 5)).to.deep.equal([...SPECIAL_TOKENS]);
    for (const s of ['H', 'He', 'Og', 'Co', '°C', 'h']) expect(vocab.has(s), s).to.equal(true);
  });

  it('merges frequent words whole and is deterministic', () => {
    const a = trainWordPieceVocab(CORPUS, { vocabSize: 400 });
    const b = trainWordPieceVocab(CORPUS, { vocabSize: 400 });
    expect([...a]).to.deep.equal([...b]);
    expect(a.has('calcined')).to.equal(true);
    expect(a.has('12')).to.equal(true);
    expect(a.has('1200')).to.equal(false); // seen once: below the minimum frequency
  });

  it('stops at the vocabulary size and at the minimum pair frequency', () => {
    const base = trainWordPieceVocab(CORPUS, { vocabSize: 0 }).size; // specials, elements, alphabet
    expect(trainWordPieceVocab(CORPUS, { vocabSize: base + 5 }).size).to.equal(base + 5);
    const rare = trainWordPieceVocab(['abcdef'], { vocabSize: 1000, minFrequency: 2 });
    expect(rare.has('abcdef')).to.equal(false);
  });

  it('writes a WordPiece tokenizer.json with this pre-tokenizer and BERT-style specials', () => {
    const json = wordPieceTokenizerJson(trainWordPieceVocab(CORPUS, { vocabSize: 300 })) as Record<string, any>;
    expect(json.model.type).to.equal('WordPiece');
    expect(json.model.continuing_subword_prefix).to.equal('##');
    expect(json.pre_tokenizer.pretokenizers[1].pattern.Regex).to.equal(PRE_TOKENIZER_PATTERN);
    expect(json.post_processor).to.deep.equal({ type: 'BertProcessing', sep: ['[SEP]', 3], cls: ['[CLS]', 2] });
    expect(json.added_tokens.map((t: { content: string }) => t.content)).to.deep.equal([...SPECIAL_TOKENS]);
  });
});
