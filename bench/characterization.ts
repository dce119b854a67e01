// Throughput of the characterization generators on real MP-20 structures, with pymatgen's
// XRDCalculator on the same structures in the same run as the reference (ratio), plus the
// readers of measured data (A-Lab scans, NEU-DET images).
// usage: npx tsx bench/characterization.ts [--count 200] [--micrographs 100] [--file ../shared/data/mp20/train_partial.csv.gz]
import { parseArgs } from 'node:util';
import { loadImageDataset } from '../lib/data/characterization/images.js';
import { DEFECT_KINDS, MicrographError, simulateMicrograph } from '../lib/data/characterization/micrograph.js';
import { simulateXrd } from '../lib/data/characterization/xrd.js';
import { scanToProfile } from '../lib/data/characterization/xrd_measured.js';
import { xrdProfile } from '../lib/data/characterization/xrd_profile.js';
import { readXrdml } from '../lib/data/characterization/xrdml.js';
import { emit } from './machine.js';
import { pymatgenAvailable, pymatgenPatterns, takeStructures } from './xrd_agreement.js';

const { values } = parseArgs({ options: { count: { type: 'string' }, micrographs: { type: 'string' }, file: { type: 'string' } } });
const file = values.file ?? '../shared/data/mp20/train_partial.csv.gz';
const count = Number(values.count ?? 200);
const micrographCount = Number(values.micrographs ?? 100);
const data = '../shared/data';

/** Seconds per call of fn over items, after an untimed warm-up pass over a fifth of them (JIT). */
function timePerItem<T>(items: readonly T[], fn: (item: T, i: number) => void): number {
  items.slice(0, Math.ceil(items.length / 5)).forEach(fn);
  const t0 = performance.now();
  items.forEach(fn);
  return (performance.now() - t0) / 1000 / items.length;
}

const rows = await takeStructures(file, count);
const structures = rows.map((r) => r.structure);
const meanAtoms = structures.reduce((s, x) => s + x.natoms, 0) / structures.length;

const peaksSeconds = timePerItem(structures, (s) => simulateXrd(s));
const profileSeconds = timePerItem(structures, (s) => xrdProfile(s));
let pymatgenSeconds: number | null = null;
if (pymatgenAvailable()) {
  const refs = await pymatgenPatterns(rows.map((r) => ({ id: r.id, cif: r.cif })), ['--two-theta', '10,80']);
  const timed = refs.filter((r) => r.seconds !== undefined);
  pymatgenSeconds = timed.reduce((s, r) => s + r.seconds!, 0) / timed.length;
}
emit({
  bench: 'xrd_throughput', file, structures: structures.length, mean_atoms: meanAtoms, two_theta_range: [10, 80],
  peaks_per_s: 1 / peaksSeconds, profiles_per_s: 1 / profileSeconds,
  pymatgen_patterns_per_s: pymatgenSeconds === null ? null : 1 / pymatgenSeconds,
  ratio_peaks_vs_pymatgen: pymatgenSeconds === null ? null : pymatgenSeconds / peaksSeconds,
  ratio_profiles_vs_pymatgen: pymatgenSeconds === null ? null : pymatgenSeconds / profileSeconds,
  pymatgen_timing: 'XRDCalculator.get_pattern only (CIF parsing excluded), same structures, same run',
});

for (const shifted of [false, true]) {
  const jobs = structures.slice(0, micrographCount).map((s, i) => ({ s, kind: DEFECT_KINDS[i % DEFECT_KINDS.length]! }));
  let refused = 0;
  const seconds = timePerItem(jobs, ({ s, kind }, i) => {
    try {
      simulateMicrograph(s, kind, i, shifted ? { drift: 1.5, dose: 3e4 } : {});
    } catch (e) {
      if (!(e instanceof MicrographError)) throw e;
      refused++;
    }
  });
  emit({ bench: 'micrograph_throughput', size: 128, shifted, images: jobs.length, micrographs_per_s: 1 / seconds, refused_defects: refused });
}

const t0 = performance.now();
const { scans } = await readXrdml(`${data}/alab_xrd_dara/xrdml_shared.zip`);
const readSeconds = (performance.now() - t0) / 1000;
const scanSeconds = timePerItem(scans, (s) => scanToProfile(s));
emit({ bench: 'xrdml_throughput', scans: scans.length, read_per_s: scans.length / readSeconds, profiles_per_s: 1 / scanSeconds });

const t1 = performance.now();
const neu = await loadImageDataset(`${data}/neu_det/neu_det_shared.zip`, `${data}/neu_det/labels.csv.gz`, { config: { size: 128 } });
emit({ bench: 'image_load_throughput', images: neu.images.length, size: 128, images_per_s: neu.images.length / ((performance.now() - t1) / 1000) });
