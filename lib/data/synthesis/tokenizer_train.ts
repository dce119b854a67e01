// Training a case-sensitive WordPiece vocabulary on synthesis descriptions and writing it as
// a Hugging Face tokenizer.json. Chemistry-aware pre-tokenization: formulas are split into
// element symbols and counts (Co ≠ CO: 'Co', 'C O'), numbers stay whole, '°C' is one token,
// every other symbol stands alone; the rest is ordinary WordPiece with '##' continuations.
import { MAX_Z, elementByZ } from '../chemistry/elements.js';

/** Special tokens, in id order 0–4. */
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/**
 * Pre-tokenizer pattern (Oniguruma/JS): pieces isolated inside whitespace-separated words.
 * An element-like chunk ([A-Z][a-z]?) is isolated only where formula text follows it
 * (an upper-case letter, digit, bracket, sign, a variable x/y/z/δ, or the word end), so
 * 'The' and 'Stoichiometric' stay whole while 'BaCO3' gives 'Ba', 'C', 'O', '3'.
 */
export const PRE_TOKENIZER_PATTERN =
  '°C|\\d+(?:\\.\\d+)?|[A-Z][a-z]?(?=[A-Z0-9()\\[\\]{}·⋅*+\\-−–.,;:/=%]|[xyzδ](?![a-z])|\\s|$)|[^\\s\\p{L}\\p{N}]';

const PIECE = new RegExp(PRE_TOKENIZER_PATTERN, 'gu');

/** Pre-tokenization as the tokenizer.json does it: whitespace split, then isolated pieces and the gaps between them. */
export function preTokenize(text: string): string[] {
  const out: string[] = [];
  for (const word of text.normalize('NFC').split(/\s+/)) {
    if (!word) continue;
    let prev = 0;
    for (const m of word.matchAll(PIECE)) {
      if (m.index > prev) out.push(word.slice(prev, m.index));
      out.push(m[0]);
      prev = m.index + m[0].length;
    }
    if (prev < word.length) out.push(word.slice(prev));
  }
  return out;
}

export interface WordPieceTrainOptions {
  /** Target vocabulary size including special tokens and the alphabet; default 8000. */
  readonly vocabSize?: number;
  /** Pairs seen fewer times than this are not merged; default 2. */
  readonly minFrequency?: number;
}

/** A lazy max-heap of (count, pair); stale entries are skipped when popped. */
class PairHeap {
  private readonly items: [number, string][] = [];
  private static before(a: [number, string], b: [number, string]): boolean {
    return a[0] > b[0] || (a[0] === b[0] && a[1] < b[1]);
  }
  push(item: [number, string]): void {
    const h = this.items;
    h.push(item);
    for (let i = h.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (!PairHeap.before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  pop(): [number, string] | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && PairHeap.before(h[l]!, h[m]!)) m = l;
        if (r < h.length && PairHeap.before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

const SEP = '\u0000';

/** Whole tokens whatever their frequency: every element symbol (formulas are pre-split into them), units, digits. */
const ALWAYS_IN_VOCAB: readonly string[] = [
  ...Array.from({ length: MAX_Z }, (_, z) => elementByZ(z + 1).symbol),
  '°C', 'K', 'h', 'min', 'x', 'y', 'z', 'δ', ...'0123456789'.split(''), ...'0123456789'.split('').map((d) => '##' + d),
];

/** Per-word symbol lists and the pair statistics the merge loop keeps current. */
class MergeState {
  readonly pairCounts = new Map<string, number>();
  readonly pairWords = new Map<string, Set<number>>();
  readonly heap = new PairHeap();

  constructor(readonly words: string[][], readonly freqs: number[]) {
    words.forEach((symbols, w) => this.count(w, symbols, 1));
    for (const [pair, n] of this.pairCounts) this.heap.push([n, pair]);
  }

  count(w: number, symbols: string[], sign: 1 | -1): void {
    for (let i = 0; i + 1 < symbols.length; i++) {
      const pair = symbols[i] + SEP + symbols[i + 1];
      this.pairCounts.set(pair, (this.pairCounts.get(pair) ?? 0) + sign * this.freqs[w]!);
      if (sign > 0) {
        let set = this.pairWords.get(pair);
        if (!set) this.pairWords.set(pair, (set = new Set()));
        set.add(w);
      }
    }
  }

  /** Merges `pair` everywhere; returns the new symbol. */
  merge(pair: string): string {
    const [a, b] = pair.split(SEP) as [string, string];
    const merged = a + b.replace(/^##/, '');
    const touched = new Set<string>();
    for (const w of this.pairWords.get(pair) ?? []) {
      const symbols = this.words[w]!;
      this.count(w, symbols, -1);
      for (let i = 0; i + 1 < symbols.length; i++) touched.add(symbols[i] + SEP + symbols[i + 1]);
      const next: string[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (i + 1 < symbols.length && symbols[i] === a && symbols[i + 1] === b) {
          next.push(merged);
          i++;
        } else {
          next.push(symbols[i]!);
        }
      }
      this.words[w] = next;
      this.count(w, next, 1);
      for (let i = 0; i + 1 < next.length; i++) touched.add(next[i] + SEP + next[i + 1]);
    }
    this.pairWords.delete(pair);
    this.pairCounts.delete(pair);
    touched.delete(pair);
    // Re-push every pair whose count changed; older heap entries for them are now stale.
    for (const p of touched) this.heap.push([this.pairCounts.get(p) ?? 0, p]);
    return merged;
  }
}

/** Word frequencies of the pre-tokenized texts. */
function countWords(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) for (const w of preTokenize(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

/**
 * A WordPiece vocabulary (token → id) learned by frequency-driven merges (as the Hugging
 * Face WordPiece trainer does): special tokens, every character seen (initial and '##'
 * forms), then merged pieces in merge order. Deterministic for the same texts.
 */
export function trainWordPieceVocab(texts: Iterable<string>, options: WordPieceTrainOptions = {}): Map<string, number> {
  const vocabSize = options.vocabSize ?? 8000;
  const minFrequency = options.minFrequency ?? 2;
  const counts = [...countWords(texts)].sort((x, y) => (x[0] < y[0] ? -1 : 1));
  const words = counts.map(([w]) => [...w].map((c, i) => (i === 0 ? c : '##' + c)));
  const vocab = new Map<string, number>(SPECIAL_TOKENS.map((t, i) => [t, i]));
  const alphabet = [...new Set(words.flat())].sort();
  for (const symbol of [...ALWAYS_IN_VOCAB, ...alphabet]) if (!vocab.has(symbol)) vocab.set(symbol, vocab.size);
  const state = new MergeState(words, counts.map(([, n]) => n));
  while (vocab.size < vocabSize) {
    const top = state.heap.pop();
    if (!top) break;
    const [n, pair] = top;
    if (state.pairCounts.get(pair) !== n) continue; // stale entry
    if (n < minFrequency) break;
    const merged = state.merge(pair);
    if (!vocab.has(merged)) vocab.set(merged, vocab.size);
  }
  return vocab;
}

/** A complete Hugging Face tokenizer.json object for a WordPiece vocabulary with this pre-tokenization. */
export function wordPieceTokenizerJson(vocab: ReadonlyMap<string, number>): Record<string, unknown> {
  const id = (t: string) => vocab.get(t)!;
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((t) => ({
      id: id(t), content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
    })),
    normalizer: { type: 'NFC' },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'WhitespaceSplit' },
        { type: 'Split', pattern: { Regex: PRE_TOKENIZER_PATTERN }, behavior: 'Isolated', invert: false },
      ],
    },
    post_processor: { type: 'BertProcessing', sep: ['[SEP]', id('[SEP]')], cls: ['[CLS]', id('[CLS]')] },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: false },
    model: {
      type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab),
    },
  };
}

/** tokenizer_config.json to go with it (max length in tokens). */
export function wordPieceTokenizerConfig(modelMaxLength = 512): Record<string, unknown> {
  return {
    tokenizer_class: 'PreTrainedTokenizerFast', model_max_length: modelMaxLength, do_lower_case: false,
    cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]',
    clean_up_tokenization_spaces: false,
  };
}
