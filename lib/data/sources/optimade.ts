// OPTIMADE client (spec v1): queries `<base>/v1/structures?filter=…&page_limit=…&response_fields=…`,
// follows `links.next` (a URL string or a {href} object) page by page, converts each entry to
// a P1 CIF and writes the structure CSV the loaders read: material_id, formula, cif, then the
// requested numeric properties (provider fields like `_mp_band_gap` under plain names).
import { HttpClient } from './http_client.js';
import { downloadPages, PagedDownloadResult } from './paged_download.js';
import { ProgressSink } from './progress_line.js';
import { ResponseFormatError } from './source_errors.js';
import { writeRecordsCsv } from './csv_table.js';
import { EntryConversionError, OPTIMADE_STRUCTURE_FIELDS, OptimadeEntry, optimadeEntryToCif } from './optimade_structure.js';

export interface PropertyMapping {
  /** Response field, e.g. `_oqmd_delta_e`. */
  readonly field: string;
  /** CSV column, e.g. `formation_energy_per_atom`. */
  readonly column: string;
}

export interface OptimadeQuery {
  /** Provider base URL, with or without the version segment (…/v1). */
  readonly baseUrl: string;
  /** OPTIMADE filter, e.g. `elements HAS ALL "Si","O" AND nelements=2`. */
  readonly filter: string;
  /** Entries per page asked of the server (default 100). */
  readonly pageLimit?: number;
  /** Stop after this many entries. */
  readonly limit?: number;
  readonly properties?: readonly PropertyMapping[];
}

export interface OptimadePage {
  readonly entries: readonly OptimadeEntry[];
  readonly next: string | null;
  readonly total?: number;
}

/** A provider field without its `_provider_` prefix: `_oqmd_band_gap` → `band_gap`. */
export function plainPropertyName(field: string): string {
  return field.replace(/^_[a-z0-9]+_/, '');
}

/** "field[=column],…" → mappings; a field without a column gets its plain name. */
export function parsePropertySpec(spec: string): PropertyMapping[] {
  return spec.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [field, column] = s.split('=').map((x) => x.trim());
    return { field: field!, column: column || plainPropertyName(field!) };
  });
}

/** URL of the first page of the query. */
export function structuresUrl(query: OptimadeQuery): string {
  let base = query.baseUrl.replace(/\/+$/, '');
  if (!/\/v\d+(\.\d+)*$/.test(base)) base += '/v1';
  const fields = [...OPTIMADE_STRUCTURE_FIELDS, ...(query.properties ?? []).map((p) => p.field)];
  const pageLimit = Math.min(query.pageLimit ?? 100, query.limit ?? Infinity);
  const params = new URLSearchParams({ filter: query.filter, page_limit: String(pageLimit), response_fields: [...new Set(fields)].join(',') });
  return `${base}/structures?${params}`;
}

function nextLink(links: unknown, current: string): string | null {
  const next = (links as { next?: unknown } | undefined)?.next;
  const href = typeof next === 'string' ? next : typeof (next as { href?: unknown } | null)?.href === 'string' ? (next as { href: string }).href : null;
  return href ? new URL(href, current).toString() : null;
}

/** Checks a parsed page and returns its entries and next link; throws ResponseFormatError. */
export function readOptimadePage(value: unknown, url: string): OptimadePage {
  const v = value as { data?: unknown; links?: unknown; meta?: { data_returned?: unknown } } | null;
  if (!v || typeof v !== 'object' || !Array.isArray(v.data)) throw new ResponseFormatError('OPTIMADE response has no data array');
  v.data.forEach((e: { id?: unknown; attributes?: unknown }, i: number) => {
    if (!e || (typeof e.id !== 'string' && typeof e.id !== 'number') || typeof e.attributes !== 'object' || e.attributes === null) {
      throw new ResponseFormatError(`OPTIMADE response entry ${i} has no id or attributes`);
    }
  });
  const total = typeof v.meta?.data_returned === 'number' ? v.meta.data_returned : undefined;
  return { entries: v.data as OptimadeEntry[], next: nextLink(v.links, url), total };
}

export type OptimadeRecord =
  | { readonly kind: 'row'; readonly row: Readonly<Record<string, string | number | null>> }
  | { readonly kind: 'skip'; readonly id: string; readonly reason: string };

/** One entry → a CSV row (or the reason it is skipped). Non-numeric property values → empty. */
export function optimadeRecord(entry: OptimadeEntry, properties: readonly PropertyMapping[], origin: string): OptimadeRecord {
  const id = String(entry.id);
  try {
    const row: Record<string, string | number | null> = {
      material_id: id, formula: String(entry.attributes.chemical_formula_reduced ?? ''), cif: optimadeEntryToCif(entry, origin),
    };
    for (const p of properties) {
      const v = entry.attributes[p.field];
      row[p.column] = typeof v === 'number' && Number.isFinite(v) ? v : null;
    }
    return { kind: 'row', row };
  } catch (e) {
    if (e instanceof EntryConversionError) return { kind: 'skip', id, reason: e.message };
    throw e;
  }
}

export interface OptimadeDownloadResult extends PagedDownloadResult {
  readonly written: number;
  readonly skipped: readonly { id: string; reason: string }[];
}

/** Downloads every page of the query into `outPath` (CSV, written atomically at the end). */
export async function downloadOptimade(client: HttpClient, query: OptimadeQuery, outPath: string, progress?: ProgressSink): Promise<OptimadeDownloadResult> {
  const first = structuresUrl(query);
  const properties = query.properties ?? [];
  const origin = `matalign from OPTIMADE ${new URL(first).host}`;
  const columns = ['material_id', 'formula', ...properties.map((p) => p.column), 'cif'];
  let written = 0;
  const skipped: { id: string; reason: string }[] = [];
  const result = await downloadPages<OptimadeRecord, string>({
    outPath, progress, first, limit: query.limit,
    signature: JSON.stringify({ first, limit: query.limit ?? null, columns }),
    fetchPage: async (url) => {
      const page = await client.getJson(url, (v) => readOptimadePage(v, url));
      return { rows: page.entries.map((e) => optimadeRecord(e, properties, origin)), next: page.next, total: page.total };
    },
    writeOutput: async (records) => {
      const out = await writeRecordsCsv(outPath, columns, records);
      written = out.written;
      skipped.push(...out.skipped);
    },
  });
  return { ...result, written, skipped };
}
