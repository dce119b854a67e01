// Searching an index: open it (metadata + table), load the run that built it (refusing any
// other), and rank materials of a target modality by cosine to an encoded query — exact on
// small tables, IVF-PQ with refinement on large ones — optionally inside an element set and
// re-ranked by powder-profile similarity.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isModality, Modality } from '../config.js';
import { isElementSymbol } from '../data/chemistry/elements.js';
import { engineInfo, initEngine } from '../env.js';
import { InputError } from '../errors.js';
import { pretrainedRunDir } from '../train/pretrained_run.js';
import { LoadedRun, loadRun, readManifest } from '../train/run_dir.js';
import { checkRunMatches, IndexMeta, readIndexMeta } from './index_meta.js';
import { hasAnnIndex, openIndexTable } from './index_table.js';
import { ProfileCache, rankByProfile } from './profile_match.js';

type Table = import('@lancedb/lancedb').Table;

export interface SearchIndex {
  readonly dir: string;
  readonly meta: IndexMeta;
  readonly table: Table;
  /** Whether the table has an ANN index (else search is exact). */
  readonly ann: boolean;
}

export interface SearchResult {
  readonly rank: number;
  readonly id: string;
  readonly formula: string;
  readonly spacegroup: number | null;
  /** Cosine similarity: of embeddings, or of profiles when re-ranked. */
  readonly score: number;
  readonly modality: string;
  readonly source: string;
}

export interface SearchOptions {
  /** Modality of the rows ranked (default 'structure'). */
  readonly targetModality?: Modality;
  /** Only materials whose elements all lie in this set. */
  readonly elements?: readonly string[];
  readonly k?: number;
  /** 'profile': re-rank by profile cosine (needs a query profile). */
  readonly rerank?: 'none' | 'profile';
  /** Embedding shortlist re-ranked (default 200), or 'all': every row in the filter (the classic baseline). */
  readonly shortlist?: number | 'all';
  readonly profileCache?: ProfileCache;
}

/** Opens an index folder; anything missing or damaged is one clear InputError. */
export async function openSearchIndex(dir: string): Promise<SearchIndex> {
  const meta = readIndexMeta(dir);
  const table = await openIndexTable(dir, meta.table);
  try {
    await table.countRows();
    return { dir, meta, table, ann: await hasAnnIndex(table) };
  } catch (e) {
    throw new InputError(`${dir}: the index table cannot be read (${(e as Error).message.split('\n')[0]!.slice(0, 200)}); rebuild it with 'matalign index'`);
  }
}

/** The run for queries: the one given, else the index's own, else the shipped one — refused unless it built the index. */
export async function loadQueryRun(index: SearchIndex, runDir?: string): Promise<LoadedRun> {
  const dir = runDir ?? (existsSync(join(index.meta.runDir, 'run.json')) ? index.meta.runDir : pretrainedRunDir());
  if (!engineInfo()) await initEngine();
  // Refuse a mismatched run before building its model (its weights may not even fit this code).
  await checkRunMatches(index.meta, await readManifest(dir), dir);
  return loadRun(dir);
}

/** SQL filter of a target modality and an element set (each material's elements ⊆ the set). */
export function searchFilter(targetModality: string, elements?: readonly string[]): string {
  if (!isModality(targetModality)) throw new InputError(`unknown modality '${targetModality}' (structure, composition, text, xrd, micrograph)`);
  const parts = [`modality = '${targetModality}'`];
  if (elements) {
    const bad = elements.filter((e) => !isElementSymbol(e));
    if (bad.length) throw new InputError(`--elements: unknown element symbol '${bad[0]}'`);
    if (!elements.length) throw new InputError('--elements: give at least one element symbol');
    parts.push(`array_has_all([${elements.map((e) => `'${e}'`).join(', ')}], elements)`);
  }
  return parts.join(' AND ');
}

const COLUMNS = ['id', 'formula', 'spacegroup', 'modality', 'source'];
const PEAK_COLUMNS = ['peaks_two_theta', 'peaks_intensity'];

interface Row {
  id: string; formula: string; spacegroup: number | null; modality: string; source: string;
  peaks_two_theta: number[]; peaks_intensity: number[]; _distance?: number;
}

function toPlain(r: Record<string, unknown>): Row {
  const list = (v: unknown) => (v && typeof (v as { toArray?: unknown }).toArray === 'function' ? Array.from((v as { toArray(): ArrayLike<number> }).toArray()) : (v as number[] | undefined) ?? []);
  return {
    id: String(r.id), formula: String(r.formula), spacegroup: r.spacegroup === null || r.spacegroup === undefined ? null : Number(r.spacegroup),
    modality: String(r.modality), source: String(r.source), peaks_two_theta: list(r.peaks_two_theta), peaks_intensity: list(r.peaks_intensity),
    _distance: r._distance === undefined ? undefined : Number(r._distance),
  };
}

async function nearest(index: SearchIndex, vector: Float32Array, filter: string, limit: number, withPeaks: boolean): Promise<Row[]> {
  if (vector.length !== index.meta.dim) throw new InputError(`query has ${vector.length} dimensions, the index ${index.meta.dim}`);
  let q = index.table.vectorSearch(Array.from(vector)).distanceType('cosine').where(filter).limit(limit)
    .select([...COLUMNS, ...(withPeaks ? PEAK_COLUMNS : [])]);
  if (index.ann) q = q.nprobes(32).refineFactor(10);
  return (await q.toArray()).map(toPlain);
}

/** Every row in the filter, with peaks (the classic baseline's gallery). */
async function allRows(index: SearchIndex, filter: string): Promise<Row[]> {
  return (await index.table.query().where(filter).select([...COLUMNS, ...PEAK_COLUMNS]).toArray()).map(toPlain);
}

const result = (r: Row, rank: number, score: number): SearchResult => ({
  rank, id: r.id, formula: r.formula, spacegroup: r.spacegroup, score: Number(score.toFixed(6)), modality: r.modality, source: r.source,
});

/**
 * The k best materials of the target modality for an encoded query: by embedding cosine, or
 * re-ranked by profile cosine (`rerank: 'profile'`; shortlist 'all' is the classic baseline).
 */
export async function searchVector(index: SearchIndex, vector: Float32Array, profile: Float32Array | null, options: SearchOptions = {}): Promise<SearchResult[]> {
  const k = options.k ?? 10;
  if (!(Number.isInteger(k) && k >= 1)) throw new InputError(`-k must be a positive integer, got ${k}`);
  const filter = searchFilter(options.targetModality ?? 'structure', options.elements);
  if ((options.rerank ?? 'none') === 'none') {
    return (await nearest(index, vector, filter, k, false)).map((r, i) => result(r, i + 1, 1 - (r._distance ?? 1)));
  }
  if (!profile) throw new InputError('--rerank profile needs a query with a powder pattern (--xrd or --cif)');
  const shortlist = options.shortlist ?? 200;
  const rows = shortlist === 'all' ? await allRows(index, filter) : await nearest(index, vector, filter, Math.max(k, shortlist), true);
  return rankByProfile(profile, rows, options.profileCache).slice(0, k).map((r, i) => result(r.item, i + 1, r.score));
}

/** The classic search-match baseline: every row in the filter ranked by profile cosine alone. */
export async function searchProfileOnly(index: SearchIndex, profile: Float32Array, options: Omit<SearchOptions, 'rerank' | 'shortlist'> = {}): Promise<SearchResult[]> {
  const k = options.k ?? 10;
  const rows = await allRows(index, searchFilter(options.targetModality ?? 'structure', options.elements));
  return rankByProfile(profile, rows, options.profileCache).slice(0, k).map((r, i) => result(r.item, i + 1, r.score));
}
