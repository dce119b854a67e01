// `matalign index`: every material and modality of the given files embedded with a run into
// the LanceDB table of an index folder; `--shard i/n` embeds only that shard's materials.
import { mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { initEngine, parseBackendRequest } from '../env.js';
import { buildIndexRows, parseShard, WHOLE } from '../search/index_build.js';
import { configHash, INDEX_FORMAT, INDEX_TABLE, IndexMeta, readIndexMeta, weightsHash, writeIndexMeta } from '../search/index_meta.js';
import { ensureAnnIndex, openOrCreateTable, upsertRows } from '../search/index_table.js';
import { resolveRunDir } from '../train/pretrained_run.js';
import { loadRun } from '../train/run_dir.js';
import { CliError } from './common.js';
import { parseModalities } from './embed.js';
import { checkInputFiles } from './run_options.js';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const INDEX_USAGE = `matalign index [--run runs/NAME] --structures F.csv[.gz] ... [--synthesis R.jsonl[.gz] ...] --out INDEX_DIR
               [--shard i/n] [--modalities structure,xrd,...] [--ann auto|always|never] [--backend B]
  Embeds every material and modality into the LanceDB table of INDEX_DIR (default run: models/pretrained).
  --shard i/n (0 ≤ i < n) embeds only shard i's materials (chosen by a hash of the id); shards may run
  as separate processes in any order, and a shard run again replaces its rows. Tables of ≥ 50,000 rows
  get an IVF-PQ index (--ann auto); shard jobs pass --ann never and one last call --ann always.`;

function parseAnn(value: string | undefined): 'auto' | 'always' | 'never' {
  const v = value ?? 'auto';
  if (v !== 'auto' && v !== 'always' && v !== 'never') throw new CliError(`--ann must be auto, always or never, got '${v}'`, 2);
  return v;
}

export async function runIndexCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      run: { type: 'string' }, structures: { type: 'string', multiple: true }, synthesis: { type: 'string', multiple: true },
      out: { type: 'string' }, shard: { type: 'string' }, modalities: { type: 'string' }, ann: { type: 'string' },
      backend: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { process.stdout.write(INDEX_USAGE + '\n'); return 0; }
  if (positionals.length) throw new CliError(`unexpected argument '${positionals[0]}'`, 2);
  if (!values.out) throw new CliError('give --out INDEX_DIR', 2);
  const structureFiles = values.structures ?? [];
  const synthesisFiles = values.synthesis ?? [];
  const ann = parseAnn(values.ann);
  const shard = values.shard ? parseShard(values.shard) : WHOLE;
  const modalities = parseModalities(values.modalities);
  if (!structureFiles.length && !synthesisFiles.length && ann === 'never') throw new CliError('give --structures and/or --synthesis files', 2);
  checkInputFiles([...structureFiles, ...synthesisFiles]);
  const runDir = resolveRunDir(values.run);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  await initEngine(parseBackendRequest(values.backend ?? process.env.MATALIGN_BACKEND));
  const run = await loadRun(runDir);
  try {
    const hash = configHash(run.manifest);
    const meta: IndexMeta = {
      format: INDEX_FORMAT, runDir: resolve(runDir), configHash: hash, weightsHash: await weightsHash(runDir), dim: run.model.config.dim,
      table: INDEX_TABLE, xrdPoints: run.manifest.config.data.xrdPoints, createdAt: new Date().toISOString(),
    };
    if (existsSync(join(values.out, 'index.json'))) {
      const old = readIndexMeta(values.out);
      if (old.configHash !== hash || old.weightsHash !== meta.weightsHash) throw new CliError(`${values.out} was built with another run (${old.runDir}); give a new --out`);
    }
    await mkdir(values.out, { recursive: true });
    await writeIndexMeta(values.out, meta);
    const table = await openOrCreateTable(values.out, INDEX_TABLE, meta.dim);
    let counts = { materials: 0, rows: 0, skipped: 0 };
    if (structureFiles.length || synthesisFiles.length) {
      counts = await buildIndexRows(run, structureFiles, synthesisFiles, { shard, modalities, configHash: hash, log, onRows: (rows) => upsertRows(table, rows) });
    }
    const indexed = await ensureAnnIndex(table, meta.dim, ann);
    const total = await table.countRows();
    table.close();
    process.stdout.write(`shard ${shard.index}/${shard.count}: ${counts.rows} rows of ${counts.materials} materials → ${values.out} (table: ${total} rows${indexed ? ', IVF-PQ index built' : ''})\n`);
    return 0;
  } finally {
    run.model.dispose();
  }
}
