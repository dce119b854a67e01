// The defect-identification tasks of a run, built from files:
//  - simulated: defect micrographs of structures the encoders never saw (the run's held-out
//    test split of its own files, or every structure of new files), split by structure;
//    classifiers train on the run's acquisition and are tested on it ('simulated') and on
//    SHIFTED_MICROGRAPH_CONFIG images of the test structures ('simulated_shifted');
//  - neu_det: measured steel-surface images from a zip + labels, either two files or one
//    split by a seeded stratified split.
import { DEFAULT_MICROGRAPH_CONFIG, MicrographConfig, SHIFTED_MICROGRAPH_CONFIG } from '../data/characterization/micrograph.js';
import { loadImageDataset } from '../data/characterization/images.js';
import { InputError } from '../errors.js';
import { Rng } from '../rng.js';
import type { LoadedRun } from '../train/run_dir.js';
import { DefectSource, cachedDefectSet } from './defect_images.js';
import { splitByGroup, stratifiedSplit } from './defect_splits.js';
import type { DefectTask } from './defects.js';
import type { ImageSet } from './image_classifier.js';
import { prepareRunData } from './run_data.js';

export interface SimulatedTaskOptions {
  /** S, px; the run's micrograph side when null (the tower is size-agnostic). */
  readonly imageSize: number | null;
  readonly seedsPerStructure: number;
  /** At most this many structures (a seeded sample; 0: all). */
  readonly maxStructures: number;
  /** Fraction of the structures whose images are test images. */
  readonly testFraction: number;
  readonly seed: number;
  /** Folder of the image cache, or null for none. */
  readonly cacheDir: string | null;
  readonly log?: (line: string) => void;
}

export interface SimulatedTask {
  readonly task: DefectTask;
  readonly scope: 'test' | 'all';
  /** Acquisition of the training images and of the shifted test images. */
  readonly acquisition: { readonly default: MicrographConfig; readonly shifted: MicrographConfig };
  readonly structures: { readonly train: number; readonly test: number; readonly skipped: number };
}

/** The structures to image: the run's unseen materials of the files, capped by a seeded sample. */
async function unseenStructures(run: LoadedRun, files: readonly string[], o: SimulatedTaskOptions): Promise<{ sources: DefectSource[]; scope: 'test' | 'all' }> {
  const { data, indices, scope } = await prepareRunData(run, files, [], { modalities: [], log: o.log });
  let sources = indices.flatMap((i) => {
    const m = data.set.materials[i]!;
    return m.structure ? [{ id: m.id, structure: m.structure }] : [];
  });
  if (o.maxStructures > 0 && sources.length > o.maxStructures) {
    sources = new Rng(o.seed).fork('defect_structures').shuffle(sources).slice(0, o.maxStructures).sort((a, b) => a.id.localeCompare(b.id));
  }
  return { sources, scope };
}

export async function buildSimulatedTask(run: LoadedRun, structureFiles: readonly string[], o: SimulatedTaskOptions): Promise<SimulatedTask> {
  const log = o.log ?? (() => {});
  const { sources, scope } = await unseenStructures(run, structureFiles, o);
  if (sources.length < 2) throw new InputError(`defect identification needs at least 2 unseen structures, found ${sources.length}`);
  const d = run.manifest.config.data;
  const geometry = { size: o.imageSize ?? d.micrographSize, pixelSize: d.micrographPixel };
  const acquisition = { default: { ...DEFAULT_MICROGRAPH_CONFIG, ...geometry }, shifted: { ...SHIFTED_MICROGRAPH_CONFIG, ...geometry } };
  const common = { seedsPerStructure: o.seedsPerStructure, seed: o.seed };
  const base = await cachedDefectSet(o.cacheDir, sources, { ...common, label: 'default', config: acquisition.default });
  log(`${base.cached ? 'read' : 'simulated'} ${base.set.labels.length} defect micrographs (${geometry.size} px × ${geometry.pixelSize} Å) of ${base.set.ids.length} structures` +
    (base.set.skipped.length ? `; ${base.set.skipped.length} structures left out (e.g. ${base.set.skipped[0]!.id}: ${base.set.skipped[0]!.reason})` : ''));
  const split = splitByGroup(base.set.groups, o.testFraction, o.seed);
  const testIds = new Set(split.test.map((i) => base.set.ids[base.set.groups[i]!]!));
  const shifted = await cachedDefectSet(o.cacheDir, sources.filter((s) => testIds.has(s.id)), { ...common, label: 'shifted', config: acquisition.shifted });
  log(`${shifted.cached ? 'read' : 'simulated'} ${shifted.set.labels.length} shifted-acquisition micrographs of the ${testIds.size} test structures`);
  const all = (set: ImageSet) => Array.from({ length: set.labels.length }, (_, i) => i);
  return {
    task: {
      train: base.set, trainIndices: split.train,
      tests: [{ dataset: 'simulated', set: base.set, indices: split.test }, { dataset: 'simulated_shifted', set: shifted.set, indices: all(shifted.set) }],
    },
    scope, acquisition,
    structures: { train: base.set.ids.length - testIds.size, test: testIds.size, skipped: base.set.skipped.length },
  };
}

export interface NeuTaskOptions {
  /** S, px, images are resized to. */
  readonly imageSize: number;
  /** Test fraction when the training and test files are the same. */
  readonly splitTest: number;
  readonly seed: number;
  readonly log?: (line: string) => void;
}

async function loadImageSet(zip: string, labels: string, size: number, log: (line: string) => void): Promise<ImageSet> {
  const d = await loadImageDataset(zip, labels, { config: { size, channels: 1 } });
  if (d.skipped.length) log(`${zip}: ${d.skipped.length} entries left out (e.g. ${d.skipped[0]!.name}: ${d.skipped[0]!.reason})`);
  if (d.images.length === 0) throw new InputError(`${zip}: no labelled images`);
  const classes = Array.from({ length: d.classes.length }, (_, i) => d.classes[i] ?? `class_${i}`);
  const pixels = new Float32Array(d.images.length * size * size);
  d.images.forEach((img, i) => pixels.set(img.pixels, i * size * size));
  return { size, pixels, labels: Int32Array.from(d.images, (img) => img.labelId), classes };
}

/** A measured-image task (NEU-DET layout); one file pair is split by a seeded stratified split. */
export async function buildImageTask(train: { zip: string; labels: string }, test: { zip: string; labels: string }, o: NeuTaskOptions): Promise<{ task: DefectTask; note: string }> {
  const log = o.log ?? (() => {});
  const trainSet = await loadImageSet(train.zip, train.labels, o.imageSize, log);
  if (train.zip === test.zip && train.labels === test.labels) {
    const split = stratifiedSplit(trainSet.labels, o.splitTest, o.seed);
    const note = `one file pair: seeded stratified split, ${split.train.length} training / ${split.test.length} test images (test fraction ${o.splitTest})`;
    return { task: { train: trainSet, trainIndices: split.train, tests: [{ dataset: 'neu_det', set: trainSet, indices: split.test }] }, note };
  }
  const testSet = await loadImageSet(test.zip, test.labels, o.imageSize, log);
  if (testSet.classes.join('|') !== trainSet.classes.join('|')) {
    throw new InputError(`test classes (${testSet.classes.join(', ')}) differ from training classes (${trainSet.classes.join(', ')})`);
  }
  const all = (set: ImageSet) => Array.from({ length: set.labels.length }, (_, i) => i);
  const note = `separate files: ${trainSet.labels.length} training / ${testSet.labels.length} test images`;
  return { task: { train: trainSet, trainIndices: all(trainSet), tests: [{ dataset: 'neu_det', set: testSet, indices: all(testSet) }] }, note };
}
