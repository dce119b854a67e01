import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../lib/config.js';
import { initEngine, tf } from '../../lib/env.js';
import { retrievalTable } from '../../lib/eval/retrieval.js';
import { prepareRunData } from '../../lib/eval/run_data.js';
import { loadCheckpoint } from '../../lib/train/checkpoint.js';
import { embedMaterials } from '../../lib/train/embedding.js';
import { loadRun } from '../../lib/train/run_dir.js';
import { trainAlignment } from '../../lib/train/trainer.js';
import { SOLID_STATE_SAMPLE } from '../helpers/synthesis_fixtures.js';
import { sharedFile } from '../helpers/shared_data.js';

const MP20 = sharedFile('mp20/train_partial.csv.gz');
const CLI = join(process.cwd(), 'lib/cli.ts');

describe('alignment training (tiny preset, real MP-20 rows)', function () {
  this.timeout(180_000);
  let dir = '';
  before(async function () {
    if (!MP20) this.skip();
    dir = mkdtempSync(join(tmpdir(), 'matalign-train-'));
  });

  it('lowers the loss, ranks held-out materials better than chance and leaks no tensors', async () => {
    const engine = await initEngine('wasm');
    const config = resolveConfig('tiny', { train: { epochs: 4 } });
    const out = join(dir, 'run');
    const before = tf.memory().numTensors;
    const summary = await trainAlignment({ preset: 'tiny', config, structureFiles: [MP20!], synthesisFiles: [SOLID_STATE_SAMPLE], outDir: out, resume: false, engine });
    expect(tf.memory().numTensors).to.equal(before);
    expect(summary.epochs).to.have.length(4);
    expect(summary.epochs[3]!.train_loss).to.be.lessThan(summary.epochs[0]!.train_loss);
    const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(metrics).to.have.length(4);
    const manifest = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(manifest.data.structures[0].sha256).to.match(/^[0-9a-f]{64}$/);
    expect(manifest.backend).to.equal('wasm');

    const run = await loadRun(out);
    const { data, ctx, indices, scope, modalities } = await prepareRunData(run, [MP20!], [SOLID_STATE_SAMPLE]);
    expect(scope).to.equal('test');
    const split = JSON.parse(readFileSync(join(out, 'split.json'), 'utf8'));
    const trainIds = new Set(split.train);
    expect(indices.length).to.be.greaterThan(1);
    for (const i of indices) expect(trainIds.has(data.set.materials[i]!.id)).to.equal(false);
    const emb = embedMaterials(run.model, ctx, indices, modalities);
    const results = retrievalTable(emb, 1000, 0).filter((r) => r.query === 'structure' || r.target === 'structure');
    expect(results.length).to.be.greaterThan(0);
    const meanRank = results.reduce((a, r) => a + r.mean_rank, 0) / results.length;
    const chance = results.reduce((a, r) => a + (r.n + 1) / 2, 0) / results.length;
    expect(meanRank).to.be.lessThan(chance);

    // Save → load → identical embeddings.
    const again = await loadRun(out);
    const emb2 = embedMaterials(again.model, { ...ctx, tokenizer: again.tokenizer }, indices, modalities);
    for (const [m, e] of emb) expect(Array.from(emb2.get(m)!.values)).to.deep.equal(Array.from(e.values));
    run.model.dispose();
    again.model.dispose();
  });

  it('trains the same on the main thread as data-parallel on two worker threads', async () => {
    const engine = await initEngine('wasm');
    const config = resolveConfig('tiny', { train: { epochs: 2 } });
    const losses: number[][] = [];
    for (const workers of [0, 2]) {
      const summary = await trainAlignment({ preset: 'tiny', config, structureFiles: [MP20!], synthesisFiles: [SOLID_STATE_SAMPLE], outDir: join(dir, `workers${workers}`), resume: false, engine, workers });
      losses.push(summary.epochs.map((e) => e.train_loss));
    }
    // Same batches and the same gradients up to float summation order: the losses agree closely.
    losses[0]!.forEach((l, i) => expect(losses[1]![i]).to.be.closeTo(l, 1e-3 * Math.abs(l)));
  });

  it('resumes from the previous checkpoint after a kill during a checkpoint write', async () => {
    const out = join(dir, 'killed');
    const configFile = join(dir, 'config.json');
    writeFileSync(configFile, JSON.stringify({ train: { epochs: 2, checkpointEvery: 1 } }));
    const args = ['--import', 'tsx', CLI, 'train', '--preset', 'tiny', '--structures', MP20!, '--synthesis', SOLID_STATE_SAMPLE, '--out', out, '--config', configFile, '--backend', 'wasm'];
    const killed = spawnSync(process.execPath, args, { env: { ...process.env, MATALIGN_CRASH_AT: 'checkpoint-manifest:3' }, encoding: 'utf8' });
    expect(killed.signal).to.equal('SIGKILL');
    const survivor = await loadCheckpoint(out, 'last');
    expect(survivor?.state?.step).to.equal(2);
    expect(readdirSync(out).some((f) => f.endsWith('.tmp'))).to.equal(true);
    const resumed = spawnSync(process.execPath, [...args, '--resume'], { encoding: 'utf8' });
    expect(resumed.status, resumed.stderr).to.equal(0);
    expect(resumed.stderr).to.match(/resuming at epoch 1, step 2/);
    const final = await loadCheckpoint(out, 'last');
    expect(final?.state?.done).to.equal(true);
    expect(readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n')).to.have.length(2);
  });
});
