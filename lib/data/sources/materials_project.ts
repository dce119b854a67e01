// Materials Project API client (next-gen API, api.materialsproject.org): pages through
// `/materials/summary/` or `/materials/elasticity/` with `_skip`/`_limit`, authenticating with
// the `X-API-KEY` header (from MP_API_KEY; never shown in any message), and writes a CSV in
// the MP-20 or MP elasticity shape. Response: `{data: [...], meta: {total_doc, ...}}`.
import { InputError } from '../../errors.js';
import { writeRecordsCsv } from './csv_table.js';
import { HttpClient, HttpClientOptions } from './http_client.js';
import { ELASTICITY_COLUMNS, MP20_COLUMNS, MP_FIELDS, MpKind, MpRow, mpRow } from './mp_rows.js';
import { downloadPages, PagedDownloadResult } from './paged_download.js';
import { ProgressSink } from './progress_line.js';
import { ResponseFormatError } from './source_errors.js';

export const MP_API_URL = 'https://api.materialsproject.org';

export interface MpQuery {
  readonly kind: MpKind;
  /**
   * Materials containing all these elements: the summary endpoint's `elements` filter; the
   * elasticity endpoint has none, so there the documents are filtered here by their structure.
   */
  readonly elements?: readonly string[];
  /** Stop after this many documents. */
  readonly limit?: number;
  /** Documents per page (default 500; the API allows up to 1000). */
  readonly pageSize?: number;
  readonly baseUrl?: string;
}

export interface MpPage {
  readonly docs: readonly Readonly<Record<string, unknown>>[];
  readonly totalDoc?: number;
}

/** The API key from the environment, or a clear error naming the variable. */
export function mpApiKey(env: NodeJS.ProcessEnv = process.env): string {
  const key = env.MP_API_KEY?.trim();
  if (!key) throw new InputError('MP_API_KEY is not set: get a key at https://next-gen.materialsproject.org/api and export MP_API_KEY=…');
  return key;
}

/** HTTP client options for the MP API: the key as X-API-KEY header, listed as a secret. */
export function mpClientOptions(apiKey: string, options: HttpClientOptions = {}): HttpClientOptions {
  return { ...options, headers: { ...options.headers, 'X-API-KEY': apiKey }, secrets: [...(options.secrets ?? []), apiKey] };
}

export function mpPageUrl(query: MpQuery, skip: number, limit: number): string {
  const base = (query.baseUrl ?? MP_API_URL).replace(/\/+$/, '');
  const params = new URLSearchParams({ _fields: MP_FIELDS[query.kind].join(','), _limit: String(limit), _skip: String(skip) });
  if (query.kind === 'summary' && query.elements?.length) params.set('elements', query.elements.join(','));
  return `${base}/materials/${query.kind}/?${params}`;
}

/** Checks a parsed page: `data` must be an array of objects. */
export function readMpPage(value: unknown): MpPage {
  const v = value as { data?: unknown; meta?: { total_doc?: unknown } } | null;
  if (!v || typeof v !== 'object' || !Array.isArray(v.data)) throw new ResponseFormatError('Materials Project response has no data array');
  if (!v.data.every((d) => d && typeof d === 'object')) throw new ResponseFormatError('Materials Project response data holds non-objects');
  const total = v.meta?.total_doc;
  return { docs: v.data as Record<string, unknown>[], totalDoc: typeof total === 'number' ? total : undefined };
}

type MpRecord =
  | { readonly kind: 'row'; readonly row: MpRow }
  | { readonly kind: 'skip'; readonly id: string; readonly reason: string }
  | { readonly kind: 'other_elements' };

/** Element symbols of a pymatgen Structure dict's sites. */
function structureElements(structure: unknown): Set<string> {
  const sites = (structure as { sites?: { species?: { element?: string }[] }[] } | null)?.sites ?? [];
  return new Set(sites.flatMap((s) => (s.species ?? []).map((sp) => String(sp.element ?? '').replace(/[\d+-]+$/, ''))));
}

function mpRecord(query: MpQuery, doc: Readonly<Record<string, unknown>>, index: number): MpRecord {
  const { kind, elements } = query;
  if (kind === 'elasticity' && elements?.length) {
    const have = structureElements(doc.structure);
    if (!elements.every((e) => have.has(e))) return { kind: 'other_elements' };
  }
  try {
    return { kind: 'row', row: mpRow(kind, doc, index) };
  } catch (e) {
    if (e instanceof InputError) return { kind: 'skip', id: String(doc.material_id ?? `#${index}`), reason: e.message };
    throw e;
  }
}

export interface MpDownloadResult extends PagedDownloadResult {
  readonly written: number;
  readonly skipped: readonly { id: string; reason: string }[];
}

/** Downloads the query into `outPath` (CSV in the MP-20 or elasticity shape, written atomically). */
export async function downloadMaterialsProject(client: HttpClient, query: MpQuery, outPath: string, progress?: ProgressSink): Promise<MpDownloadResult> {
  const pageSize = Math.min(query.pageSize ?? 500, query.limit ?? Infinity);
  const columns = query.kind === 'summary' ? MP20_COLUMNS : ELASTICITY_COLUMNS;
  let written = 0;
  const skipped: { id: string; reason: string }[] = [];
  const result = await downloadPages<MpRecord, number>({
    outPath, progress, first: 0, limit: query.limit,
    signature: JSON.stringify({ url: mpPageUrl(query, 0, pageSize), limit: query.limit ?? null }),
    fetchPage: async (skip) => {
      const page = await client.getJson(mpPageUrl(query, skip, pageSize), readMpPage);
      const next = skip + page.docs.length;
      const more = page.docs.length > 0 && (page.totalDoc === undefined ? page.docs.length === pageSize : next < page.totalDoc);
      return { rows: page.docs.map((d, i) => mpRecord(query, d, skip + i)), next: more ? next : null, total: page.totalDoc };
    },
    writeOutput: async (records) => {
      const out = await writeRecordsCsv(outPath, columns, records);
      written = out.written;
      skipped.push(...out.skipped);
    },
  });
  return { ...result, written, skipped };
}
