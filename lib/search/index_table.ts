// The LanceDB table of a search index: one row per (material, modality) with its unit
// embedding, descriptive columns and the simulated XRD peaks used by profile re-ranking.
// Writes merge on (id, modality), so shards appended in any order by separate processes,
// or a shard written twice, give the same table as one process.
import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';

type LanceModule = typeof import('@lancedb/lancedb');
type Table = import('@lancedb/lancedb').Table;

/** One row of the table. */
export interface IndexRow {
  readonly id: string;
  readonly modality: string;
  readonly formula: string;
  /** International space-group number, null when unknown (recipe-only materials). */
  readonly spacegroup: number | null;
  /** Element symbols, sorted by atomic number. */
  readonly elements: string[];
  /** The file the material was read from, its 1-based row there (null for recipe-only materials), and `file:row` or the recipe id. */
  readonly source_file: string;
  readonly source_row: number | null;
  readonly source: string;
  readonly config_hash: string;
  /** 'i/n' of the `--shard` that wrote the row ('0/1' without sharding). */
  readonly shard: string;
  /** Simulated peaks (Cu Kα): 2θ in ° and intensity 0–100; empty without a structure. */
  readonly peaks_two_theta: number[];
  readonly peaks_intensity: number[];
  /** [D] float32 unit vector. */
  readonly vector: Float32Array | number[];
}

/** Rows above which the table gets an ANN (IVF-PQ) index; below it, search is exact (flat). */
export const ANN_MIN_ROWS = 50_000;

let lance: LanceModule | null = null;

/** The LanceDB module, loaded on first use with its native log quiet unless LANCEDB_LOG says otherwise. */
export async function lancedb(): Promise<LanceModule> {
  if (!lance) {
    process.env.LANCEDB_LOG ??= 'error';
    lance = await import('@lancedb/lancedb');
  }
  return lance;
}

async function tableSchema(dim: number) {
  const a = await import('apache-arrow');
  const list = (t: InstanceType<typeof a.Float32> | InstanceType<typeof a.Utf8>) => new a.List(new a.Field('item', t, true));
  return new a.Schema([
    new a.Field('id', new a.Utf8(), false),
    new a.Field('modality', new a.Utf8(), false),
    new a.Field('formula', new a.Utf8(), false),
    new a.Field('spacegroup', new a.Int32(), true),
    new a.Field('elements', list(new a.Utf8()), false),
    new a.Field('source_file', new a.Utf8(), false),
    new a.Field('source_row', new a.Int32(), true),
    new a.Field('source', new a.Utf8(), false),
    new a.Field('config_hash', new a.Utf8(), false),
    new a.Field('shard', new a.Utf8(), false),
    new a.Field('peaks_two_theta', list(new a.Float32()), false),
    new a.Field('peaks_intensity', list(new a.Float32()), false),
    new a.Field('vector', new a.FixedSizeList(dim, new a.Field('item', new a.Float32(), true)), false),
  ]);
}

/** Opens the table of an index folder; a damaged or missing table is one clear InputError. */
export async function openIndexTable(dir: string, name: string): Promise<Table> {
  const { connect } = await lancedb();
  try {
    const db = await connect(dir);
    return await db.openTable(name);
  } catch (e) {
    const why = (e as Error).message.split('\n')[0]!.slice(0, 200);
    throw new InputError(`${dir}: the index table '${name}' cannot be read (${why}); rebuild it with 'matalign index'`);
  }
}

/** Opens the table, creating it empty when absent (several processes may race here). */
export async function openOrCreateTable(dir: string, name: string, dim: number): Promise<Table> {
  const { connect } = await lancedb();
  const db = await connect(dir);
  if (existsSync(`${dir}/${name}.lance`)) return openIndexTable(dir, name);
  return db.createEmptyTable(name, await tableSchema(dim), { mode: 'create', existOk: true });
}

/** Inserts rows, replacing any row with the same (id, modality). */
export async function upsertRows(table: Table, rows: readonly IndexRow[]): Promise<void> {
  if (rows.length === 0) return;
  const data = rows.map((r) => ({ ...r, vector: Array.from(r.vector) }));
  await table.mergeInsert(['id', 'modality']).whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(data);
}

/** Builds (or rebuilds) the IVF-PQ cosine index when the table is large enough; returns whether it did. */
export async function ensureAnnIndex(table: Table, dim: number, mode: 'auto' | 'always' | 'never'): Promise<boolean> {
  if (mode === 'never') return false;
  const rows = await table.countRows();
  if (mode === 'auto' && rows < ANN_MIN_ROWS) return false;
  if (mode === 'auto') {
    const stats = await table.indexStats('vector_idx').catch(() => undefined);
    if (stats && stats.numUnindexedRows < 0.1 * rows) return false;
  }
  const { Index } = await lancedb();
  // ~√rows partitions; PQ sub-vectors of 4–8 dimensions each.
  const numPartitions = Math.max(1, Math.min(4096, Math.round(Math.sqrt(rows))));
  const numSubVectors = dim % 8 === 0 ? dim / 8 : dim % 4 === 0 ? dim / 4 : 1;
  await table.createIndex('vector', { config: Index.ivfPq({ distanceType: 'cosine', numPartitions, numSubVectors }), replace: true });
  return true;
}

/** Whether the table has a vector index. */
export async function hasAnnIndex(table: Table): Promise<boolean> {
  return (await table.listIndices()).some((i) => i.columns.includes('vector'));
}
