// Reading NIST Chemistry WebBook pages (webbook.nist.gov/cgi/cbook.cgi): a species page
// (<h1 id="Top"> then a <ul> of Formula, CAS Registry Number, … and "Other data available"
// links), a search-result list (<ol> of links with ?ID=), a "… Not Found" page, the condensed-
// phase thermochemistry table (<h2 id="Thermo-Condensed"> then a table with columns Quantity,
// Value, Units, Method, Reference, Comment; references resolved from the id="ref-N" entries)
// and the JCAMP-DX links of the IR spectrum section.
import { elementAt, hrefs, htmlText, tableRows } from './html_text.js';
import { ResponseFormatError } from './source_errors.js';

export interface WebbookMatch {
  /** WebBook species id, e.g. C7732185 (C + CAS digits) or an internal R/U/B… id. */
  readonly id: string;
  readonly name: string;
}

export interface WebbookSpecies {
  readonly id: string;
  readonly name: string;
  readonly formula: string | null;
  readonly cas: string | null;
}

export type WebbookPage =
  | { readonly kind: 'species'; readonly species: WebbookSpecies }
  | { readonly kind: 'matches'; readonly matches: readonly WebbookMatch[]; readonly truncated: boolean }
  | { readonly kind: 'not_found'; readonly message: string };

export interface ThermoQuantity {
  /** As the WebBook writes it, e.g. "ΔfH°solid", "S°solid,1 bar". */
  readonly quantity: string;
  readonly value: number;
  /** ± uncertainty in the same units, when given. */
  readonly uncertainty: number | null;
  /** e.g. "kJ/mol", "J/mol*K". */
  readonly units: string;
  readonly method: string;
  /** Short reference ("Chase, 1998"). */
  readonly reference: string;
  /** Full citation from the page's reference list, when found. */
  readonly citation: string | null;
  readonly comment: string;
}

const idFromHref = (href: string): string | null => /[?&]ID=([A-Za-z0-9]+)/.exec(href)?.[1] ?? null;

function speciesFromPage(html: string, top: number): WebbookSpecies {
  const name = htmlText(elementAt(html, top));
  const ulAt = html.indexOf('<ul', top);
  const info = ulAt >= 0 ? elementAt(html, ulAt) : '';
  const item = (label: string) => {
    for (const li of info.matchAll(/<li\b[^>]*>([\s\S]*?)<\/li>/gi)) {
      const text = htmlText(li[1]!);
      if (text.toLowerCase().startsWith(label.toLowerCase())) return text.slice(label.length).replace(/^\s*:\s*/, '').trim() || null;
    }
    return null;
  };
  const ids = hrefs(info).map(idFromHref).filter((x): x is string => x !== null);
  const cas = item('CAS Registry Number');
  const id = ids[0] ?? (cas ? `C${cas.replace(/-/g, '')}` : null);
  if (!id) throw new ResponseFormatError(`WebBook page for '${name}' names no species id`);
  return { id, name, formula: item('Formula'), cas };
}

/** What a cbook.cgi answer is: one species, a list of matches, or "not found". */
export function readWebbookPage(html: string): WebbookPage {
  const top = html.search(/<h1\b[^>]*id\s*=\s*"Top"/i);
  if (top >= 0) return { kind: 'species', species: speciesFromPage(html, top) };
  const h1 = /<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(html);
  const heading = h1 ? htmlText(h1[1]!) : '';
  if (/not found|no matching/i.test(heading)) return { kind: 'not_found', message: heading };
  const olAt = html.search(/<ol\b/i);
  if (olAt >= 0) {
    const matches: WebbookMatch[] = [];
    for (const a of elementAt(html, olAt).matchAll(/<a\b[^>]*href\s*=\s*"([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi)) {
      const id = idFromHref(a[1]!.replace(/&amp;/g, '&'));
      if (id && !matches.some((m) => m.id === id)) matches.push({ id, name: htmlText(a[2]!) });
    }
    if (matches.length > 0) return { kind: 'matches', matches, truncated: /large number of matching species/i.test(html) };
  }
  throw new ResponseFormatError(`not a WebBook species, search-result or not-found page${heading ? ` (heading '${heading}')` : ''}`);
}

/** Number and ± uncertainty from a value cell ("-291.83 ± 0.42", "69.95"); null when not a number. */
export function parseWebbookValue(text: string): { value: number; uncertainty: number | null } | null {
  const m = /^\s*([-−+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)\s*(?:±\s*(\d+(?:\.\d*)?(?:[eE][-+]?\d+)?))?/.exec(text);
  if (!m) return null;
  return { value: Number(m[1]!.replace('−', '-')), uncertainty: m[2] === undefined ? null : Number(m[2]) };
}

/** Full citation of reference `ref-N` from the page's reference list, or null. */
function citation(html: string, anchor: string): string | null {
  const at = html.search(new RegExp(`id\\s*=\\s*"${anchor}"`, 'i'));
  if (at < 0) return null;
  const pAt = html.lastIndexOf('<p', at);
  if (pAt < 0) return null;
  const text = htmlText(elementAt(html, pAt)).replace(/\[\s*all data\s*\]/gi, '').trim();
  return text || null;
}

/**
 * The rows of the condensed-phase thermochemistry table, or null when the page has no such
 * section (the WebBook holds no condensed-phase data for the species).
 */
export function readCondensedThermo(html: string): ThermoQuantity[] | null {
  const section = html.search(/<h2\b[^>]*id\s*=\s*"Thermo-Condensed"/i);
  if (section < 0) return null;
  const tableAt = html.indexOf('<table', section);
  const nextSection = html.slice(section + 1).search(/<h2\b/i);
  if (tableAt < 0 || (nextSection >= 0 && tableAt > section + 1 + nextSection)) return [];
  const [header, ...rows] = tableRows(elementAt(html, tableAt));
  const names = (header ?? []).map((h) => htmlText(h).toLowerCase());
  const col = (name: string) => names.indexOf(name);
  const [q, v, u, m, r, c] = ['quantity', 'value', 'units', 'method', 'reference', 'comment'].map(col);
  if (q! < 0 || v! < 0) throw new ResponseFormatError('WebBook condensed-phase table has no Quantity/Value columns');
  const out: ThermoQuantity[] = [];
  for (const cells of rows) {
    const parsed = parseWebbookValue(htmlText(cells[v!] ?? ''));
    if (!parsed) continue;
    const refCell = r! >= 0 ? cells[r!] ?? '' : '';
    const anchor = /href\s*=\s*"#([^"]+)"/i.exec(refCell)?.[1];
    const reference = htmlText(refCell);
    const cited = anchor ? citation(html, anchor) : null;
    out.push({
      quantity: htmlText(cells[q!] ?? ''), ...parsed,
      units: u! >= 0 ? htmlText(cells[u!] ?? '') : '', method: m! >= 0 ? htmlText(cells[m!] ?? '') : '',
      reference, citation: cited && reference && cited.startsWith(reference) ? cited.slice(reference.length).trim() || cited : cited,
      comment: c! >= 0 ? htmlText(cells[c!] ?? '') : '',
    });
  }
  return out;
}

/** Indices of the IR spectra a species page (Mask=80) offers, from its JCAMP and IR-SPEC links. */
export function readIrSpectrumIndices(html: string): number[] {
  const indices = new Set<number>();
  for (const href of hrefs(html)) {
    const isIr = /[?&]JCAMP=/.test(href) ? /[?&]Type=IR(&|$)/.test(href) : /[?&]Type=IR-SPEC(&|$|#)/.test(href);
    const index = /[?&]Index=(\d+)/.exec(href)?.[1];
    if (isIr && index !== undefined) indices.add(Number(index));
  }
  if (indices.size === 0 && /id\s*=\s*"IR-Spec"/i.test(html)) indices.add(0);
  return [...indices].sort((a, b) => a - b);
}
