// Just enough HTML reading for server-generated pages: entity decoding, tag stripping,
// and the text of elements found by regular expressions (no DOM needed).

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', deg: '°', plusmn: '±', middot: '·', times: '×',
  Delta: 'Δ', delta: 'δ', mu: 'μ', alpha: 'α', beta: 'β', gamma: 'γ', minus: '−', ndash: '–', mdash: '—', circ: '°',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(n) ? String.fromCodePoint(n) : all;
    }
    return NAMED[code] ?? all;
  });
}

/** Visible text of an HTML fragment: tags removed (sub/sup joined without spaces), entities decoded, spaces collapsed. */
export function htmlText(fragment: string): string {
  const noBlocks = fragment.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<br\s*\/?>/gi, ' ');
  return decodeEntities(noBlocks.replace(/<\/?(sub|sup|em|i|b|strong|span|a)\b[^>]*>/gi, '').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The HTML between the opening tag found at `start` and its matching close tag (same name, nesting counted). */
export function elementAt(html: string, start: number): string {
  const open = /^<([a-z0-9]+)/i.exec(html.slice(start));
  if (!open) return '';
  const name = open[1]!.toLowerCase();
  const re = new RegExp(`<(/?)${name}\\b[^>]*>`, 'gi');
  re.lastIndex = start;
  let depth = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return html.slice(start, m.index + m[0].length);
  }
  return html.slice(start);
}

/** Each table row as its cells' inner HTML (th and td alike). */
export function tableRows(table: string): string[][] {
  const rows: string[][] = [];
  for (const tr of table.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/gi)) {
    rows.push([...tr[1]!.matchAll(/<t([dh])\b[^>]*>([\s\S]*?)<\/t\1>/gi)].map((c) => c[2]!));
  }
  return rows;
}

/** Values of href attributes in the fragment, entities decoded. */
export function hrefs(fragment: string): string[] {
  return [...fragment.matchAll(/href\s*=\s*"([^"]*)"/gi)].map((m) => decodeEntities(m[1]!));
}
