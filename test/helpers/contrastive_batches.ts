// Small composition + XRD training inputs for the step tests: five simple formulas with
// seeded random profiles, cut into chunks of consecutive materials.
import { PRESETS } from '../../lib/config.js';
import { compositionArrays, ELEMENT_FEATURE_DIM } from '../../lib/data/paired/features.js';
import type { MaterialBatch } from '../../lib/train/batches.js';
import { randomArray } from './engine.js';

export const FORMULAS = [[['Na', 1], ['Cl', 1]], [['Mg', 1], ['O', 1]], [['Sr', 1], ['Ti', 1], ['O', 3]], [['Li', 2], ['O', 1]], [['Ca', 1], ['F', 2]]] as const;
/** Profile length of the tiny preset. */
export const POINTS = PRESETS.tiny.data.xrdPoints;
const profiles = randomArray(FORMULAS.length * POINTS, 3).map(Math.abs);

/**
 * Composition inputs of materials [from, to), and XRD inputs of those at `withXrd` (positions
 * within the chunk; default all); `points` other than POINTS makes profiles of the wrong length.
 */
export function compositionXrdChunk(from: number, to: number, withXrd = Array.from({ length: to - from }, (_, i) => i), points = POINTS): MaterialBatch {
  const comps = FORMULAS.slice(from, to).map((f) => compositionArrays(new Map(f as unknown as [string, number][])));
  const B = comps.length, M = 3;
  const composition = { batchSize: B, maxElements: M, elements: new Int32Array(B * M), fractions: new Float32Array(B * M), elementFeatures: new Float32Array(B * M * ELEMENT_FEATURE_DIM) };
  comps.forEach((c, b) => {
    composition.elements.set(c.elements, b * M);
    composition.fractions.set(c.fractions, b * M);
    composition.elementFeatures.set(c.features, b * M * ELEMENT_FEATURE_DIM);
  });
  const values = new Float32Array(withXrd.length * points);
  withXrd.forEach((pos, i) => values.set(profiles.slice((from + pos) * POINTS, (from + pos) * POINTS + Math.min(POINTS, points)), i * points));
  const rows = new Map([['composition', Int32Array.from({ length: B }, (_, i) => i)]]) as MaterialBatch['rows'];
  const batches: MaterialBatch['batches'] = { composition };
  if (withXrd.length) { rows.set('xrd', Int32Array.from(withXrd)); batches.xrd = { batchSize: withXrd.length, points, values }; }
  return { batches, rows };
}
