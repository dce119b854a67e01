import { expect } from 'chai';
import { resolveConfig } from '../../lib/config.js';
import { loadMaterials } from '../../lib/data/paired/materials.js';
import { fromPlainMaterial, toPlainMaterial } from '../../lib/train/feature_workers.js';
import { prepareData } from '../../lib/train/prepare.js';
import { SOLID_STATE_SAMPLE } from '../helpers/synthesis_fixtures.js';
import { sharedFile } from '../helpers/shared_data.js';

const MP20 = sharedFile('mp20/train_partial.csv.gz');

describe('material features on worker threads (real MP-20 rows)', function () {
  this.timeout(120_000);
  before(function () { if (!MP20) this.skip(); });

  it('rebuilds a material from its plain form with the same structure', async () => {
    const { materials } = await loadMaterials([MP20!], [], { maxStructures: 3 });
    for (const m of materials) {
      const back = fromPlainMaterial(structuredClone(toPlainMaterial(m)));
      expect(back.structure!.natoms).to.equal(m.structure!.natoms);
      expect(back.structure!.volume).to.be.closeTo(m.structure!.volume, 1e-9);
      expect(back.structure!.composition()).to.deep.equal(m.structure!.composition());
      expect(back.composition).to.deep.equal(m.composition);
    }
  });

  it('gives the features computed on this thread, in the same order (structures and recipe-only materials)', async () => {
    const config = resolveConfig('tiny', { data: { maxStructures: 60 } });
    const serial = await prepareData(config, [MP20!], [SOLID_STATE_SAMPLE], { workers: 0 });
    const parallel = await prepareData(config, [MP20!], [SOLID_STATE_SAMPLE], { workers: 2 });
    expect(parallel.features).to.have.length(serial.features.length);
    expect(serial.features.some((f) => f.graph === null)).to.equal(true); // recipe-only materials are included
    // Structured cloning keeps typed arrays and values exactly.
    expect(parallel.features).to.deep.equal(serial.features);
  });
});
