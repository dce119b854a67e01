// `matalign data optimade|mp|webbook`: downloads through the shared HTTP layer (rate limit,
// retries, disk cache, resumable paging) and writes outputs atomically.
import { parseArgs } from 'node:util';
import { HttpClient, HttpClientOptions } from '../data/sources/http_client.js';
import { downloadMaterialsProject, mpApiKey, mpClientOptions } from '../data/sources/materials_project.js';
import { downloadOptimade, parsePropertySpec } from '../data/sources/optimade.js';
import { ProgressLine } from '../data/sources/progress_line.js';
import { lookupWebbook, WebbookQuery } from '../data/sources/webbook.js';
import { writeWebbookResult } from '../data/sources/webbook_output.js';
import { CliError, parseNumberOption } from './common.js';

const CLIENT_OPTIONS_USAGE = `  common: [--cache DIR (default data/.http_cache) | --no-cache] [--rate REQ_PER_S] [--retries N] [--backoff-ms MS]`;

export const OPTIMADE_USAGE = `matalign data optimade --base-url URL --filter 'FILTER' --out F.csv [--limit N] [--page-limit N]
    [--properties field[=column],…]
${CLIENT_OPTIONS_USAGE}
  Pages through <URL>/v1/structures (links.next), converts each entry to a P1 CIF and writes
  material_id, formula, the properties (e.g. _oqmd_delta_e=formation_energy_per_atom; a field
  without =column gets its name without the _provider_ prefix) and cif. An interrupted run
  resumes where it stopped when run again with the same arguments.`;

export const MP_USAGE = `matalign data mp --kind summary|elasticity --out F.csv [--elements Si,O] [--limit N] [--page-size N]
    [--base-url URL]
${CLIENT_OPTIONS_USAGE}
  Materials Project API (key from MP_API_KEY, sent as X-API-KEY and never printed); --limit
  counts documents fetched. summary →
  the MP-20 columns; elasticity → the MP elasticity columns (K_VRH, G_VRH in GPa).`;

export const WEBBOOK_USAGE = `matalign data webbook (--formula F | --name N | --cas C) --out F.json|F.csv [--spectra ir]
    [--max-spectra N] [--base-url URL]
${CLIENT_OPTIONS_USAGE}
  NIST Chemistry WebBook: condensed-phase thermochemistry (ΔfH°solid kJ/mol, S°solid J/mol·K,
  with units and references) and optionally IR spectra (JCAMP-DX). Several matches → the list.`;

const CLIENT_OPTIONS = {
  cache: { type: 'string' }, 'no-cache': { type: 'boolean' }, rate: { type: 'string' }, retries: { type: 'string' },
  'backoff-ms': { type: 'string' }, help: { type: 'boolean', short: 'h' },
} as const;

type ClientValues = { cache?: string; 'no-cache'?: boolean; rate?: string; retries?: string; 'backoff-ms'?: string };

function printUsage(usage: string): number {
  process.stdout.write(`usage: ${usage}\n`);
  return 0;
}

function clientOptions(values: ClientValues): HttpClientOptions {
  return {
    cacheDir: values['no-cache'] ? null : values.cache ?? 'data/.http_cache',
    requestsPerSecond: parseNumberOption('rate', values.rate, 2),
    retry: { maxRetries: parseNumberOption('retries', values.retries, 5), backoffBaseMs: parseNumberOption('backoff-ms', values['backoff-ms'], 1000) },
  };
}

function optionalCount(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = parseNumberOption(name, value, 0);
  if (!(Number.isInteger(n) && n > 0)) throw new CliError(`--${name} must be a positive integer, got '${value}'`, 2);
  return n;
}

function requireOption(value: string | undefined, name: string, usage: string): string {
  if (!value) throw new CliError(`--${name} is required\nusage: ${usage}`, 2);
  return value;
}

function reportDownload(out: string, r: { written: number; pages: number; resumedRows: number; skipped: readonly { id: string; reason: string }[] }): void {
  const resumed = r.resumedRows > 0 ? `, resumed after ${r.resumedRows} entries` : '';
  process.stdout.write(`wrote ${out}: ${r.written} rows (${r.pages} pages fetched${resumed})\n`);
  if (r.skipped.length > 0) {
    process.stderr.write(`skipped ${r.skipped.length}:\n`);
    for (const s of r.skipped) process.stderr.write(`  ${s.id}: ${s.reason}\n`);
  }
}

export async function runOptimadeDownload(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: {
    ...CLIENT_OPTIONS, 'base-url': { type: 'string' }, filter: { type: 'string' }, out: { type: 'string' }, limit: { type: 'string' },
    'page-limit': { type: 'string' }, properties: { type: 'string' },
  } });
  if (values.help) return printUsage(OPTIMADE_USAGE);
  const out = requireOption(values.out, 'out', OPTIMADE_USAGE);
  const query = {
    baseUrl: requireOption(values['base-url'], 'base-url', OPTIMADE_USAGE), filter: requireOption(values.filter, 'filter', OPTIMADE_USAGE),
    limit: optionalCount('limit', values.limit), pageLimit: optionalCount('page-limit', values['page-limit']),
    properties: parsePropertySpec(values.properties ?? ''),
  };
  const client = new HttpClient(clientOptions(values));
  reportDownload(out, await downloadOptimade(client, query, out, new ProgressLine('optimade')));
  return 0;
}

export async function runMpDownload(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: {
    ...CLIENT_OPTIONS, kind: { type: 'string' }, elements: { type: 'string' }, out: { type: 'string' }, limit: { type: 'string' },
    'page-size': { type: 'string' }, 'base-url': { type: 'string' },
  } });
  if (values.help) return printUsage(MP_USAGE);
  const kind = requireOption(values.kind, 'kind', MP_USAGE);
  if (kind !== 'summary' && kind !== 'elasticity') throw new CliError(`--kind must be summary or elasticity, got '${kind}'`, 2);
  const out = requireOption(values.out, 'out', MP_USAGE);
  const key = mpApiKey();
  const client = new HttpClient(mpClientOptions(key, clientOptions(values)));
  const query = {
    kind, elements: values.elements?.split(',').map((e) => e.trim()).filter(Boolean), baseUrl: values['base-url'],
    limit: optionalCount('limit', values.limit), pageSize: optionalCount('page-size', values['page-size']),
  } as const;
  reportDownload(out, await downloadMaterialsProject(client, query, out, new ProgressLine(`mp ${kind}`, { secrets: [key] })));
  return 0;
}

export async function runWebbookLookup(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: {
    ...CLIENT_OPTIONS, formula: { type: 'string' }, name: { type: 'string' }, cas: { type: 'string' }, out: { type: 'string' },
    spectra: { type: 'string' }, 'max-spectra': { type: 'string' }, 'base-url': { type: 'string' },
  } });
  if (values.help) return printUsage(WEBBOOK_USAGE);
  const given = (['formula', 'name', 'cas'] as const).filter((k) => values[k] !== undefined);
  if (given.length !== 1) throw new CliError(`give exactly one of --formula, --name, --cas\nusage: ${WEBBOOK_USAGE}`, 2);
  if (values.spectra !== undefined && values.spectra.toLowerCase() !== 'ir') throw new CliError(`--spectra supports only 'ir', got '${values.spectra}'`, 2);
  const out = requireOption(values.out, 'out', WEBBOOK_USAGE);
  const query = { [given[0]!]: values[given[0]!]! } as WebbookQuery;
  const client = new HttpClient(clientOptions(values));
  const result = await lookupWebbook(client, query, {
    baseUrl: values['base-url'], spectra: values.spectra ? 'ir' : null, maxSpectra: optionalCount('max-spectra', values['max-spectra']),
  });
  await writeWebbookResult(out, result);
  process.stdout.write(`${result.status}: ${result.message}\n`);
  for (const m of result.matches) process.stdout.write(`  ${m.id}\t${m.name}\n`);
  const c = result.condensed;
  if (c?.formation_enthalpy_solid) process.stdout.write(`  ΔfH°solid = ${c.formation_enthalpy_solid.value} kJ/mol (${c.formation_enthalpy_solid.reference})\n`);
  if (c?.entropy_solid) process.stdout.write(`  S°solid = ${c.entropy_solid.value} J/mol·K (${c.entropy_solid.reference})\n`);
  if (result.spectra.length > 0) process.stdout.write(`  ${result.spectra.length} IR spectra\n`);
  process.stdout.write(`wrote ${out}\n`);
  return 0;
}
