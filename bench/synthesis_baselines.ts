// Precursor recommendation baselines on the shared synthesis recipes: a seeded 90/10 split
// by target composition key, then `frequency` and `composition_similarity` scored by
// exact-set success@1…10, per-precursor P/R/F1 of the top set and firing-temperature MAE.
// One JSON line per (data set, baseline).
// usage: npx tsx bench/synthesis_baselines.ts [dir] [--seed N]   (default dir: $MATALIGN_MIRROR/synthesis or ../shared/data/synthesis)
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadRecipes } from '../lib/data/synthesis/synthesis.js';
import { evaluateRecommendations, recommendByFrequency, recommendBySimilarity } from '../lib/eval/synthesis_baselines.js';
import {
  SynthesisExample, buildPrecursorStats, groupByTarget, splitByTarget, synthesisExample,
} from '../lib/eval/synthesis_examples.js';
import { emit } from './machine.js';

const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 0;
const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--seed');
const dir = resolve(positional[0] ?? join(process.env.MATALIGN_MIRROR ?? '../shared/data', 'synthesis'));
const files = readdirSync(dir).filter((f) => /\.jsonl(\.gz)?$/.test(f)).sort().map((f) => join(dir, f));

const { recipes } = await loadRecipes(files);
const examples = recipes.map(synthesisExample).filter((e): e is SynthesisExample => e !== null);
const round = (x: number | null) => (x === null ? null : Number(x.toFixed(4)));

for (const [name, pick] of [
  ['solid-state', (id: string) => id.startsWith('solid-state')],
  ['sol-gel', (id: string) => id.startsWith('sol-gel')],
  ['all', () => true],
] as const) {
  const subset = examples.filter((e) => pick(e.id));
  const { train, test } = splitByTarget(subset, 0.1, seed);
  const stats = buildPrecursorStats(train);
  const trainGroups = groupByTarget(train);
  const testGroups = groupByTarget(test);
  const t0 = performance.now();
  const runs = {
    frequency: testGroups.map((g) => recommendByFrequency(new Set(g.composition.keys()), stats)),
    composition_similarity: recommendBySimilarity(testGroups, trainGroups, stats),
  };
  const seconds = (performance.now() - t0) / 1000;
  for (const [baseline, recs] of Object.entries(runs)) {
    const ev = evaluateRecommendations(testGroups, recs);
    emit({
      bench: 'synthesis_baselines', data: name, baseline, seed,
      recipes_usable: subset.length, train_recipes: train.length, test_recipes: test.length,
      train_targets: trainGroups.length, test_targets: ev.targets,
      ...Object.fromEntries(Object.entries(ev.success).map(([k, v]) => [k, round(v)])),
      precision: round(ev.precision), recall: round(ev.recall), f1: round(ev.f1),
      temperature_mae_C: round(ev.temperatureMaeC), temperature_recipes: ev.temperatureRecipes,
      seconds_both: Number(seconds.toFixed(2)),
    });
  }
}
