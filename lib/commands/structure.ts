// `matalign structure <file.cif|file.csv[.gz]>`: what each structure is.
import { parseArgs } from 'node:util';
import { spaceGroup } from '../data/structure/spacegroup.js';
import { SkippedRow } from '../data/structure/structure_table.js';
import { CliError, readStructures, reportWarnings } from './common.js';
import { expectPositionals, integerOption, numberOption } from './options.js';

export const STRUCTURE_USAGE = `matalign structure <file.cif|file.csv[.gz]> [--json] [--symprec 0.1] [--allow-disorder]
    [--id-column C] [--cif-column C] [--targets a,b] [--limit N]
  Prints per structure: id, reduced formula, atoms, volume (Å³), density (g/cm³), space group.`;

export async function runStructureCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      json: { type: 'boolean' }, symprec: { type: 'string' }, 'allow-disorder': { type: 'boolean' },
      'id-column': { type: 'string' }, 'cif-column': { type: 'string' }, targets: { type: 'string' }, limit: { type: 'string' },
    },
  });
  expectPositionals('structure', positionals, 1, 'one structure file (.cif or table)');
  const symprec = numberOption('symprec', values.symprec, 0.1, { min: 0, exclusiveMin: true, max: 5 });
  const limit = integerOption('limit', values.limit, Infinity, { min: 1 });
  const skipped: SkippedRow[] = [];
  const rows = readStructures(positionals[0]!, {
    allowDisorder: values['allow-disorder'] ?? false,
    idColumn: values['id-column'], cifColumn: values['cif-column'],
    targets: values.targets?.split(',').filter(Boolean),
    limit: Number.isFinite(limit) ? limit : undefined,
    onSkip: (s) => skipped.push(s),
  });
  let count = 0;
  for await (const { id, structure } of rows) {
    reportWarnings(id, structure.warnings);
    const record = {
      id, reduced_formula: structure.reducedFormula(), natoms: structure.natoms,
      volume: structure.volume, density: structure.density, spacegroup: spaceGroup(structure, symprec).number,
    };
    count++;
    if (values.json) process.stdout.write(JSON.stringify(record) + '\n');
    else process.stdout.write(`${id}\t${record.reduced_formula}\t${record.natoms} atoms\t${record.volume.toFixed(3)} Å³\t${record.density.toFixed(4)} g/cm³\tSG ${record.spacegroup}\n`);
  }
  reportSkipped(count, skipped);
  requireSome(positionals[0]!, count, skipped);
  return 0;
}

/** A run that kept nothing is an error, named by its first reason. */
export function requireSome(path: string, kept: number, skipped: readonly SkippedRow[]): void {
  if (kept > 0) return;
  const first = skipped[0];
  throw new CliError(first ? `${path}: no usable structure (${skipped.length} skipped; first: ${first.id}: ${first.reason})` : `${path}: no structure`);
}

/** Summary of skipped rows on stderr: every id with its reason, so nothing vanishes silently. */
export function reportSkipped(kept: number, skipped: readonly SkippedRow[]): void {
  if (skipped.length === 0) return;
  if (kept === 0) return; // requireSome says it in one line
  process.stderr.write(`kept ${kept}, skipped ${skipped.length}:\n`);
  for (const s of skipped) process.stderr.write(`  row ${s.row} ${s.id}: ${s.reason}\n`);
}
