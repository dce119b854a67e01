// Space-group analysis through moyo (the spglib team's symmetry finder, as WebAssembly).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { analyze_cell, initSync } from '@spglib/moyo-wasm';
import { Structure } from './crystal.js';

let ready = false;

function ensureMoyo(): void {
  if (ready) return;
  const require = createRequire(import.meta.url);
  const wasmPath = require.resolve('@spglib/moyo-wasm/moyo_wasm_bg.wasm');
  initSync({ module: readFileSync(wasmPath) });
  ready = true;
}

export interface SpaceGroupInfo {
  /** International Tables number, 1–230. */
  readonly number: number;
  /** Hermann–Mauguin symbol, e.g. 'Fm-3m'. */
  readonly symbol: string;
}

/** Distinct site types: one integer per distinct (element, occupancy) mixture. */
function siteTypeNumbers(structure: Structure): number[] {
  const ids = new Map<string, number>();
  return structure.sites.map((s) => {
    if (s.species.length === 1 && s.species[0]!.occupancy === 1) return s.species[0]!.element.Z;
    const key = s.species.map((sp) => `${sp.element.symbol}:${sp.occupancy.toFixed(4)}`).sort().join(',');
    if (!ids.has(key)) ids.set(key, 1000 + ids.size);
    return ids.get(key)!;
  });
}

/**
 * Space group of the structure at distance tolerance `symprec` (Å). Mixed sites count as
 * their own species, so a disordered structure gets the symmetry of its average cell.
 */
export function spaceGroup(structure: Structure, symprec = 0.1): SpaceGroupInfo {
  ensureMoyo();
  const m = structure.lattice.matrix;
  // moyo's basis takes the lattice vectors as rows, like ours.
  const basis = Array.from(m);
  const cell = {
    lattice: { basis },
    positions: structure.sites.map((s) => [...s.frac]),
    numbers: siteTypeNumbers(structure),
  };
  const dataset = analyze_cell(JSON.stringify(cell), symprec, 'Spglib');
  return { number: dataset.number, symbol: dataset.hm_symbol };
}
