import { expect } from 'chai';
import { convertTwoTheta, resampleToGrid, scanToProfile, snipBackground } from '../../../lib/data/characterization/xrd_measured.js';
import { parseXrdml } from '../../../lib/data/characterization/xrdml.js';
import { twoThetaGrid } from '../../../lib/data/characterization/xrd_profile.js';
import { peakOnBackground, xrdml } from '../../helpers/xrdml_fixtures.js';

describe('xrd_measured: measured scans on the simulation grid', () => {
  it('removes a sloping background and keeps the peak where it was measured', () => {
    const scan = parseXrdml(xrdml(peakOnBackground(4001, 41.3)));
    const profile = scanToProfile(scan, { twoThetaRange: [20, 60], points: 801 }, { wavelength: null });
    const grid = twoThetaGrid({ twoThetaRange: [20, 60], points: 801 });
    expect(grid[profile.indexOf(1)]).to.be.closeTo(41.3, 0.05);
    const far = profile.filter((_, i) => Math.abs(grid[i]! - 41.3) > 2);
    expect(Math.max(...far)).to.be.below(0.02);
    const raw = scanToProfile(scan, { twoThetaRange: [20, 60], points: 801 }, { wavelength: null, background: 'none' });
    expect(Math.max(...raw.filter((_, i) => Math.abs(grid[i]! - 41.3) > 2))).to.be.above(0.1);
  });

  it('estimates a flat background under peaks with SNIP', () => {
    const values = Array.from({ length: 500 }, (_, i) => 100 + (Math.abs(i - 250) < 5 ? 1000 : 0));
    const bg = snipBackground(values, 20);
    expect(bg[250]).to.be.closeTo(100, 1);
    expect(bg[10]).to.be.closeTo(100, 1e-6);
  });

  it('averages fine scans onto a coarser grid and interpolates coarse ones', () => {
    expect(Array.from(resampleToGrid([0, 0.4, 0.6, 1, 1.4], [1, 3, 5, 7, 9], [0, 1]))).to.deep.equal([2, 7]);
    expect(Array.from(resampleToGrid([0, 1], [0, 10], [0, 0.25, 0.5, 0.75, 1, 2]))).to.deep.equal([0, 2.5, 5, 7.5, 10, 0]);
  });

  it('re-expresses 2θ for another wavelength through Bragg\'s law', () => {
    const [moved] = convertTwoTheta([40], 1.54184, 0.71073);
    const d = 1.54184 / (2 * Math.sin((20 * Math.PI) / 180));
    expect(moved).to.be.closeTo((360 / Math.PI) * Math.asin(0.71073 / (2 * d)), 1e-10);
    expect(convertTwoTheta([170], 0.71073, 1.54184)[0]).to.be.NaN;
  });
});
