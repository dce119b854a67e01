// `matalign search`: a query of any modality against an index built by `matalign index`.
import { parseArgs } from 'node:util';
import { isModality, Modality } from '../config.js';
import { initEngine, parseBackendRequest } from '../env.js';
import { loadQueryRun, openSearchIndex, searchVector, SearchResult } from '../search/query.js';
import { encodeQuery, SearchQuery } from '../search/query_encode.js';
import { CliError } from './common.js';
import { checkInputFiles, parsePositiveInt } from './run_options.js';

export const SEARCH_USAGE = `matalign search --index INDEX_DIR (--cif F.cif | --xrd scan.xrdml | --text "…" | --image F.png | --formula Li3PS4)
               [--target-modality structure] [--elements V,Ni,O] [-k 10] [--json]
               [--rerank profile [--shortlist 200|all]] [--run runs/NAME] [--backend B]
  Ranks the index's materials by cosine to the query, encoded with the run that built the index.
  --elements: only materials whose elements all lie in the set. --rerank profile re-ranks an embedding
  shortlist by the cosine of powder profiles; --shortlist all ranks every material by profile alone.`;

function parseQuery(values: Record<string, string | boolean | undefined>): SearchQuery {
  const given = (['cif', 'xrd', 'text', 'image', 'formula'] as const).filter((k) => values[k] !== undefined);
  if (given.length !== 1) throw new CliError('give exactly one query: --cif, --xrd, --text, --image or --formula', 2);
  const kind = given[0]!;
  const value = String(values[kind]);
  if (kind === 'cif' || kind === 'xrd' || kind === 'image') { checkInputFiles([value]); return { kind, path: value }; }
  return kind === 'text' ? { kind, text: value } : { kind, formula: value };
}

function parseElements(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter(Boolean);
}

function parseShortlist(value: string | undefined): number | 'all' {
  if (value === 'all') return 'all';
  return parsePositiveInt('shortlist', value, 200);
}

function formatTable(results: readonly SearchResult[]): string {
  const lines = [`${'rank'.padStart(4)}  ${'score'.padStart(7)}  ${'id'.padEnd(16)} ${'formula'.padEnd(16)} ${'sg'.padStart(3)}  source`];
  for (const r of results) {
    lines.push(`${String(r.rank).padStart(4)}  ${r.score.toFixed(4).padStart(7)}  ${r.id.padEnd(16)} ${r.formula.padEnd(16)} ${String(r.spacegroup ?? '-').padStart(3)}  ${r.source}`);
  }
  return lines.join('\n') + '\n';
}

export async function runSearchCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      index: { type: 'string' }, cif: { type: 'string' }, xrd: { type: 'string' }, text: { type: 'string' }, image: { type: 'string' },
      formula: { type: 'string' }, 'target-modality': { type: 'string' }, elements: { type: 'string' }, k: { type: 'string', short: 'k' },
      json: { type: 'boolean' }, rerank: { type: 'string' }, shortlist: { type: 'string' }, run: { type: 'string' },
      backend: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { process.stdout.write(SEARCH_USAGE + '\n'); return 0; }
  if (positionals.length) throw new CliError(`unexpected argument '${positionals[0]}'`, 2);
  if (!values.index) throw new CliError('give --index INDEX_DIR', 2);
  const query = parseQuery(values);
  const target = values['target-modality'] ?? 'structure';
  if (!isModality(target)) throw new CliError(`--target-modality: unknown modality '${target}' (structure, composition, text, xrd, micrograph)`, 2);
  const rerank = values.rerank ?? 'none';
  if (rerank !== 'none' && rerank !== 'profile') throw new CliError(`--rerank must be profile or none, got '${rerank}'`, 2);
  if (values.shortlist !== undefined && rerank !== 'profile') throw new CliError('--shortlist goes with --rerank profile', 2);
  const k = parsePositiveInt('k', values.k, 10);
  const shortlist = parseShortlist(values.shortlist);
  const elements = parseElements(values.elements);
  const index = await openSearchIndex(values.index);
  await initEngine(parseBackendRequest(values.backend ?? process.env.MATALIGN_BACKEND));
  const run = await loadQueryRun(index, values.run);
  try {
    const encoded = await encodeQuery(run, query);
    const results = await searchVector(index, encoded.vector, encoded.profile, { targetModality: target as Modality, elements, k, rerank, shortlist });
    if (values.json) {
      const q = { ...encoded.description, modality: encoded.modality, target_modality: target, filter_elements: elements ?? null, k, rerank, ...(rerank === 'profile' ? { shortlist } : {}) };
      process.stdout.write(JSON.stringify({ query: q, results }) + '\n');
    } else process.stdout.write(formatTable(results));
    return 0;
  } finally {
    run.model.dispose();
    index.table.close();
  }
}
