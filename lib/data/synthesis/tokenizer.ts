// Subword tokenizer for synthesis descriptions, run by @huggingface/transformers (fully
// offline, from a tokenizer.json object or a local directory). The vocabulary is a
// case-sensitive WordPiece trained on this corpus (tokenizer_train.ts), so formulas keep
// their element symbols (Co vs CO) and '°C', 'h' and numbers stay meaningful tokens.
import { PreTrainedTokenizer } from '@huggingface/transformers';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import {
  SPECIAL_TOKENS, WordPieceTrainOptions, trainWordPieceVocab, wordPieceTokenizerConfig, wordPieceTokenizerJson,
} from './tokenizer_train.js';

/**
 * Token ids of a batch, row-major:
 * ids  [B, L] int32: token ids, [CLS] … [SEP] then [PAD];
 * mask [B, L] int32: 1 for real tokens (including [CLS]/[SEP]), 0 for padding.
 */
export interface EncodedBatch {
  readonly ids: Int32Array;
  readonly mask: Int32Array;
  /** B. */
  readonly batchSize: number;
  /** L. */
  readonly length: number;
}

export interface BatchEncodeOptions {
  /** L for 'max_length' padding, and the truncation limit in any case (tokens, specials included); default 128. */
  readonly maxLength?: number;
  /** 'longest': L = longest sequence in the batch (≤ maxLength); 'max_length': L = maxLength. Default 'longest'. */
  readonly padding?: 'longest' | 'max_length';
}

export class TokenizerFileError extends InputError {}

/** A loaded tokenizer: encode/decode one text, batch-encode to [B, L] ids and mask. */
export class SynthesisTokenizer {
  readonly pad: number;
  readonly unk: number;
  readonly cls: number;
  readonly sep: number;
  readonly mask: number;

  private constructor(
    readonly backend: PreTrainedTokenizer,
    readonly json: Record<string, unknown>,
    readonly config: Record<string, unknown>,
  ) {
    const id = (t: string) => {
      const v = backend.convert_tokens_to_ids(t);
      if (typeof v !== 'number') throw new TokenizerFileError(`tokenizer has no ${t} token`);
      return v;
    };
    [this.pad, this.unk, this.cls, this.sep, this.mask] = SPECIAL_TOKENS.map(id) as [number, number, number, number, number];
  }

  /** From tokenizer.json (and tokenizer_config.json) objects. */
  static fromJSON(json: Record<string, unknown>, config: Record<string, unknown> = wordPieceTokenizerConfig()): SynthesisTokenizer {
    return new SynthesisTokenizer(new PreTrainedTokenizer(json, config), json, config);
  }

  /** Trains a WordPiece vocabulary on `texts` (see trainWordPieceVocab). */
  static train(texts: Iterable<string>, options: WordPieceTrainOptions = {}): SynthesisTokenizer {
    return SynthesisTokenizer.fromJSON(wordPieceTokenizerJson(trainWordPieceVocab(texts, options)));
  }

  /** Loads `dir/tokenizer.json` and `dir/tokenizer_config.json` (the config is optional). */
  static async load(dir: string): Promise<SynthesisTokenizer> {
    const read = async (name: string, required: boolean): Promise<Record<string, unknown> | null> => {
      let text: string;
      try {
        text = await readFile(join(dir, name), 'utf8');
      } catch {
        if (required) throw new TokenizerFileError(`no ${name} in ${dir}`);
        return null;
      }
      try {
        return JSON.parse(text) as Record<string, unknown>;
      } catch (e) {
        throw new TokenizerFileError(`${join(dir, name)} is not JSON: ${(e as Error).message}`);
      }
    };
    const json = (await read('tokenizer.json', true))!;
    return SynthesisTokenizer.fromJSON(json, (await read('tokenizer_config.json', false)) ?? wordPieceTokenizerConfig());
  }

  /** Writes tokenizer.json and tokenizer_config.json into `dir` (each atomically). */
  async save(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    for (const [name, value] of [['tokenizer.json', this.json], ['tokenizer_config.json', this.config]] as const) {
      const path = join(dir, name);
      await writeFile(`${path}.tmp`, JSON.stringify(value));
      await rename(`${path}.tmp`, path);
    }
  }

  /** V: number of token ids. */
  get vocabSize(): number {
    return this.backend.get_vocab().size;
  }

  /** Subword tokens of a text (no special tokens). */
  tokenize(text: string): string[] {
    return this.backend.tokenize(text);
  }

  /** Ids of a text: [CLS] tokens [SEP], truncated to `maxLength` keeping [SEP]. */
  encode(text: string, maxLength = Infinity): number[] {
    const body = this.backend.encode(text, { add_special_tokens: false });
    const room = Math.max(0, maxLength - 2);
    return [this.cls, ...(body.length > room ? body.slice(0, room) : body), this.sep];
  }

  /** Text of ids; special tokens dropped unless asked for. Formula pieces come back space-separated. */
  decode(ids: readonly number[], skipSpecialTokens = true): string {
    return this.backend.decode([...ids], { skip_special_tokens: skipSpecialTokens });
  }

  /** Tokens of ids. */
  idsToTokens(ids: readonly number[]): string[] {
    const inverse = this.inverseVocab();
    return ids.map((i) => inverse[i] ?? '[UNK]');
  }

  private inverseCache: string[] | null = null;
  private inverseVocab(): string[] {
    if (!this.inverseCache) {
      const inv: string[] = [];
      for (const [token, id] of this.backend.get_vocab()) inv[id] = token;
      this.inverseCache = inv;
    }
    return this.inverseCache;
  }

  /** Batch of texts → ids [B, L] and mask [B, L] (Int32Array, row-major), padded with [PAD]. */
  encodeBatch(texts: readonly string[], options: BatchEncodeOptions = {}): EncodedBatch {
    const maxLength = options.maxLength ?? 128;
    if (!(maxLength >= 2)) throw new RangeError(`maxLength must be ≥ 2, got ${maxLength}`);
    const rows = texts.map((t) => this.encode(t, maxLength));
    const length = options.padding === 'max_length' ? maxLength : Math.max(2, ...rows.map((r) => r.length));
    const ids = new Int32Array(texts.length * length).fill(this.pad);
    const mask = new Int32Array(texts.length * length);
    rows.forEach((row, b) => {
      ids.set(row, b * length);
      mask.fill(1, b * length, b * length + row.length);
    });
    return { ids, mask, batchSize: texts.length, length };
  }
}
