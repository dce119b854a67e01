import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../lib/config.js';
import { initEngine } from '../../lib/env.js';
import { loadPropertyData, splitByKey, splitKeyOf } from '../../lib/eval/property_data.js';
import { prepareData } from '../../lib/train/prepare.js';
import { MP20, conductivityTable, mp20Slice, untrainedRun } from '../helpers/property_fixtures.js';

describe('property data', function () {
  this.timeout(60_000);
  let dir = '';
  before(async function () {
    if (!MP20) this.skip();
    await initEngine('wasm');
    dir = mkdtempSync(join(tmpdir(), 'matalign-propdata-'));
  });

  it('gives an ordered structure the same crystal graph through the disorder path', async () => {
    const file = await mp20Slice(join(dir, 'ordered.csv'), 0, 6);
    const config = resolveConfig('tiny');
    const plain = await prepareData(config, [file], [], { modalities: ['structure'] });
    const viaDisorder = await prepareData(config, [file], [], { modalities: ['structure'], allowDisorder: true });
    expect(viaDisorder.features).to.have.length(plain.features.length);
    plain.features.forEach((f, i) => expect(viaDisorder.features[i]!.graph).to.deep.equal(f.graph));
  });

  it('keeps disordered cells as virtual crystals and rows without a CIF by their formula, counting each', async () => {
    const file = await conductivityTable(join(dir, 'cond.csv'), 18);
    const run = untrainedRun();
    const data = await loadPropertyData(run, [file], [], { splitTest: 0.3, seed: 1 });
    expect(data.materials).to.have.length(19);
    const dis = data.materials.find((m) => m.id === 'dis')!;
    expect(dis.structure).to.not.equal(null);
    expect(data.compositionOnly['empty CIF']).to.equal(3);
    expect(data.materials.filter((m) => m.structure === null)).to.have.length(3);
    expect(data.materials[0]!.fields['Family']).to.equal('NASICON');
    const trainKeys = new Set(data.train.map((i) => splitKeyOf(data.materials[i]!)));
    for (const i of data.test) expect(trainKeys.has(splitKeyOf(data.materials[i]!))).to.equal(false);
    run.model.dispose();
  });

  it('splits by key with no key on both sides and the requested share of keys in test', () => {
    const keys = Array.from({ length: 50 }, (_, i) => `k${i % 20}`);
    const { train, test } = splitByKey(keys, 0.25, 4);
    expect(new Set(test.map((i) => keys[i])).size).to.equal(5);
    const t = new Set(train.map((i) => keys[i]));
    for (const i of test) expect(t.has(keys[i]!)).to.equal(false);
    expect(() => splitByKey(keys, 1, 0)).to.throw(/split-test/);
  });
});
