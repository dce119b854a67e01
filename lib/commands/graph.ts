// `matalign graph <file.cif>`: every neighbour of every site within a cutoff.
import { parseArgs } from 'node:util';
import { findNeighbors } from '../data/structure/neighbors.js';
import { CliError, parseNumberOption, readStructures } from './common.js';

export const GRAPH_USAGE = `matalign graph <file.cif|file.csv[.gz]> [--cutoff 8] [--max-neighbors K] [--json] [--allow-disorder]
  Prints per site its neighbours within the cutoff (Å), nearest first, with their periodic image.`;

export async function runGraphCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      cutoff: { type: 'string' }, 'max-neighbors': { type: 'string' }, json: { type: 'boolean' },
      'allow-disorder': { type: 'boolean' }, limit: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new CliError(`usage: ${GRAPH_USAGE}`, 2);
  const cutoff = parseNumberOption('cutoff', values.cutoff, 8);
  if (!(cutoff > 0)) throw new CliError('--cutoff must be positive', 2);
  const maxNeighbors = parseNumberOption('max-neighbors', values['max-neighbors'], Infinity);
  const limit = values.limit === undefined ? undefined : parseNumberOption('limit', values.limit, 0);
  for await (const { id, structure } of readStructures(positionals[0]!, { allowDisorder: values['allow-disorder'] ?? false, limit })) {
    const list = findNeighbors(structure, cutoff);
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
  return 0;
}
