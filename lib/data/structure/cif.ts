// CIF 1.1 syntax: data blocks of tag/value pairs and loops. Knows nothing about crystals;
// crystal.ts interprets the tags. Values are kept as raw strings ('?' and '.' included).
import { InputError } from '../../errors.js';

export interface CifLoop {
  /** Lower-cased tags, in file order. */
  readonly tags: readonly string[];
  /** rows[r][t] is the value of tags[t] in row r. */
  readonly rows: readonly (readonly string[])[];
}

export interface CifBlock {
  readonly name: string;
  /** Lower-cased tag → value, for tags outside loops. */
  readonly items: ReadonlyMap<string, string>;
  readonly loops: readonly CifLoop[];
  /** What was read with a guess or left out (a ragged loop's incomplete last row), one line each. */
  readonly problems: readonly string[];
}

export class CifSyntaxError extends InputError {
  constructor(message: string, readonly line: number) {
    super(`CIF line ${line}: ${message}`);
  }
}

interface Token {
  readonly text: string;
  /** True for quoted strings and text fields: never a keyword or tag. */
  readonly quoted: boolean;
  readonly line: number;
}

/** Splits CIF text into tokens: bare words, 'quoted'/"quoted" strings, ;text fields;. */
export function tokenizeCif(text: string): Token[] {
  const tokens: Token[] = [];
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith(';')) {
      // Text field: runs until a line starting with ';'.
      const body: string[] = [line.slice(1)];
      const start = i + 1;
      i++;
      while (i < lines.length && !lines[i]!.startsWith(';')) body.push(lines[i++]!);
      if (i >= lines.length) throw new CifSyntaxError('unterminated ; text field', start);
      tokens.push({ text: body.join('\n').trim(), quoted: true, line: start });
      continue;
    }
    tokenizeLine(line, i + 1, tokens);
  }
  return tokens;
}

function tokenizeLine(line: string, lineNo: number, out: Token[]): void {
  let p = 0;
  const n = line.length;
  while (p < n) {
    const c = line[p]!;
    if (c === ' ' || c === '\t') { p++; continue; }
    if (c === '#') return;
    if (c === "'" || c === '"') {
      // A quote closes only when followed by whitespace or end of line (CIF 1.1).
      let q = p + 1;
      while (q < n && !(line[q] === c && (q + 1 === n || /\s/.test(line[q + 1]!)))) q++;
      if (q >= n) throw new CifSyntaxError(`unterminated ${c} string`, lineNo);
      out.push({ text: line.slice(p + 1, q), quoted: true, line: lineNo });
      p = q + 1;
      continue;
    }
    let q = p;
    while (q < n && line[q] !== ' ' && line[q] !== '\t') q++;
    out.push({ text: line.slice(p, q), quoted: false, line: lineNo });
    p = q;
  }
}

const isTag = (t: Token) => !t.quoted && t.text.startsWith('_');
const isKeyword = (t: Token, kw: string) => !t.quoted && t.text.toLowerCase().startsWith(kw);
const isReserved = (t: Token) => ['data_', 'loop_', 'global_', 'save_', 'stop_'].some((kw) => isKeyword(t, kw));

/** Parses CIF text into its data blocks. Content before the first data_ goes to a block ''. */
export function parseCifBlocks(text: string): CifBlock[] {
  const tokens = tokenizeCif(text);
  const blocks: { name: string; items: Map<string, string>; loops: CifLoop[]; problems: string[] }[] = [];
  let current = { name: '', items: new Map<string, string>(), loops: [] as CifLoop[], problems: [] as string[] };
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (isKeyword(t, 'data_')) {
      if (current.items.size || current.loops.length || current.name) blocks.push(current);
      current = { name: t.text.slice(5), items: new Map(), loops: [], problems: [] };
      i++;
    } else if (isKeyword(t, 'loop_')) {
      i = readLoop(tokens, i + 1, current.loops, current.problems);
    } else if (isTag(t)) {
      const v = tokens[i + 1];
      if (!v || isTag(v) || isKeyword(v, 'loop_') || isKeyword(v, 'data_')) {
        throw new CifSyntaxError(`tag ${t.text} has no value`, t.line);
      }
      // An unquoted value with spaces ('_symmetry_space_group_name_H-M P m -3 m'): the rest of its line.
      let j = i + 2;
      const words = [v.text];
      while (!v.quoted && j < tokens.length && tokens[j]!.line === v.line && !tokens[j]!.quoted && !isTag(tokens[j]!) && !isReserved(tokens[j]!)) {
        words.push(tokens[j++]!.text);
      }
      current.items.set(t.text.toLowerCase(), words.join(' '));
      i = j;
    } else if (isKeyword(t, 'global_') || isKeyword(t, 'save_')) {
      i++;
    } else {
      throw new CifSyntaxError(`unexpected value '${t.text}'`, t.line);
    }
  }
  if (current.items.size || current.loops.length || current.name) blocks.push(current);
  return blocks;
}

/** Reads a loop; a ragged loop keeps its complete rows and reports the values left over. */
function readLoop(tokens: Token[], start: number, loops: CifLoop[], problems: string[]): number {
  let i = start;
  const tags: string[] = [];
  while (i < tokens.length && isTag(tokens[i]!)) tags.push(tokens[i++]!.text.toLowerCase());
  if (tags.length === 0) throw new CifSyntaxError('loop_ without tags', tokens[start - 1]!.line);
  const values: string[] = [];
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (isTag(t) || isKeyword(t, 'loop_') || isKeyword(t, 'data_')) break;
    values.push(t.text);
    i++;
  }
  const rest = values.length % tags.length;
  if (rest !== 0) {
    problems.push(`CIF line ${tokens[start]!.line}: loop of ${tags.length} tags (${tags[0]}, …) ends with an incomplete row of ${rest} values, left out`);
  }
  const rows: string[][] = [];
  for (let r = 0; r + tags.length <= values.length; r += tags.length) rows.push(values.slice(r, r + tags.length));
  loops.push({ tags, rows });
  return i;
}

/**
 * A CIF number: '1.234(5)' → 1.234 (the standard uncertainty is dropped), '?' and '.'
 * (unknown / not applicable) → NaN, anything else unparsable → NaN.
 */
export function cifNumber(raw: string | undefined): number {
  if (raw === undefined) return NaN;
  const s = raw.trim();
  if (s === '?' || s === '.' || s === '') return NaN;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?:\(\d+\))?$/.exec(s);
  return m ? Number(m[1]) : NaN;
}

/** The loop holding `tag` (lower-case), and the column index of each requested tag (−1 if absent). */
export function findLoop(block: CifBlock, tag: string): CifLoop | undefined {
  return block.loops.find((l) => l.tags.includes(tag));
}

/** Column of the first of `tags` present in `loop`, or −1. */
export function loopColumn(loop: CifLoop, ...tags: string[]): number {
  for (const t of tags) {
    const c = loop.tags.indexOf(t);
    if (c >= 0) return c;
  }
  return -1;
}
