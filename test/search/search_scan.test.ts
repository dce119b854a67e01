import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulateXrd } from '../../lib/data/characterization/xrd.js';
import { PEAK_RANGE } from '../../lib/data/paired/features.js';
import { drawProfile } from '../../lib/data/paired/xrd_augment.js';
import { readStructureTable } from '../../lib/data/structure/structure_table.js';
import { searchScan } from '../../lib/search/search_scan.js';
import { runMain } from '../helpers/run_main.js';
import { SearchFixture, searchFixture } from '../helpers/search_fixtures.js';
import { xrdml } from '../helpers/xrdml_fixtures.js';

describe('searchScan', function () {
  this.timeout(300_000);
  let fx: SearchFixture;

  before(async function () {
    const pending = searchFixture();
    if (!pending) this.skip();
    fx = await pending!;
  });

  it('returns the structure of a scan first, inside its element set', async () => {
    const dir = join(mkdtempSync(join(fx.dir, 'scan-')), 'index');
    expect((await runMain(['index', '--run', fx.runDir, '--structures', fx.table, '--out', dir, '--modalities', 'structure', '--backend', 'wasm'])).code).to.equal(0);
    let target = null;
    for await (const row of readStructureTable(fx.table)) { target = row.structure; if (row.row === 6) break; }
    const p = simulateXrd(target!, { twoThetaRange: [PEAK_RANGE[0], PEAK_RANGE[1]] }).peaks;
    const profile = drawProfile({ twoTheta: Float64Array.from(p, (x) => x.twoTheta), intensity: Float64Array.from(p, (x) => x.intensity) }, 1401, null, null);
    const scan = join(fx.dir, 'scan6.xrdml');
    writeFileSync(scan, xrdml(Array.from(profile, (v) => Math.round(40 + 4000 * v)), 10, 80));
    const elements = [...target!.composition().keys()];
    const results = await searchScan(dir, scan, { elements, k: 5 });
    expect(results[0]!.id).to.equal(target!.id);
    expect(results.length).to.be.at.most(5);
  });
});
