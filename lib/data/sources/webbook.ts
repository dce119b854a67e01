// NIST Chemistry WebBook client: finds a species by formula, name or CAS number, reads its
// condensed-phase thermochemistry (ΔfH°solid in kJ/mol, S°solid in J/mol·K, each with units
// and cited reference) and, on request, its IR spectra (JCAMP-DX). Several matches give the
// list; no match or no data is said plainly. Pages are asked with Units=SI.
import { InputError } from '../../errors.js';
import { HttpClient } from './http_client.js';
import { Spectrum, looksLikeJcamp, parseJcampSpectrum } from './jcamp_spectrum.js';
import { ResponseFormatError } from './source_errors.js';
import { ThermoQuantity, WebbookMatch, WebbookSpecies, readCondensedThermo, readIrSpectrumIndices, readWebbookPage } from './webbook_html.js';

export const WEBBOOK_URL = 'https://webbook.nist.gov/cgi/cbook.cgi';

export type WebbookQuery = { readonly formula: string } | { readonly name: string } | { readonly cas: string };

export interface WebbookOptions {
  readonly baseUrl?: string;
  /** Spectra to fetch: 'ir' or none. */
  readonly spectra?: 'ir' | null;
  /** At most this many spectra (default 5). */
  readonly maxSpectra?: number;
}

/** One picked quantity in the project's units. */
export interface ThermoValue {
  readonly value: number;
  readonly uncertainty: number | null;
  readonly units: string;
  readonly reference: string;
  readonly citation: string | null;
}

export interface WebbookResult {
  readonly source: string;
  readonly query: WebbookQuery;
  readonly status: 'found' | 'several_matches' | 'not_found';
  readonly message: string;
  readonly matches: readonly WebbookMatch[];
  readonly species: WebbookSpecies | null;
  /** null: the WebBook has no condensed-phase thermochemistry for the species. */
  readonly condensed: {
    /** ΔfH°solid, kJ/mol (first listed value). */
    readonly formation_enthalpy_solid: ThermoValue | null;
    /** S°solid, J/mol·K (first listed value). */
    readonly entropy_solid: ThermoValue | null;
    readonly quantities: readonly ThermoQuantity[];
  } | null;
  readonly spectra: readonly (Spectrum & { readonly type: 'IR'; readonly index: number })[];
}

/** "7732-18-5" → "C7732185" after checking the CAS check digit. */
export function casToWebbookId(cas: string): string {
  const m = /^(\d{2,7})-(\d{2})-(\d)$/.exec(cas.trim());
  if (!m) throw new InputError(`'${cas}' is not a CAS registry number (like 7732-18-5)`);
  const digits = (m[1]! + m[2]!).split('').reverse();
  const sum = digits.reduce((s, d, i) => s + Number(d) * (i + 1), 0);
  if (sum % 10 !== Number(m[3])) throw new InputError(`CAS number ${cas} fails its check digit`);
  return `C${m[1]}${m[2]}${m[3]}`;
}

function searchParams(query: WebbookQuery): Record<string, string> {
  if ('formula' in query) return { Formula: query.formula, NoIon: 'on', Units: 'SI' };
  if ('name' in query) return { Name: query.name, Units: 'SI' };
  return { ID: casToWebbookId(query.cas), Units: 'SI' };
}

const pageUrl = (base: string, params: Record<string, string>) => `${base}?${new URLSearchParams(params)}`;

/** Converts calorie-based values (a page asked without Units=SI) to the project's units. */
function pick(rows: readonly ThermoQuantity[], pattern: RegExp, units: string): ThermoValue | null {
  const row = rows.find((r) => pattern.test(r.quantity));
  if (!row) return null;
  const factor = row.units.toLowerCase().includes('cal') ? 4.184 : 1;
  const scale = (x: number) => Number((x * factor).toPrecision(10));
  return { value: scale(row.value), uncertainty: row.uncertainty === null ? null : scale(row.uncertainty), units, reference: row.reference, citation: row.citation };
}

function htmlPage(body: string): void {
  if (!/<html|<h1|<body/i.test(body)) throw new ResponseFormatError(`WebBook answer is not an HTML page: '${body.slice(0, 60).replace(/\s+/g, ' ')}'`);
}

export async function lookupWebbook(client: HttpClient, query: WebbookQuery, options: WebbookOptions = {}): Promise<WebbookResult> {
  const base = options.baseUrl ?? WEBBOOK_URL;
  const empty = { source: 'NIST Chemistry WebBook, NIST Standard Reference Database 69', query, matches: [], species: null, condensed: null, spectra: [] };
  const first = await client.getText(pageUrl(base, searchParams(query)), { accept: 'text/html', validate: (b) => { htmlPage(b); readWebbookPage(b); } });
  const page = readWebbookPage(first.body);
  if (page.kind === 'not_found') return { ...empty, status: 'not_found', message: `no WebBook species matches: ${page.message}` };
  if (page.kind === 'matches') {
    const more = page.truncated ? ' (the WebBook lists only the first ones)' : '';
    return { ...empty, status: 'several_matches', matches: page.matches, message: `${page.matches.length} species match${more}; ask again with --cas or --name` };
  }
  const species = page.species;
  const thermoPage = await client.getText(pageUrl(base, { ID: species.id, Mask: '2', Units: 'SI' }), { accept: 'text/html', validate: htmlPage });
  const rows = readCondensedThermo(thermoPage.body);
  const condensed = rows === null || rows.length === 0 ? null : {
    formation_enthalpy_solid: pick(rows, /^ΔfH°solid/, 'kJ/mol'), entropy_solid: pick(rows, /^S°solid/, 'J/mol*K'), quantities: rows,
  };
  const spectra = options.spectra === 'ir' ? await fetchIrSpectra(client, base, species.id, options.maxSpectra ?? 5) : [];
  const noData = condensed === null ? '; the WebBook has no condensed-phase thermochemistry data for it' : '';
  return { ...empty, status: 'found', species, condensed, spectra, message: `${species.name} (${species.id})${noData}` };
}

async function fetchIrSpectra(client: HttpClient, base: string, id: string, max: number): Promise<WebbookResult['spectra']> {
  const irPage = await client.getText(pageUrl(base, { ID: id, Mask: '80', Units: 'SI' }), { accept: 'text/html', validate: htmlPage });
  const out: (Spectrum & { type: 'IR'; index: number })[] = [];
  for (const index of readIrSpectrumIndices(irPage.body).slice(0, max)) {
    const url = pageUrl(base, { JCAMP: id, Index: String(index), Type: 'IR' });
    const jcamp = await client.getText(url, {
      accept: 'chemical/x-jcamp-dx, text/plain',
      validate: (b) => { if (!looksLikeJcamp(b)) throw new ResponseFormatError(`IR spectrum ${index} of ${id} is not JCAMP-DX`); },
    });
    out.push({ type: 'IR', index, ...parseJcampSpectrum(jcamp.body) });
  }
  return out;
}
