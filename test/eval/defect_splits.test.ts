import { expect } from 'chai';
import { labelSubsample, splitByGroup, stratifiedSplit } from '../../lib/eval/defect_splits.js';
import { InputError } from '../../lib/errors.js';

describe('defect identification splits', () => {
  it('splits by structure: no structure on both sides, every image on exactly one, seeded', () => {
    const groups = Int32Array.from({ length: 50 }, (_, i) => Math.floor(i / 5));
    const s = splitByGroup(groups, 0.3, 4);
    const trainGroups = new Set(s.train.map((i) => groups[i]));
    const testGroups = new Set(s.test.map((i) => groups[i]));
    expect([...testGroups].filter((g) => trainGroups.has(g))).to.deep.equal([]);
    expect(testGroups.size).to.equal(3);
    expect([...s.train, ...s.test].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 50 }, (_, i) => i));
    expect(splitByGroup(groups, 0.3, 4)).to.deep.equal(s);
    expect(() => splitByGroup([0, 0, 0], 0.3, 1)).to.throw(InputError);
    expect(() => splitByGroup(groups, 1, 1)).to.throw(InputError);
  });

  it('splits within each class by the test fraction', () => {
    const labels = Int32Array.from({ length: 60 }, (_, i) => i % 3);
    const s = stratifiedSplit(labels, 0.2, 1);
    for (const c of [0, 1, 2]) expect(s.test.filter((i) => labels[i] === c)).to.have.length(4);
    expect(s.train.length + s.test.length).to.equal(60);
    expect(new Set([...s.train, ...s.test]).size).to.equal(60);
  });

  it('subsamples labels per class, keeping every class and nesting smaller fractions', () => {
    const labels = Int32Array.from({ length: 100 }, (_, i) => (i < 80 ? 0 : 1));
    const all = Array.from({ length: 100 }, (_, i) => i);
    const tenth = labelSubsample(labels, all, 0.1, 0);
    expect(tenth.filter((i) => labels[i] === 0)).to.have.length(8);
    expect(tenth.filter((i) => labels[i] === 1)).to.have.length(2);
    const half = new Set(labelSubsample(labels, all, 0.5, 0));
    expect(tenth.every((i) => half.has(i))).to.equal(true);
    expect(labelSubsample(labels, all, 1, 0)).to.deep.equal(all);
  });
});
