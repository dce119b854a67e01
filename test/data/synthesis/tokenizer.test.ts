import { expect } from 'chai';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recipeTexts } from '../../../lib/data/synthesis/recipe_text.js';
import { SynthesisTokenizer } from '../../../lib/data/synthesis/tokenizer.js';
import { preTokenize } from '../../../lib/data/synthesis/tokenizer_train.js';
import { fixtureRecipes } from '../../helpers/synthesis_fixtures.js';

describe('SynthesisTokenizer', () => {
  let texts: string[];
  let tok: SynthesisTokenizer;
  before(async () => {
    const recipes = await fixtureRecipes();
    texts = recipes.flatMap((r) => {
      const t = recipeTexts(r, 0);
      return [t.full, t.masked, t.withoutPrecursors];
    });
    tok = SynthesisTokenizer.train(texts, { vocabSize: 600 });
  });

  it('has the five special tokens at ids 0–4', () => {
    expect([tok.pad, tok.unk, tok.cls, tok.sep, tok.mask]).to.deep.equal([0, 1, 2, 3, 4]);
    expect(tok.idsToTokens([0, 1, 2, 3, 4])).to.deep.equal(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
  });

  it('splits formulas into element symbols and counts, case-sensitively', () => {
    expect(tok.tokenize('CoO')).to.deep.equal(['Co', 'O']);
    expect(tok.tokenize('CO2')).to.deep.equal(['C', 'O', '2']);
    expect(tok.tokenize('Ba2HoTaO6')).to.deep.equal(['Ba', '2', 'Ho', 'Ta', 'O', '6']);
    expect(tok.tokenize('Li1+xAlxTi2-x(PO4)3')).to.deep.equal(
      ['Li', '1', '+', 'x', 'Al', 'x', 'Ti', '2', '-', 'x', '(', 'P', 'O', '4', ')', '3'],
    );
  });

  it('keeps °C, h and frequent numbers and words whole', () => {
    expect(tok.tokenize('heated at 1200 °C for 12 h')).to.deep.equal(['heated', 'at', '1200', '°C', 'for', '12', 'h']);
    expect(tok.tokenize('The mixture')).to.deep.equal(['The', 'mixture']);
  });

  it('pre-tokenizes in TypeScript exactly as the tokenizer.json does', () => {
    for (const text of texts) {
      const wordStarts = tok.tokenize(text).filter((t) => !t.startsWith('##'));
      expect(wordStarts.length).to.equal(preTokenize(text).length);
    }
  });

  it('round-trips ids through decode and encode', () => {
    for (const text of texts) {
      const ids = tok.encode(text);
      expect(ids[0]).to.equal(tok.cls);
      expect(ids[ids.length - 1]).to.equal(tok.sep);
      expect(ids).not.to.include(tok.unk);
      expect(tok.encode(tok.decode(ids))).to.deep.equal(ids);
    }
  });

  it('batch-encodes to Int32Array ids and mask [B, L], padded and truncated keeping [SEP]', () => {
    const batch = tok.encodeBatch([texts[0]!, 'TiO2', texts[1]!], { maxLength: 16 });
    expect(batch.ids).to.be.instanceOf(Int32Array);
    expect(batch.mask).to.be.instanceOf(Int32Array);
    expect([batch.batchSize, batch.length, batch.ids.length, batch.mask.length]).to.deep.equal([3, 16, 48, 48]);
    const row = (b: number) => Array.from(batch.ids.slice(b * 16, (b + 1) * 16));
    expect(row(0)[15]).to.equal(tok.sep);
    expect(row(1).slice(0, 6)).to.deep.equal(tok.encode('TiO2').concat([tok.pad]));
    expect(Array.from(batch.mask.slice(16, 32))).to.deep.equal([1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const longest = tok.encodeBatch(['TiO2', 'BaCO3'], { maxLength: 64 });
    expect(longest.length).to.equal(6);
    expect(tok.encodeBatch(['TiO2'], { maxLength: 10, padding: 'max_length' }).length).to.equal(10);
  });

  it('maps characters never seen to [UNK] only for the word that has them', () => {
    const ids = tok.encode('heated 中');
    expect(tok.idsToTokens(ids)).to.deep.equal(['[CLS]', 'heated', '[UNK]', '[SEP]']);
  });

  it('saves a tokenizer.json that loads back, also through transformers.js AutoTokenizer offline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'matalign-tok-'));
    await tok.save(join(dir, 'synthesis-wordpiece'));
    const loaded = await SynthesisTokenizer.load(join(dir, 'synthesis-wordpiece'));
    expect(loaded.encode(texts[0]!)).to.deep.equal(tok.encode(texts[0]!));
    const before = { remote: env.allowRemoteModels, path: env.localModelPath };
    env.allowRemoteModels = false;
    env.localModelPath = dir + '/';
    try {
      const auto = await AutoTokenizer.from_pretrained('synthesis-wordpiece', { local_files_only: true });
      expect(auto.encode(texts[0]!)).to.deep.equal(tok.encode(texts[0]!));
    } finally {
      env.allowRemoteModels = before.remote;
      env.localModelPath = before.path;
    }
  });

  it('reports a missing tokenizer.json clearly', async () => {
    let message = '';
    try {
      await SynthesisTokenizer.load('/nonexistent-dir');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.equal('no tokenizer.json in /nonexistent-dir');
  });
});
