// `matalign embed`: embeddings of every material and modality of the given files, with a trained run.
import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isModality, Modality } from '../config.js';
import { initEngine, parseBackendRequest } from '../env.js';
import { prepareRunData } from '../eval/run_data.js';
import { embedMaterialsAsync } from '../train/embedding.js';
import { Progress } from '../train/progress.js';
import { resolveRunDir } from '../train/pretrained_run.js';
import { loadRun } from '../train/run_dir.js';
import { CliError } from './common.js';
import { checkInputFiles } from './run_options.js';

export const EMBED_USAGE = `matalign embed [--run runs/NAME] --structures F.csv[.gz] ... [--synthesis F.jsonl[.gz] ...]
               [--modalities structure,xrd,...] --out F.jsonl [--backend B]
  Writes one JSON line per material and modality: {"id", "modality", "embedding": [...]}.
  Without --run, the pretrained run shipped in models/pretrained is used.`;

export function parseModalities(value: string | undefined): Modality[] | undefined {
  if (value === undefined) return undefined;
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const m of list) if (!isModality(m)) throw new CliError(`--modalities: unknown modality '${m}' (structure, composition, text, xrd, micrograph)`, 2);
  return list as Modality[];
}

export async function runEmbedCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      run: { type: 'string' }, structures: { type: 'string', multiple: true }, synthesis: { type: 'string', multiple: true },
      modalities: { type: 'string' }, out: { type: 'string' }, backend: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { process.stdout.write(EMBED_USAGE + '\n'); return 0; }
  if (positionals.length) throw new CliError(`unexpected argument '${positionals[0]}'`, 2);
  if (!values.out) throw new CliError('give --out F.jsonl', 2);
  const structureFiles = values.structures ?? [];
  const synthesisFiles = values.synthesis ?? [];
  if (!structureFiles.length && !synthesisFiles.length) throw new CliError('give --structures and/or --synthesis files', 2);
  checkInputFiles([...structureFiles, ...synthesisFiles]);
  const modalities = parseModalities(values.modalities);
  await initEngine(parseBackendRequest(values.backend ?? process.env.MATALIGN_BACKEND));
  const run = await loadRun(resolveRunDir(values.run));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const { data, ctx, modalities: used } = await prepareRunData(run, structureFiles, synthesisFiles, { modalities, log, scope: 'all' });
  const indices = data.set.materials.map((_, i) => i);
  const progress = new Progress('embed', indices.length);
  const embeddings = await embedMaterialsAsync(run.model, ctx, indices, used, 128, (done) => progress.update(done));
  const tmp = `${values.out}.tmp`;
  const out = createWriteStream(tmp);
  let lines = 0;
  for (const [modality, e] of embeddings) {
    for (let r = 0; r < e.materials.length; r++) {
      const id = data.set.materials[indices[e.materials[r]!]!]!.id;
      const embedding = Array.from(e.values.subarray(r * e.dim, (r + 1) * e.dim), (v) => Number(v.toPrecision(6)));
      if (!out.write(JSON.stringify({ id, modality, embedding }) + '\n')) await new Promise<void>((res) => out.once('drain', () => res()));
      lines++;
    }
  }
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
  await rename(tmp, values.out);
  process.stdout.write(`${lines} embeddings (${[...embeddings.keys()].join(', ')}) of ${indices.length} materials → ${values.out}\n`);
  run.model.dispose();
  return 0;
}
