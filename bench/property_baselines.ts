// Property-prediction baselines on MP-20 from composition only: mean, 5-NN on element
// fractions, 5-NN on standardised composition features and ridge (α by 5-fold CV) on
// composition features, for formation energy (eV/atom) and band gap (eV). Settings:
// `partial_train→val` (train_partial as train, val_partial as test) and `val_80/20`
// (a seeded split of val_partial, for a larger training set). One JSON line per
// (setting, target, model).
// usage: npx tsx bench/property_baselines.ts [mp20 dir] [--seed N]   (default: $MATALIGN_MIRROR/mp20 or ../shared/data/mp20)
import { join, resolve } from 'node:path';
import { StructureRow, loadStructureTable } from '../lib/data/structure/structure_table.js';
import { elementFractions, featurizeStructure } from '../lib/eval/composition_features.js';
import { selectRows } from '../lib/eval/feature_matrix.js';
import { regressionMetrics } from '../lib/eval/metrics.js';
import { Regressor, fitKnnRegressor, fitMeanRegressor, fitRegressor, subsampleIndices } from '../lib/eval/probes.js';
import { TARGETS, extractTargetColumn } from '../lib/eval/targets.js';
import { emit } from './machine.js';

const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 0;
const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--seed');
const dir = resolve(positional[0] ?? join(process.env.MATALIGN_MIRROR ?? '../shared/data', 'mp20'));

const targetNames = ['formation_energy_per_atom', 'band_gap'];
const load = async (file: string) => (await loadStructureTable(join(dir, file), { targets: targetNames })).rows;
const [train, val] = [await load('train_partial.csv.gz'), await load('val_partial.csv.gz')];

interface Side { rows: StructureRow[]; fractions: Float32Array[]; features: Float32Array[] }
const side = (rows: StructureRow[]): Side => ({
  rows, fractions: rows.map((r) => elementFractions(r.structure.composition())), features: rows.map((r) => featurizeStructure(r.structure)),
});

const trainIdx = subsampleIndices(val.length, 0.8, seed, 0);
const inTrain = new Set(trainIdx);
const valTestIdx = val.map((_, i) => i).filter((i) => !inTrain.has(i));
const settings: [string, Side, Side][] = [
  ['partial_train→val', side(train), side(val)],
  ['val_80/20', side(selectRows(val, trainIdx)), side(selectRows(val, valTestIdx))],
];

const round = (x: number) => Number(x.toFixed(4));
for (const [setting, tr, te] of settings) {
  for (const name of targetNames) {
    const spec = TARGETS[name]!;
    const yTr = extractTargetColumn(spec, tr.rows);
    const yTe = extractTargetColumn(spec, te.rows);
    const pick = <T>(xs: T[], kept: number[]) => selectRows(xs, kept);
    const models: [string, () => Promise<Regressor>, 'fractions' | 'features'][] = [
      ['mean', async () => fitMeanRegressor(yTr.values), 'features'],
      ['knn5_fractions', async () => fitKnnRegressor(pick(tr.fractions, yTr.kept), yTr.values, { k: 5 }), 'fractions'],
      ['knn5_features_std', async () => fitKnnRegressor(pick(tr.features, yTr.kept), yTr.values, { k: 5, standardize: true }), 'features'],
      ['ridge_features', () => fitRegressor('ridge', pick(tr.features, yTr.kept), yTr.values, { seed }), 'features'],
    ];
    for (const [model, fit, space] of models) {
      const t0 = performance.now();
      const regressor = await fit();
      const pred = regressor.predict(pick(te[space], yTe.kept));
      const m = regressionMetrics(yTe.values, pred);
      emit({
        bench: 'property_baselines', setting, target: name, unit: spec.unit, model, seed,
        train: yTr.values.length, test: yTe.values.length,
        mae: round(m.mae), rmse: round(m.rmse), r2: round(m.r2), info: regressor.info,
        seconds: Number(((performance.now() - t0) / 1000).toFixed(2)),
      });
    }
  }
}
