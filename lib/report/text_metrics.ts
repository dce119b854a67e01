// Text widths for Vega's layout when no canvas is present. Vega then guesses 0.8 em per
// character, which leaves wide gaps around axis labels and truncates legend labels early;
// these are DejaVu Sans advance widths (the PNG font), in em, so layouts fit the real text.
import * as vega from 'vega';

/** Advance widths (em) of DejaVu Sans Book for printable ASCII, from ' ' (32) to '~' (126). */
const ASCII_EM = [
  0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361, 0.318, 0.337,
  0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337, 0.838, 0.838, 0.838, 0.531,
  1.0, 0.684, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787,
  0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.39, 0.337, 0.39, 0.838, 0.5,
  0.5, 0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612,
  0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838,
];
/** Bold glyphs are about this much wider on average. */
const BOLD_FACTOR = 1.1;
/** Non-ASCII (arrows, Greek, degree, minus): a typical wide-ish glyph. */
const OTHER_EM = 0.7;

interface TextItem { fontSize?: number; fontWeight?: string | number; limit?: number }

/** Width in px of one line of text at the given size. */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    em += code >= 32 && code <= 126 ? ASCII_EM[code - 32]! : OTHER_EM;
  }
  // 4 % margin: a slight overestimate costs a few pixels, an underestimate clips text.
  return em * fontSize * (bold ? BOLD_FACTOR : 1) * 1.04;
}

function itemWidth(item: TextItem, text: unknown): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const weight = item.fontWeight;
  const bold = weight === 'bold' || (typeof weight === 'number' && weight >= 600);
  return estimateTextWidth(text == null ? '' : String(text).trim(), size, bold);
}

/**
 * Makes Vega measure text with the table above when it has no canvas to measure with (as in
 * Node); a canvas, where present, keeps measuring. Idempotent.
 */
export function installTextMetrics(): void {
  const metrics = (vega as unknown as { textMetrics: { width: unknown; estimateWidth: unknown } }).textMetrics;
  if (metrics.width === metrics.estimateWidth) metrics.width = itemWidth;
}
