// The synthesis-recommendation evaluation of a run: test targets unseen in training (no
// composition key on both sides), the aligned recommender against the frequency and
// composition-similarity baselines, scored by exact-set success@1…10, per-precursor P/R/F1
// of the top set and firing-temperature MAE.
import { splitOfKey } from '../data/paired/split.js';
import { compositionKey } from '../data/chemistry/composition_key.js';
import { materialFeatures, MaterialFeatures } from '../data/paired/features.js';
import { loadMaterials } from '../data/paired/materials.js';
import { loadRecipes } from '../data/synthesis/synthesis.js';
import { InputError } from '../errors.js';
import { firstHitRank } from './recommendation_metrics.js';
import { Rng } from '../rng.js';
import type { LoadedRun } from '../train/run_dir.js';
import { chooseAlpha, embedGroups, fractionRows, recommendAligned, SpaceRows } from './synthesis.js';
import { Recommendation, evaluateRecommendations, recommendByFrequency, recommendBySimilarity } from './synthesis_baselines.js';
import { SynthesisExample, TargetGroup, buildPrecursorStats, groupByTarget, splitByTarget, synthesisExample } from './synthesis_examples.js';

export interface SynthesisRow {
  model: string;
  [metric: string]: number | string | null;
}

export interface SynthesisReport {
  n_test_targets: number;
  results: SynthesisRow[];
  examples: { target: string; true_precursors: string[][]; predicted: string[][]; hit_rank: number | null }[];
  /** What `matalign` is, in words, with the chosen α and its validation scores. */
  matalign_variant: string;
  alpha: number;
  alpha_validation: Record<string, number>;
  split: string;
  n_train_targets: number;
  targets_embedded_by_structure: number;
}

export interface SynthesisEvalOptions {
  readonly seed?: number;
  /** Fraction of target keys to test when --train and --test are the same files (default 0.1), or 'run': the alignment run's own test keys. */
  readonly testFraction?: number | 'run';
  readonly maxAtoms?: number;
  readonly examples?: number;
  readonly log?: (line: string) => void;
}

async function examplesOf(files: readonly string[]): Promise<SynthesisExample[]> {
  const { recipes } = await loadRecipes(files);
  return recipes.map(synthesisExample).filter((e): e is SynthesisExample => e !== null);
}

/** Crystal graphs of the given structure files by composition key (first structure of a key). */
async function graphsByKey(run: LoadedRun, files: readonly string[], maxAtoms: number): Promise<Map<string, MaterialFeatures['graph']>> {
  const out = new Map<string, MaterialFeatures['graph']>();
  if (!files.length) return out;
  const config = run.manifest.config;
  const set = await loadMaterials(files, [], { maxAtoms, allowDisorder: true });
  for (const m of set.materials) {
    if (out.has(m.key)) continue;
    const graph = materialFeatures(m, config.data, { seed: config.seed, needs: new Set(['structure']) }).graph;
    if (graph) out.set(m.key, graph);
  }
  return out;
}

function row(model: string, groups: readonly TargetGroup[], recs: Recommendation[][]): SynthesisRow {
  const ev = evaluateRecommendations(groups, recs);
  return { model, ...ev.success, precision: ev.precision, recall: ev.recall, f1: ev.f1, temperature_mae_C: ev.temperatureMaeC };
}

export async function evaluateSynthesis(
  run: LoadedRun, trainFiles: readonly string[], testFiles: readonly string[], structureFiles: readonly string[], options: SynthesisEvalOptions = {},
): Promise<SynthesisReport> {
  const log = options.log ?? (() => {});
  const seed = options.seed ?? 0;
  const same = testFiles.length === trainFiles.length && testFiles.every((f) => trainFiles.includes(f));
  let train: SynthesisExample[], test: SynthesisExample[], split: string;
  if (same && options.testFraction === 'run') {
    // The alignment run's own held-out keys: targets its contrastive training never saw.
    const c = run.manifest.config;
    const all = await examplesOf(trainFiles);
    const isTest = (e: SynthesisExample) => splitOfKey(e.targetKey, c.seed, c.data.valFraction, c.data.testFraction) === 'test';
    train = all.filter((e) => !isTest(e));
    test = all.filter(isTest);
    split = `the run's own split by target composition key (seed ${c.seed}): its test keys are the test targets`;
  } else if (same) {
    const fraction = typeof options.testFraction === 'number' ? options.testFraction : 0.1;
    ({ train, test } = splitByTarget(await examplesOf(trainFiles), fraction, seed));
    split = `same files as --train and --test: split by target composition key (seed ${seed}, ${Math.round(fraction * 100)} % of keys to test)`;
  } else {
    train = await examplesOf(trainFiles);
    const trainKeys = new Set(train.map((e) => e.targetKey));
    const all = await examplesOf(testFiles);
    test = all.filter((e) => !trainKeys.has(e.targetKey));
    split = `distinct files; ${all.length - test.length} test recipes dropped because their target key is in training`;
  }
  if (!train.length || !test.length) throw new InputError(`no ${train.length ? 'test' : 'training'} recipes with a concrete target and precursors`);
  const stats = buildPrecursorStats(train);
  const trainGroups = groupByTarget(train), testGroups = groupByTarget(test);
  log(`${train.length} training recipes (${trainGroups.length} targets), ${test.length} test recipes (${testGroups.length} targets)`);
  const graphs = await graphsByKey(run, structureFiles, options.maxAtoms ?? 200);
  const keyOf = (g: TargetGroup) => compositionKey(g.composition);
  const config = run.manifest.config;
  const rowsOf = (gs: TargetGroup[]): SpaceRows => ({ embedding: embedGroups(run.model, config, gs, graphs, keyOf), fractions: fractionRows(gs) });
  const trainRows = rowsOf(trainGroups), testRows = rowsOf(testGroups);
  const { alpha, validation } = chooseAlpha(train, trainGroups, trainRows, seed);
  log(`α by validation success@5: ${JSON.stringify(validation)} → ${alpha}`);
  const runs: [string, Recommendation[][]][] = [
    ['matalign', recommendAligned(testGroups, testRows, trainGroups, trainRows, stats, alpha)],
    ['matalign_embedding_only', recommendAligned(testGroups, testRows, trainGroups, trainRows, stats, 1)],
    ['frequency', testGroups.map((g) => recommendByFrequency(new Set(g.composition.keys()), stats))],
    ['composition_similarity', recommendBySimilarity(testGroups, trainGroups, stats)],
  ];
  const results = runs.map(([name, recs]) => row(name, testGroups, recs));
  const pick = new Rng(seed).fork('synthesis_examples').shuffle(testGroups.map((_, i) => i)).slice(0, options.examples ?? 5);
  const ours = runs[0]![1];
  const examples = pick.map((i) => ({
    target: testGroups[i]!.targetKey, true_precursors: testGroups[i]!.precursorSets.map((s) => [...s]),
    predicted: ours[i]!.slice(0, 5).map((r) => [...r.precursors]), hit_rank: firstHitRank(ours[i]!.map((r) => r.precursors), testGroups[i]!.precursorSets),
  }));
  return {
    n_test_targets: testGroups.length, results, examples, alpha, alpha_validation: validation, split,
    matalign_variant: `references ranked by ${alpha} × cos(aligned embeddings) + ${1 - alpha} × cos(element fractions) (α by validation success@5 on training targets), `
      + 'top 30 references vote for adapted precursor sets (weight score^20 × set share); matalign_embedding_only is α = 1',
    n_train_targets: trainGroups.length,
    targets_embedded_by_structure: testRows.embedding.fromStructure.filter(Boolean).length + trainRows.embedding.fromStructure.filter(Boolean).length,
  };
}
