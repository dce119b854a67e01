// `matalign graph <file.cif>`: every neighbour of every site within a cutoff.
import { parseArgs } from 'node:util';
import { MAX_NEIGHBOR_PAIRS, NeighborLimitError, NeighborList, findNeighbors } from '../data/structure/neighbors.js';

/** Largest --cutoff, Å (graph networks use 4–10 Å). */
const MAX_CUTOFF = 50;
import { SkippedRow } from '../data/structure/structure_table.js';
import { readStructures, reportWarnings } from './common.js';
import { expectPositionals, integerOption, numberOption } from './options.js';
import { reportSkipped, requireSome } from './structure.js';

export const GRAPH_USAGE = `matalign graph <file.cif|file.csv[.gz]> [--cutoff 8] [--max-neighbors K] [--json] [--allow-disorder] [--limit N]
  Prints per site its neighbours within the cutoff (Å, at most ${MAX_CUTOFF}), nearest first, with their periodic image.
  A structure whose search would exceed ${MAX_NEIGHBOR_PAIRS} neighbour pairs is skipped with the estimate.`;

export async function runGraphCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      cutoff: { type: 'string' }, 'max-neighbors': { type: 'string' }, json: { type: 'boolean' },
      'allow-disorder': { type: 'boolean' }, limit: { type: 'string' },
    },
  });
  expectPositionals('graph', positionals, 1, 'one structure file (.cif or table)');
  const cutoff = numberOption('cutoff', values.cutoff, 8, { min: 0, exclusiveMin: true, max: MAX_CUTOFF });
  const maxNeighbors = integerOption('max-neighbors', values['max-neighbors'], Infinity, { min: 1 });
  const limit = integerOption('limit', values.limit, Infinity, { min: 1 });
  const skipped: SkippedRow[] = [];
  let count = 0;
  const rows = readStructures(positionals[0]!, { allowDisorder: values['allow-disorder'] ?? false, limit: Number.isFinite(limit) ? limit : undefined, onSkip: (s) => skipped.push(s) });
  for await (const { id, row, structure } of rows) {
    reportWarnings(id, structure.warnings);
    let list: NeighborList;
    try {
      list = findNeighbors(structure, cutoff);
    } catch (e) {
      if (!(e instanceof NeighborLimitError)) throw e;
      skipped.push({ id, row, reason: e.message });
      continue;
    }
    count++;
    const sites = structure.sites.map((site, i) => {
      const neighbors = [];
      for (let e = list.offsets[i]!; e < list.offsets[i + 1]! && neighbors.length < maxNeighbors; e++) {
        neighbors.push({ index: list.neighbors[e]!, distance: list.distances[e]!, image: Array.from(list.images.subarray(3 * e, 3 * e + 3)) });
      }
      const element = site.species.reduce((a, b) => (b.occupancy > a.occupancy ? b : a)).element.symbol;
      return { index: i, element, neighbors };
    });
    if (values.json) process.stdout.write(JSON.stringify({ id, cutoff, sites }) + '\n');
    else {
      process.stdout.write(`${id}: ${structure.natoms} sites, cutoff ${cutoff} Å\n`);
      for (const s of sites) {
        const shell = s.neighbors.slice(0, 6).map((n) => `${structure.sites[n.index]!.species[0]!.element.symbol}${n.index}@${n.distance.toFixed(3)}`);
        process.stdout.write(`  ${s.element}${s.index}: ${s.neighbors.length} neighbours; nearest ${shell.join(' ')}\n`);
      }
    }
  }
  reportSkipped(count, skipped);
  requireSome(positionals[0]!, count, skipped);
  return 0;
}
