// `matalign data <mirror|optimade|mp|webbook>`: fill data/ from a mirror folder, or download
// structures and substance data from public sources (OPTIMADE providers, the Materials
// Project API, the NIST Chemistry WebBook).
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { MirroredFile, mirrorData, resolveMirrorDir } from '../data/sources/data_mirror.js';
import { CliError } from './common.js';

export const DATA_USAGE = `matalign data <subcommand> [options]   (matalign data <subcommand> --help)
  mirror     fill data/ from a mirror folder and verify sizes and sha256
  optimade   download structures from an OPTIMADE provider into a structure CSV
  mp         download Materials Project summary or elasticity data into a CSV
  webbook    look up a substance in the NIST Chemistry WebBook (thermochemistry, IR spectra)`;

export const MIRROR_USAGE = `matalign data mirror [--from DIR] [--to data]
  Copies every file of every data-set folder of the mirror (default ../shared/data when it
  exists, else $MATALIGN_MIRROR) into --to (default data/), each through a temporary file,
  verifies size and sha256 of each copy (and the sha256 a SOURCE.md states, where it states
  one), says which expected files are missing, and exits non-zero when any check fails.`;

export async function runDataCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h') {
    process.stdout.write(`usage: ${DATA_USAGE}\n`);
    return sub ? 0 : 2;
  }
  switch (sub) {
    case 'mirror': return runMirror(rest);
    case 'optimade': return (await import('./data_download.js')).runOptimadeDownload(rest);
    case 'mp': return (await import('./data_download.js')).runMpDownload(rest);
    case 'webbook': return (await import('./data_download.js')).runWebbookLookup(rest);
    default: throw new CliError(`unknown data subcommand '${sub}'\nusage: ${DATA_USAGE}`, 2);
  }
}

function describe(f: MirroredFile): string {
  const sha = f.declaredSha256 ? 'sha256 = SOURCE.md' : 'sha256 = mirror (SOURCE.md gives none)';
  return `${f.problem ? 'FAILED' : f.copied ? 'copied' : 'up to date'}  ${f.path}  ${f.bytes} bytes  ${f.problem ?? `size ok, ${sha}`}`;
}

async function runMirror(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(`usage: ${MIRROR_USAGE}\n`);
    return 0;
  }
  const from = resolveMirrorDir(values.from);
  const to = resolve(values.to ?? 'data');
  process.stdout.write(`mirror ${from} → ${to}\n`);
  const report = await mirrorData(from, to, (f) => process.stdout.write(`${describe(f)}\n`));
  const failed = report.files.filter((f) => f.problem);
  const declared = report.files.filter((f) => f.declaredSha256 && !f.problem).length;
  process.stdout.write(`${report.files.length} files verified by size and sha256 (${declared} against a sha256 stated in SOURCE.md), ` +
    `${report.files.filter((f) => f.copied).length} copied, ${failed.length} failed\n`);
  if (report.missing.length > 0) process.stdout.write(`missing from the mirror (${report.missing.length}): ${report.missing.join(', ')}\n`);
  if (failed.length > 0) throw new CliError(`${failed.length} file(s) failed verification: ${failed.map((f) => f.path).join(', ')}`);
  return 0;
}
