import { expect } from 'chai';
import { env } from '@huggingface/transformers';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PretrainedModelError, loadPretrainedTextEncoder, missingModelFiles, poolHiddenStates,
} from '../../../lib/data/synthesis/pretrained_text.js';
import { SynthesisTokenizer } from '../../../lib/data/synthesis/tokenizer.js';
import { writeTinyTextModel } from '../../helpers/tiny_text_onnx.js';

describe('pretrained text encoder', () => {
  it('mean-pools over real tokens only and L2-normalises', () => {
    // B = 1, L = 3, D = 2; the third position is padding
    const hidden = Float32Array.from([1, 0, 3, 4, 100, 100]);
    const mean = poolHiddenStates(hidden, [1, 1, 0], [1, 3, 2], 'mean', false);
    expect(Array.from(mean.data)).to.deep.equal([2, 2]);
    const unit = poolHiddenStates(hidden, [1n, 1n, 0n], [1, 3, 2], 'mean', true);
    expect(unit.data[0]).to.be.closeTo(Math.SQRT1_2, 1e-6);
    expect(Array.from(poolHiddenStates(hidden, [1, 1, 0], [1, 3, 2], 'cls', false).data)).to.deep.equal([1, 0]);
  });

  it('names the files a local model folder lacks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'matalign-ptm-'));
    expect(await missingModelFiles(dir, 'none')).to.deep.equal(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']);
    let error: unknown;
    try {
      await loadPretrainedTextEncoder({ modelDir: dir, model: 'none' });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(PretrainedModelError);
  });

  it('embeds texts [B] → [B, D] with a tiny local ONNX model, offline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'matalign-ptm-'));
    const tok = SynthesisTokenizer.train(['BaCO3 was calcined at 1200 °C for 12 h in air.', 'TiO2 was milled.'], { vocabSize: 200, minFrequency: 1 });
    await tok.save(join(dir, 'tiny'));
    const V = tok.vocabSize;
    const D = 4;
    const table = Float32Array.from({ length: V * D }, (_, i) => Math.sin(i));
    writeTinyTextModel(join(dir, 'tiny'), table, V, D);
    const encoder = await loadPretrainedTextEncoder({ modelDir: dir, model: 'tiny', normalize: false });
    try {
      expect(env.allowRemoteModels).to.equal(false);
      const texts = ['BaCO3 was milled.', 'TiO2'];
      const out = await encoder.embed(texts);
      expect([out.batchSize, out.dim, out.data.length]).to.deep.equal([2, D, 2 * D]);
      texts.forEach((text, b) => {
        const ids = tok.encode(text);
        for (let d = 0; d < D; d++) {
          const expected = ids.reduce((s, id) => s + table[id * D + d]!, 0) / ids.length;
          expect(out.data[b * D + d]).to.be.closeTo(expected, 1e-5);
        }
      });
    } finally {
      await encoder.dispose();
    }
  });
});
