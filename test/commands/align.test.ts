import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from '../helpers/run_main.js';
import { sharedFile } from '../helpers/shared_data.js';
import { SOLID_STATE_SAMPLE } from '../helpers/synthesis_fixtures.js';

const MP20 = sharedFile('mp20/train_partial.csv.gz');

describe('train, embed and eval retrieval commands', function () {
  this.timeout(120_000);
  let dir = '';
  let run = '';
  before(async function () {
    if (!MP20) this.skip();
    dir = mkdtempSync(join(tmpdir(), 'matalign-align-'));
    run = join(dir, 'run');
    const r = await runMain(['train', '--preset', 'tiny', '--structures', MP20!, '--synthesis', SOLID_STATE_SAMPLE, '--out', run, '--backend', 'wasm', '--seed', '3']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/trained 3 epoch\(s\)/);
  });

  it('embeds every material and modality of a file the run never saw, one JSON line each', async () => {
    const unseen = join(dir, 'two.cif');
    writeFileSync(unseen, [
      'data_NaCl', '_cell_length_a 5.64', '_cell_length_b 5.64', '_cell_length_c 5.64', '_cell_angle_alpha 90', '_cell_angle_beta 90', '_cell_angle_gamma 90',
      'loop_', '_symmetry_equiv_pos_as_xyz', "'x, y, z'", "'x, y+1/2, z+1/2'", "'x+1/2, y, z+1/2'", "'x+1/2, y+1/2, z'",
      'loop_', '_atom_site_type_symbol', '_atom_site_label', '_atom_site_fract_x', '_atom_site_fract_y', '_atom_site_fract_z', '_atom_site_occupancy',
      'Na Na1 0 0 0 1', 'Cl Cl1 0.5 0.5 0.5 1', '',
    ].join('\n'));
    const out = join(dir, 'emb.jsonl');
    const r = await runMain(['embed', '--run', run, '--structures', unseen, '--modalities', 'structure,xrd,composition', '--out', out]);
    expect(r.code, r.stderr).to.equal(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.modality).sort()).to.deep.equal(['composition', 'structure', 'xrd']);
    for (const l of lines) {
      expect(l.id).to.equal('NaCl');
      expect(l.embedding).to.have.length(16);
      expect(Math.hypot(...l.embedding)).to.be.closeTo(1, 1e-3);
    }
  });

  it('writes the retrieval JSON for every ordered pair on the held-out split', async () => {
    const json = join(dir, 'retrieval.json');
    const r = await runMain(['eval', 'retrieval', '--run', run, '--structures', MP20!, '--synthesis', SOLID_STATE_SAMPLE, '--gallery', '1000', '--seed', '1', '--json', json]);
    expect(r.code, r.stderr).to.equal(0);
    const out = JSON.parse(readFileSync(json, 'utf8'));
    expect(out.run).to.equal(run);
    expect(out.gallery).to.equal(1000);
    const keys = ['query', 'target', 'n', 'R@1', 'R@5', 'R@10', 'mean_rank', 'median_rank', 'chance_R@10'];
    expect(out.results.length).to.be.greaterThanOrEqual(12);
    for (const row of out.results) expect(row).to.include.all.keys(...keys);
    expect(r.stdout).to.match(/structure\s+xrd/);
  });

  it('refuses unknown config keys with their path, and bad flags, in one line', async () => {
    const cfg = join(dir, 'bad.json');
    writeFileSync(cfg, JSON.stringify({ train: { epoch: 3 } }));
    const bad = await runMain(['train', '--preset', 'tiny', '--structures', MP20!, '--config', cfg, '--out', join(dir, 'x')]);
    expect(bad.code).to.not.equal(0);
    expect(bad.stderr).to.match(/config\.train\.epoch: unknown key/);
    const preset = await runMain(['train', '--preset', 'huge', '--structures', MP20!]);
    expect(preset.code).to.equal(2);
    const missing = await runMain(['eval', 'retrieval', '--run', join(dir, 'nope'), '--structures', MP20!, '--json', join(dir, 'r.json')]);
    expect(missing.code).to.equal(1);
    expect(missing.stderr.trim().split('\n')).to.have.length(1);
  });
});
