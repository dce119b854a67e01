// Train/validation/test split by composition key: a key's split is a pure function of the
// seed and the key, so no composition lies in two splits, and a file seen for the first
// time is split the same way the run split its own data.
import { hashSeed } from '../../rng.js';

export type SplitName = 'train' | 'val' | 'test';

/** The split of a composition key: test with probability testFraction, then val, else train. */
export function splitOfKey(key: string, seed: number, valFraction: number, testFraction: number): SplitName {
  const u = hashSeed(seed, `split:${key}`) / 4294967296;
  if (u < testFraction) return 'test';
  if (u < testFraction + valFraction) return 'val';
  return 'train';
}

/** Indices of the items in each split. */
export function splitIndices(keys: readonly string[], seed: number, valFraction: number, testFraction: number): Record<SplitName, number[]> {
  const out: Record<SplitName, number[]> = { train: [], val: [], test: [] };
  keys.forEach((k, i) => out[splitOfKey(k, seed, valFraction, testFraction)].push(i));
  return out;
}
