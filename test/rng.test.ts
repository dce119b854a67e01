import { expect } from 'chai';
import { hashSeed, Rng } from '../lib/rng.js';

describe('seeded random numbers', () => {
  it('repeats the same stream for the same seed and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, ((r) => () => r.nextUint32())(new Rng(seed)));
    expect(draw(3)).to.deep.equal(draw(3));
    expect(draw(3)).not.to.deep.equal(draw(4));
  });

  it('forks independent streams for every seed and label, single-digit seeds included', () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 20; seed++) for (const label of ['field', 'noise', 0, 1]) seen.add(new Rng(seed).fork(label).nextUint32());
    expect(seen.size).to.equal(80);
    expect(hashSeed(1, 'a')).not.to.equal(hashSeed(2, 'a'));
  });

  it('draws uniforms in [0, 1) with the right mean, and normals and Poisson counts with the right moments', () => {
    const r = new Rng(42);
    const n = 20000;
    let su = 0, sn = 0, sn2 = 0, sp = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      expect(u).to.be.within(0, 1 - Number.EPSILON);
      su += u;
      const z = r.normal();
      sn += z; sn2 += z * z;
      sp += r.poisson(4);
    }
    expect(su / n).to.be.closeTo(0.5, 0.01);
    expect(sn / n).to.be.closeTo(0, 0.03);
    expect(sn2 / n).to.be.closeTo(1, 0.04);
    expect(sp / n).to.be.closeTo(4, 0.06);
  });

  it('rejects a non-finite seed', () => {
    expect(() => new Rng(NaN)).to.throw(RangeError);
  });
});
