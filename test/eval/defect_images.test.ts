import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MICROGRAPH_CONFIG, DEFECT_KINDS } from '../../lib/data/characterization/micrograph.js';
import { structureFromCif } from '../../lib/data/structure/crystal.js';
import { cachedDefectSet, defectSetKey, simulateDefectSet } from '../../lib/eval/defect_images.js';
import { cifText, rockSalt } from '../helpers/cif.js';

const CONFIG = { ...DEFAULT_MICROGRAPH_CONFIG, size: 16, pixelSize: 0.4 };
const SOURCES = [
  { id: 'nacl', structure: structureFromCif(rockSalt(5.64)) },
  { id: 'cu', structure: structureFromCif(cifText({ cell: [3.6, 3.6, 3.6, 90, 90, 90], sites: [['Cu', 0, 0, 0]], name: 'Cu' })) },
];

describe('simulated defect micrograph sets', function () {
  this.timeout(20_000);
  let dir = '';
  before(() => { dir = mkdtempSync(join(tmpdir(), 'defect-images-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('images every defect kind per seed, and leaves out a crystal that cannot hold one (antisite in an element)', () => {
    const set = simulateDefectSet(SOURCES, { seedsPerStructure: 2, seed: 0, label: 'default', config: CONFIG });
    expect(set.classes).to.deep.equal([...DEFECT_KINDS]);
    expect(set.ids).to.deep.equal(['nacl']);
    expect(set.skipped.map((s) => s.id)).to.deep.equal(['cu']);
    expect(Array.from(set.labels)).to.deep.equal([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
    expect(Array.from(set.groups)).to.deep.equal(new Array(10).fill(0));
    expect(set.pixels).to.have.length(10 * 16 * 16);
    expect(set.pixels.every((v) => v >= 0 && v <= 1)).to.equal(true);
  });

  it('keys and caches a simulation: a second call reads the same images, other settings miss', async () => {
    const o = { seedsPerStructure: 1, seed: 3, label: 'default', config: CONFIG };
    const first = await cachedDefectSet(dir, SOURCES, o);
    const second = await cachedDefectSet(dir, SOURCES, o);
    expect([first.cached, second.cached]).to.deep.equal([false, true]);
    expect(Array.from(second.set.pixels)).to.deep.equal(Array.from(first.set.pixels));
    expect(second.set.skipped).to.deep.equal(first.set.skipped);
    expect(defectSetKey(SOURCES, { ...o, seed: 4 })).to.not.equal(defectSetKey(SOURCES, o));
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).to.deep.equal([]);
  });
});
