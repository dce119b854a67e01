// Phase search on measured A-Lab precursor-mixture scans against every shared MP-20 structure:
// the rank of each constituent phase the gallery holds (any polymorph of its composition), for
// embedding search, embedding shortlist + profile re-rank and the classic profile-only
// baseline, with and without the mixture's elements as filter. Then XRD → structure top-1/10
// on the run's held-out split (simulated patterns with a drawn lattice scale, as measured
// scans would differ from DFT cells). JSON lines.
// usage: npx tsx bench/search_alab.ts [--run models/pretrained] [--index DIR] [--structures F ...]
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readLabelledXrdml } from '../lib/data/characterization/xrdml.js';
import { compositionKey } from '../lib/data/chemistry/composition_key.js';
import { parseFormula } from '../lib/data/chemistry/formula.js';
import { initEngine } from '../lib/env.js';
import { buildIndexRows } from '../lib/search/index_build.js';
import { configHash, INDEX_FORMAT, INDEX_TABLE, weightsHash, writeIndexMeta } from '../lib/search/index_meta.js';
import { openOrCreateTable, upsertRows } from '../lib/search/index_table.js';
import { ProfileCache } from '../lib/search/profile_match.js';
import { loadQueryRun, openSearchIndex, searchProfileOnly, searchVector, SearchIndex, SearchResult } from '../lib/search/query.js';
import { encodeQuery } from '../lib/search/query_encode.js';
import { scanToProfile } from '../lib/data/characterization/xrd_measured.js';
import { PROFILE_RANGE } from '../lib/data/paired/xrd_augment.js';
import { pretrainedRunDir } from '../lib/train/pretrained_run.js';
import { loadRun, readRunSplit } from '../lib/train/run_dir.js';
import { heldOutRetrieval } from './search_heldout.js';
import { emit } from './machine.js';

const SHARED = '../shared/data';
const { values } = parseArgs({
  options: {
    run: { type: 'string' }, index: { type: 'string' }, structures: { type: 'string', multiple: true },
    scans: { type: 'string' }, labels: { type: 'string' }, 'skip-heldout': { type: 'boolean' },
  },
});
const runDir = values.run ?? pretrainedRunDir();
const structureFiles = values.structures ?? [`${SHARED}/mp20/train_partial.csv.gz`, `${SHARED}/mp20/val_partial.csv.gz`];
const indexDir = values.index ?? join(mkdtempSync(join(tmpdir(), 'matalign-alab-')), 'index');
const log = (line: string) => process.stderr.write(`${line}\n`);

await initEngine('wasm');

async function buildIfMissing(): Promise<void> {
  if (existsSync(join(indexDir, 'index.json'))) return;
  const run = await loadRun(runDir);
  const meta = {
    format: INDEX_FORMAT, runDir, configHash: configHash(run.manifest), weightsHash: await weightsHash(runDir), dim: run.model.config.dim,
    table: INDEX_TABLE, xrdPoints: run.manifest.config.data.xrdPoints, createdAt: new Date().toISOString(),
  } as const;
  const { mkdir } = await import('node:fs/promises');
  await mkdir(indexDir, { recursive: true });
  await writeIndexMeta(indexDir, meta);
  const table = await openOrCreateTable(indexDir, INDEX_TABLE, meta.dim);
  const t = performance.now();
  const counts = await buildIndexRows(run, structureFiles, [], { modalities: ['structure'], configHash: meta.configHash, log, onRows: (rows) => upsertRows(table, rows) });
  const seconds = (performance.now() - t) / 1000;
  emit({ bench: 'search_index_build', modalities: ['structure'], materials: counts.materials, rows: counts.rows, seconds: +seconds.toFixed(1), rows_per_s: +(counts.rows / seconds).toFixed(1) });
  table.close();
  run.model.dispose();
}

/** Composition key → gallery ids of that composition. */
async function galleryKeys(index: SearchIndex): Promise<Map<string, Set<string>>> {
  const rows = await index.table.query().where("modality = 'structure'").select(['id', 'formula']).toArray();
  const byKey = new Map<string, Set<string>>();
  for (const r of rows) {
    const key = compositionKey(parseFormula(String(r.formula)));
    if (!byKey.has(key)) byKey.set(key, new Set());
    byKey.get(key)!.add(String(r.id));
  }
  return byKey;
}

const rankOf = (results: readonly SearchResult[], ids: ReadonlySet<string>) => {
  const hit = results.find((r) => ids.has(r.id));
  return hit ? hit.rank : null;
};

await buildIfMissing();
const index = await openSearchIndex(indexDir);
const run = await loadQueryRun(index, runDir);
const keys = await galleryKeys(index);
const galleryRows = await index.table.countRows("modality = 'structure'");
const P = index.meta.xrdPoints;
const { scans } = await readLabelledXrdml(values.scans ?? `${SHARED}/alab_xrd_dara/xrdml_shared.zip`, values.labels ?? `${SHARED}/alab_xrd_dara/labels.csv.gz`);
const mixtures = scans.filter((s) => s.labels.subset === 'precursor_mixture');
const cache: ProfileCache = new Map();
type Method = 'embedding' | 'embedding+profile' | 'profile_only';
const tally = new Map<string, { constituents: number; top1: number; top10: number; ranks: (number | null)[] }>();

for (const { scan, labels } of mixtures) {
  const phases = (JSON.parse(labels.precursors_json!) as { formula: string }[]).map((p) => p.formula);
  const elements = [...new Set(phases.flatMap((f) => [...parseFormula(f).keys()]))];
  const profile = scanToProfile(scan, { points: P, twoThetaRange: [PROFILE_RANGE[0], PROFILE_RANGE[1]] });
  const q = await encodeQuery(run, { kind: 'profile', profile });
  const record: Record<string, unknown> = { bench: 'search_alab_scan', scan: scan.name, scan_min: Number(labels.scan_time_min), elements };
  for (const filtered of [true, false]) {
    const opts = { elements: filtered ? elements : undefined, profileCache: cache };
    const lists: Record<Method, SearchResult[]> = {
      embedding: await searchVector(index, q.vector, null, { ...opts, k: galleryRows }),
      'embedding+profile': await searchVector(index, q.vector, profile, { ...opts, k: 200, rerank: 'profile', shortlist: 200 }),
      profile_only: await searchProfileOnly(index, profile, { ...opts, k: galleryRows }),
    };
    for (const [method, results] of Object.entries(lists)) {
      const name = `${method}${filtered ? '|elements' : '|no_filter'}`;
      const t = tally.get(name) ?? { constituents: 0, top1: 0, top10: 0, ranks: [] };
      const ranks: Record<string, number | null> = {};
      for (const phase of phases) {
        const ids = keys.get(compositionKey(parseFormula(phase)));
        if (!ids) continue;
        const rank = rankOf(results, ids);
        ranks[phase] = rank;
        if (labels.scan_time_min === '8') {
          t.constituents++;
          if (rank !== null && rank <= 1) t.top1++;
          if (rank !== null && rank <= 10) t.top10++;
          t.ranks.push(rank);
        }
      }
      tally.set(name, t);
      record[name] = ranks;
    }
  }
  record.not_in_gallery = phases.filter((p) => !keys.has(compositionKey(parseFormula(p))));
  emit(record);
}
for (const [name, t] of tally) {
  const [method, filter] = name.split('|');
  emit({ bench: 'search_alab', scans: '8-min', method, filter, constituents_in_gallery: t.constituents, top1: t.top1, top10: t.top10, ranks: t.ranks, gallery: galleryRows });
}
if (!values['skip-heldout']) {
  const split = await readRunSplit(runDir);
  if (!split) throw new Error(`${runDir} records no split (split.json)`);
  for (const line of await heldOutRetrieval(run, structureFiles, { train: [...split.train], val: [...split.val] })) emit(line);
}
run.model.dispose();
index.table.close();
