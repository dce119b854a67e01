// Train/test splits and label subsamples of image sets for defect identification, all
// seeded: by structure (no structure's images on both sides), stratified by class, and
// per-class nested label fractions.
import { InputError } from '../errors.js';
import { Rng } from '../rng.js';
import { subsampleIndices } from './probes.js';

export interface IndexSplit {
  /** Sorted image indices. */
  readonly train: number[];
  readonly test: number[];
}

function checkFraction(fraction: number): void {
  if (!(fraction > 0 && fraction < 1)) throw new InputError(`test fraction must be in (0, 1), got ${fraction}`);
}

/** Images split by group (structure): round(fraction · groups) whole groups, at least one on each side, go to test. */
export function splitByGroup(groups: ArrayLike<number>, testFraction: number, seed: number): IndexSplit {
  checkFraction(testFraction);
  const ids = [...new Set(Array.from(groups))].sort((a, b) => a - b);
  if (ids.length < 2) throw new InputError(`a split by structure needs at least 2 structures, got ${ids.length}`);
  const order = new Rng(seed).fork('group_split').shuffle(ids);
  const nTest = Math.min(ids.length - 1, Math.max(1, Math.round(testFraction * ids.length)));
  const testGroups = new Set(order.slice(0, nTest));
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < groups.length; i++) (testGroups.has(groups[i]!) ? test : train).push(i);
  return { train, test };
}

/** Images split within each class: round(fraction · class size) of each class (at least one when the class has two) go to test. */
export function stratifiedSplit(labels: ArrayLike<number>, testFraction: number, seed: number): IndexSplit {
  checkFraction(testFraction);
  const train: number[] = [];
  const test: number[] = [];
  for (const [c, members] of byClass(labels, Array.from({ length: labels.length }, (_, i) => i))) {
    const order = new Rng(seed).fork(`stratified:${c}`).shuffle([...members]);
    const nTest = members.length < 2 ? 0 : Math.min(members.length - 1, Math.max(1, Math.round(testFraction * members.length)));
    test.push(...order.slice(0, nTest));
    train.push(...order.slice(nTest));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

function byClass(labels: ArrayLike<number>, indices: readonly number[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const i of indices) {
    const c = labels[i]!;
    if (!out.has(c)) out.set(c, []);
    out.get(c)!.push(i);
  }
  return new Map([...out].sort((a, b) => a[0] - b[0]));
}

/**
 * A seeded `fraction` of `indices`, taken within each class (at least `minPerClass` of each,
 * when it has that many), so every class keeps some labels; nested across fractions.
 */
export function labelSubsample(labels: ArrayLike<number>, indices: readonly number[], fraction: number, seed: number, minPerClass = 2): number[] {
  if (fraction === 1) return [...indices];
  const out: number[] = [];
  for (const [c, members] of byClass(labels, indices)) {
    out.push(...subsampleIndices(members.length, fraction, seed + c, minPerClass).map((k) => members[k]!));
  }
  return out.sort((a, b) => a - b);
}
