// Index build throughput and query latency of the search table at 10k, 100k and 1M rows of
// synthetic unit vectors (D = 64, the small preset's width): exact (flat) search on small
// tables, IVF-PQ with refinement on large ones, with the recall@10 of the ANN against exact.
// The table lives in a temporary folder deleted at the end.
// usage: npx tsx bench/search_latency.ts [--sizes 10000,100000,1000000] [--dim 64] [--queries 50]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { Rng } from '../lib/rng.js';
import { ensureAnnIndex, IndexRow, openOrCreateTable } from '../lib/search/index_table.js';
import { emit } from './machine.js';

const { values } = parseArgs({ options: { sizes: { type: 'string' }, dim: { type: 'string' }, queries: { type: 'string' }, dir: { type: 'string' } } });
const sizes = (values.sizes ?? '10000,100000,1000000').split(',').map(Number);
const D = Number(values.dim ?? 64);
const Q = Number(values.queries ?? 50);
const ELEMENTS = ['H', 'Li', 'C', 'N', 'O', 'F', 'Na', 'Mg', 'Al', 'Si', 'P', 'S', 'Cl', 'K', 'Ca', 'Ti', 'V', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn', 'Zr', 'Nb', 'Mo', 'La', 'Bi'];

function unitVector(rng: Rng): Float32Array {
  const v = Float32Array.from({ length: D }, () => rng.normal());
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

function rows(start: number, count: number, rng: Rng): IndexRow[] {
  return Array.from({ length: count }, (_, j) => ({
    id: `syn-${start + j}`, modality: 'structure', formula: 'X', spacegroup: 1 + ((start + j) % 230),
    elements: [rng.pick(ELEMENTS), rng.pick(ELEMENTS), 'O'], source_file: 'synthetic', source_row: start + j, source: `synthetic:${start + j}`,
    config_hash: 'synthetic', shard: '0/1', peaks_two_theta: [], peaks_intensity: [], vector: unitVector(rng),
  }));
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

async function timeQueries(table: import('@lancedb/lancedb').Table, queries: Float32Array[], ann: boolean, filter: string | null): Promise<{ ms: number[]; ids: string[][] }> {
  const ms: number[] = [];
  const ids: string[][] = [];
  for (const q of queries) {
    const t = performance.now();
    let s = table.vectorSearch(Array.from(q)).distanceType('cosine').limit(10).select(['id']);
    if (filter) s = s.where(filter);
    s = ann ? s.nprobes(32).refineFactor(10) : s.bypassVectorIndex();
    const r = await s.toArray();
    ms.push(performance.now() - t);
    ids.push(r.map((x) => String(x.id)));
  }
  return { ms, ids };
}

const root = values.dir ?? mkdtempSync(join(tmpdir(), 'matalign-bench-search-'));
try {
  for (const n of sizes) {
    const dir = join(root, `n${n}`);
    const rng = new Rng(n);
    const table = await openOrCreateTable(dir, 'materials', D);
    const t0 = performance.now();
    const batch = 50_000;
    for (let s = 0; s < n; s += batch) await table.add(rows(s, Math.min(batch, n - s), rng).map((r) => ({ ...r, vector: Array.from(r.vector) })));
    const addSeconds = (performance.now() - t0) / 1000;
    let annSeconds = 0;
    const ann = n >= 50_000;
    if (ann) {
      const t1 = performance.now();
      await ensureAnnIndex(table, D, 'always');
      annSeconds = (performance.now() - t1) / 1000;
    }
    const queries = Array.from({ length: Q }, () => unitVector(rng));
    const filter = "modality = 'structure' AND array_has_all(['Li', 'Ni', 'Mn', 'Co', 'O'], elements)";
    await timeQueries(table, queries.slice(0, 3), ann, null); // warm-up
    const flat = await timeQueries(table, queries, false, null);
    const approx = ann ? await timeQueries(table, queries, true, null) : null;
    const filtered = await timeQueries(table, queries, ann, filter);
    const recall = approx ? approx.ids.reduce((a, got, i) => a + got.filter((id) => flat.ids[i]!.includes(id)).length / 10, 0) / Q : 1;
    const disk = execFileSync('du', ['-sm', dir]).toString().split('\t')[0];
    const summary = (ms: number[]) => ({ median: +percentile(ms, 0.5).toFixed(2), p95: +percentile(ms, 0.95).toFixed(2) });
    emit({
      bench: 'search_latency', rows: n, dim: D, queries: Q, add_rows_per_s: Math.round(n / addSeconds), ann_index_s: +annSeconds.toFixed(1),
      flat_ms: summary(flat.ms), ann_ms: approx ? summary(approx.ms) : null, ann_recall_at_10: +recall.toFixed(3),
      filtered_ms: summary(filtered.ms), disk_mb: Number(disk),
    });
    table.close();
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  if (!values.dir) rmSync(root, { recursive: true, force: true });
}
