// Runs pymatgen (Debian's python3-pymatgen) and matalign on the same CSV rows and compares
// formula, atoms, volume, density, space group and neighbour distances.
import { execFileSync } from 'node:child_process';
import { findNeighbors } from '../lib/data/structure/neighbors.js';
import { spaceGroup } from '../lib/data/structure/spacegroup.js';
import { loadStructureTable } from '../lib/data/structure/structure_table.js';

export const PYTHON = '/usr/bin/python3';

export function pymatgenAvailable(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import pymatgen'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface Reference {
  id: string; reduced_formula: string; natoms: number; volume: number; density: number; spacegroup: number; neighbors: number[][];
}

export interface Mismatch { id: string; field: string; ours: unknown; pymatgen: unknown }

export async function compareWithPymatgen(file: string, start: number, count: number, cutoff: number) {
  const out = execFileSync(PYTHON, [new URL('./pymatgen_structures.py', import.meta.url).pathname, 'describe', file, String(start), String(count), String(cutoff)], { maxBuffer: 1 << 30 });
  const refs = new Map<string, Reference>(out.toString().trim().split('\n').map((l) => { const r = JSON.parse(l) as Reference; return [r.id, r]; }));
  const { rows } = await loadStructureTable(file, { limit: start + count });
  const mismatches: Mismatch[] = [];
  let compared = 0, distances = 0, maxDistanceError = 0, maxVolumeRel = 0, maxDensityRel = 0;
  for (const row of rows.slice(start)) {
    const ref = refs.get(row.id);
    if (!ref) continue;
    compared++;
    const s = row.structure;
    const check = (field: string, ours: unknown, theirs: unknown, same: boolean) => { if (!same) mismatches.push({ id: row.id, field, ours, pymatgen: theirs }); };
    check('reduced_formula', s.reducedFormula(), ref.reduced_formula, s.reducedFormula() === ref.reduced_formula);
    check('natoms', s.natoms, ref.natoms, s.natoms === ref.natoms);
    const volumeRel = Math.abs(s.volume - ref.volume) / ref.volume;
    const densityRel = Math.abs(s.density - ref.density) / ref.density;
    maxVolumeRel = Math.max(maxVolumeRel, volumeRel);
    maxDensityRel = Math.max(maxDensityRel, densityRel);
    check('volume', s.volume, ref.volume, volumeRel < 1e-3);
    check('density', s.density, ref.density, densityRel < 1e-3);
    const sg = spaceGroup(s, 0.1).number;
    check('spacegroup', sg, ref.spacegroup, sg === ref.spacegroup);
    const list = findNeighbors(s, cutoff);
    for (let a = 0; a < s.natoms; a++) {
      const ours = Array.from(list.distances.subarray(list.offsets[a]!, list.offsets[a + 1]!));
      const theirs = ref.neighbors[a] ?? [];
      if (ours.length !== theirs.length) { check(`neighbors[${a}].length`, ours.length, theirs.length, false); continue; }
      ours.forEach((d, i) => { maxDistanceError = Math.max(maxDistanceError, Math.abs(d - theirs[i]!)); distances++; });
    }
  }
  check2(maxDistanceError, mismatches);
  const fields = ['reduced_formula', 'natoms', 'volume', 'density', 'spacegroup'];
  const byField = Object.fromEntries(fields.map((f) => [f, mismatches.filter((m) => m.field === f).length]));
  const neighborCountMismatches = mismatches.filter((m) => m.field.startsWith('neighbors')).length;
  return {
    summary: { structures: compared, distances, max_distance_error_A: maxDistanceError, max_volume_rel: maxVolumeRel, max_density_rel: maxDensityRel, mismatches: byField, neighbor_count_mismatches: neighborCountMismatches },
    mismatches,
  };
}

function check2(maxDistanceError: number, mismatches: Mismatch[]): void {
  if (maxDistanceError > 1e-3) mismatches.push({ id: '*', field: 'max_distance_error', ours: maxDistanceError, pymatgen: 1e-3 });
}
