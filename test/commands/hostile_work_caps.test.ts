import { expect } from 'chai';
import { unzipSync, zipSync } from 'fflate';
import { checkNeighborWork, MAX_NEIGHBOR_PAIRS, NeighborLimitError } from '../../lib/data/structure/neighbors.js';
import { estimateReflections, simulateXrd, XrdError } from '../../lib/data/characterization/xrd.js';
import { readZipEntries } from '../../lib/data/io/zip_entries.js';
import { structureFromCif } from '../../lib/data/structure/crystal.js';
import { rockSalt } from '../helpers/cif.js';
import { writeTemp } from '../helpers/hostile_fixtures.js';
import { isOneLineRefusal, runMain } from '../helpers/run_main.js';

/** A zip whose one entry declares `declared` inflated bytes (local header and central directory patched). */
function zipDeclaring(declared: number): Uint8Array {
  const zip = zipSync({ 'a.xrdml': new Uint8Array(100), 'b.txt': new Uint8Array(10) });
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let p = 0; p + 4 <= zip.length; p++) {
    const sig = view.getUint32(p, true);
    if (sig === 0x04034b50 && zip[p + 30] === 0x61) view.setUint32(p + 22, declared, true);
    if (sig === 0x02014b50 && zip[p + 46] === 0x61) view.setUint32(p + 24, declared, true);
  }
  return zip;
}

describe('work and memory bounded before spent', () => {
  it('estimates reflections from the cell volume and refuses a 1000 Å cell with the number and the cap', () => {
    expect(estimateReflections(1e9, 0, 1.3)).to.be.greaterThan(1e9);
    const huge = structureFromCif(rockSalt(1000));
    expect(() => simulateXrd(huge)).to.throw(XrdError, /reflections .*over the cap of 1000000/);
  });

  it('refuses a neighbour search whose estimated pairs exceed the cap', () => {
    const s = structureFromCif(rockSalt());
    expect(() => checkNeighborWork(s, 8)).to.not.throw();
    expect(() => checkNeighborWork(s, 500)).to.throw(NeighborLimitError, new RegExp(`cap of ${MAX_NEIGHBOR_PAIRS}`));
  });

  it('refuses absurd flag values and huge work in the CLI quickly, with one line', async () => {
    const cif = writeTemp('nacl.cif', rockSalt());
    const big = writeTemp('big.cif', rockSalt(1000));
    const cases = [
      ['xrd', big], ['xrd', cif, '--wavelength', '0.00001'], ['xrd', cif, '--points', '1e12'],
      ['graph', cif, '--cutoff', '1e6'], ['micrograph', cif, '--pixel-size', '1e6'], ['micrograph', cif, '--thickness', '1e9'],
      ['micrograph', cif, '--pixel-size', '5', '--thickness', '1000'], ['micrograph', cif, '--size', '100000'],
    ];
    for (const args of cases) {
      const t0 = performance.now();
      const r = await runMain(args);
      expect(isOneLineRefusal(r), `${args.join(' ')}: ${r.stderr}`).to.equal(true);
      expect(performance.now() - t0, args.join(' ')).to.be.below(10_000);
    }
  });

  it('checks declared zip entry sizes before inflating and inflates only the entries used', async () => {
    const path = writeTemp('x.zip', zipDeclaring(0xfffffff0));
    const contents = await readZipEntries(path, (n) => n.endsWith('.xrdml'));
    expect(contents.entries).to.have.length(0);
    expect(contents.rejected[0]!.reason).to.match(/declares 4294967280 bytes .*cap/);
    expect(contents.unused).to.deep.equal(['b.txt']);
    expect(Object.keys(unzipSync(zipDeclaring(100)))).to.have.length(2);
  });
});
