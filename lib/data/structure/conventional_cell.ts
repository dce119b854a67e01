// The conventional standard cell of a structure (through moyo, the spglib team's symmetry
// finder), so that zone axes [uvw] can be given the way crystallographers write them
// (e.g. [001] of rock salt means the cube edge, not a primitive-cell vector).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { analyze_cell, initSync } from '@spglib/moyo-wasm';
import { Site, SpeciesOccupancy, Structure } from './crystal.js';
import { Lattice, Vec3 } from './lattice.js';

function ensureMoyo(): void {
  const require = createRequire(import.meta.url);
  // initSync returns at once when the module is already initialised.
  initSync({ module: readFileSync(require.resolve('@spglib/moyo-wasm/moyo_wasm_bg.wasm')) });
}

let initialised = false;

/**
 * The structure in its conventional standard cell (same crystal, possibly more atoms and a
 * rotated frame) at distance tolerance `symprec` (Å). Mixed sites keep their species as one
 * site type.
 */
export function conventionalCell(structure: Structure, symprec = 0.1): Structure {
  if (!initialised) {
    ensureMoyo();
    initialised = true;
  }
  const kinds = new Map<string, number>();
  const speciesOf: (readonly SpeciesOccupancy[])[] = [];
  const numbers = structure.sites.map((s) => {
    const key = s.species.map((sp) => `${sp.element.symbol}:${sp.occupancy.toFixed(4)}`).sort().join(',');
    if (!kinds.has(key)) {
      kinds.set(key, kinds.size + 1);
      speciesOf[kinds.size] = s.species;
    }
    return kinds.get(key)!;
  });
  const cell = { lattice: { basis: Array.from(structure.lattice.matrix) }, positions: structure.sites.map((s) => [...s.frac]), numbers };
  const std = analyze_cell(JSON.stringify(cell), symprec, 'Spglib').std_cell;
  const sites: Site[] = std.positions.map((p, i) => ({
    species: speciesOf[std.numbers[i]!]!,
    frac: p.map((x) => x - Math.floor(x)) as Vec3,
    label: speciesOf[std.numbers[i]!]!.map((sp) => sp.element.symbol).join(''),
  }));
  return new Structure(new Lattice(std.lattice.basis), sites, structure.id);
}
