import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evalCliArgs, runEvalCli } from '../../lib/commands/eval_cli.js';
import type { JobDataFiles } from '../../lib/commands/job_data.js';
import { InputError } from '../../lib/errors.js';

const files: JobDataFiles = {
  dir: '/d', structures: ['/d/a.csv.gz', '/d/b.csv.gz'], synthesis: ['/d/r.jsonl.gz'],
  measuredXrd: null, micrographs: null, elasticity: null, conductivity: null, perovskites: null,
};

describe('evaluations run as commands from notebooks', function () {
  this.timeout(60_000);

  it('passes the run, every data file, the seed and the metrics file named after the task', () => {
    expect(evalCliArgs('retrieval', { outDir: '/r/small', files, seed: 3 })).to.deep.equal([
      'eval', 'retrieval', '--run', '/r/small/run', '--structures', '/d/a.csv.gz', '--structures', '/d/b.csv.gz',
      '--synthesis', '/d/r.jsonl.gz', '--seed', '3', '--json', '/r/small/retrieval.json',
    ]);
  });

  it('gives property, synthesis and defects the flags the main job uses (the run\'s own held-out keys)', () => {
    const property = evalCliArgs('property', { outDir: '/r/small', files, seed: 3 });
    expect(property.slice(0, 8)).to.deep.equal(['eval', 'property', '--run', '/r/small/run', '--train', '/d/a.csv.gz', '--train', '/d/b.csv.gz']);
    expect(property).to.include('--split-test').and.include('run');
    const synthesis = evalCliArgs('synthesis', { outDir: '/r/small', files, seed: 3 });
    expect(synthesis).to.include.members(['--train', '--test', '/d/r.jsonl.gz', '--test-fraction', 'run', '--structures']);
    const defects = evalCliArgs('defects', { outDir: '/r/small', files, seed: 3 });
    expect(defects).to.not.include('--synthesis');
    expect(defects.slice(-4)).to.deep.equal(['--seed', '3', '--json', '/r/small/defects.json']);
  });

  it('reports an evaluation this build does not have as unavailable', () => {
    const out = mkdtempSync(join(tmpdir(), 'matalign-evalcli-'));
    const r = runEvalCli('no-such-evaluation', { outDir: out, files, seed: 0 });
    expect(r.status).to.equal('unavailable');
    expect(r.json).to.equal(join(out, 'no-such-evaluation.json'));
  });

  it('fails with the command\'s own message when an existing evaluation fails', () => {
    const out = mkdtempSync(join(tmpdir(), 'matalign-evalcli-'));
    expect(() => runEvalCli('retrieval', { outDir: out, files, seed: 0 })).to.throw(InputError, /matalign eval retrieval .* failed: .*no such readable file/);
  });
});
