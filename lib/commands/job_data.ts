// Where the main job finds its data: an explicit folder, else data/, else ../shared/data,
// else MATALIGN_MIRROR; and which of the known files that folder holds.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError } from './common.js';

/** Paths inside a data folder laid out like ../shared/data (see data/README.md). */
export const JOB_DATA_FILES = {
  structures: ['mp20/train_partial.csv.gz', 'mp20/val_partial.csv.gz'],
  synthesis: ['synthesis/solid-state_2019-12-03.shared.jsonl.gz', 'synthesis/sol-gel_2020-07-13.shared.jsonl.gz'],
  measuredXrd: { zip: 'alab_xrd_dara/xrdml_shared.zip', labels: 'alab_xrd_dara/labels.csv.gz' },
  micrographs: { zip: 'neu_det/neu_det_shared.zip', labels: 'neu_det/labels.csv.gz' },
  elasticity: 'mp_elasticity/elasticity.csv.gz',
  conductivity: 'obelix/obelix.csv.gz',
  perovskites: 'perov5/val.csv.gz',
} as const;

/** A zip of samples with its label table. */
export interface LabelledArchive {
  readonly zip: string;
  readonly labels: string;
}

/** Absolute paths of the files present; optional sets are null when absent. */
export interface JobDataFiles {
  readonly dir: string;
  /** MP-20 structure tables (at least one). */
  readonly structures: string[];
  /** Synthesis recipe files (possibly none). */
  readonly synthesis: string[];
  /** A-Lab .xrdml scans. */
  readonly measuredXrd: LabelledArchive | null;
  /** NEU-DET micrographs. */
  readonly micrographs: LabelledArchive | null;
  readonly elasticity: string | null;
  readonly conductivity: string | null;
  readonly perovskites: string | null;
}

function hasStructures(dir: string): boolean {
  return JOB_DATA_FILES.structures.some((f) => existsSync(join(dir, f)));
}

/**
 * The data folder: `explicit` when given (it must exist), else the first of data/,
 * ../shared/data and MATALIGN_MIRROR that holds an MP-20 table; a CliError names every place
 * looked at and how to fill one.
 */
export function locateDataDir(explicit?: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  if (explicit !== undefined) {
    const dir = resolve(cwd, explicit);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`--data ${explicit}: no such folder`);
    if (!hasStructures(dir)) throw new CliError(`--data ${explicit}: no structure table (expected ${JOB_DATA_FILES.structures.join(' or ')})`);
    return dir;
  }
  const candidates = [resolve(cwd, 'data'), resolve(cwd, '../shared/data'), ...(env.MATALIGN_MIRROR ? [resolve(cwd, env.MATALIGN_MIRROR)] : [])];
  const found = candidates.find(hasStructures);
  if (found) return found;
  const looked = [...candidates, ...(env.MATALIGN_MIRROR ? [] : ['MATALIGN_MIRROR (not set)'])].join(', ');
  throw new CliError(`no data: none of ${looked} holds ${JOB_DATA_FILES.structures.join(' or ')}; run \`matalign data mirror --from DIR\` or give --data DIR`);
}

/** The known files under `dir`; a folder without any MP-20 table is a CliError. */
export function jobDataFiles(dir: string): JobDataFiles {
  const at = (f: string) => join(dir, f);
  const present = (f: string) => (existsSync(at(f)) ? at(f) : null);
  const archive = (a: { zip: string; labels: string }): LabelledArchive | null =>
    existsSync(at(a.zip)) && existsSync(at(a.labels)) ? { zip: at(a.zip), labels: at(a.labels) } : null;
  const structures = JOB_DATA_FILES.structures.filter((f) => existsSync(at(f))).map(at);
  if (structures.length === 0) throw new CliError(`${dir}: no structure table (expected ${JOB_DATA_FILES.structures.join(' or ')})`);
  return {
    dir, structures,
    synthesis: JOB_DATA_FILES.synthesis.filter((f) => existsSync(at(f))).map(at),
    measuredXrd: archive(JOB_DATA_FILES.measuredXrd),
    micrographs: archive(JOB_DATA_FILES.micrographs),
    elasticity: present(JOB_DATA_FILES.elasticity),
    conductivity: present(JOB_DATA_FILES.conductivity),
    perovskites: present(JOB_DATA_FILES.perovskites),
  };
}

/** One line per optional data set that is absent, saying what it would have added. */
export function missingDataNotes(files: JobDataFiles): string[] {
  const notes: string[] = [];
  if (files.synthesis.length === 0) notes.push(`no synthesis recipes (${JOB_DATA_FILES.synthesis.join(', ')}): the text tower is not trained`);
  if (!files.measuredXrd) notes.push(`no measured XRD scans (${JOB_DATA_FILES.measuredXrd.zip} + labels): the XRD example shows simulated patterns only`);
  if (!files.micrographs) notes.push(`no NEU-DET micrographs (${JOB_DATA_FILES.micrographs.zip} + labels): the micrograph examples are simulated only`);
  return notes;
}
