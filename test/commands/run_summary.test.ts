import { expect } from 'chai';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resultLines } from '../../lib/commands/run_summary.js';

const result = (query: string, target: string, r1: number) => ({ query, target, n: 50, 'R@1': r1, 'R@5': 0.5, 'R@10': 0.7, mean_rank: 5, median_rank: 3, 'chance_R@10': 0.2 });

describe('the results table of matalign run', () => {
  it('shows training, the trained retrieval pairs and a line per other evaluation present', () => {
    const out = mkdtempSync(join(tmpdir(), 'matalign-summary-'));
    mkdirSync(join(out, 'run'));
    writeFileSync(join(out, 'run/run.json'), JSON.stringify({ config: { loss: { pairs: [['structure', 'xrd']] } } }));
    const epoch = (e: number, r1: number) => JSON.stringify({ epoch: e, step: e, train_loss: 3, val_loss: 2.5, temperature: 0.07, 'val_R@1': r1, lr: 1e-3, seconds: 10, samples_per_s: 5 });
    writeFileSync(join(out, 'run/metrics.jsonl'), `${epoch(1, 0.4)}\n${epoch(2, 0.3)}\n`);
    writeFileSync(join(out, 'retrieval.json'), JSON.stringify({ run: 'x', gallery: 1000, results: [result('structure', 'xrd', 0.25), result('xrd', 'structure', 0.5), result('text', 'xrd', 0.1)] }));
    writeFileSync(join(out, 'synthesis.json'), JSON.stringify({ run: 'x', n_test_targets: 9, results: [{ model: 'matalign', 'success@1': 0.5, 'success@5': 0.75, precision: 1, recall: 1, f1: 0.8, temperature_mae_C: 100 }] }));
    const lines = resultLines(out);
    expect(lines[0]).to.equal('training: 2 epochs, 20 s; final val loss 2.500, val R@1 0.300 (best 0.400 at epoch 1)');
    expect(lines.filter((l) => l.includes('→'))).to.have.length(2);
    expect(lines.find((l) => l.startsWith('structure → xrd'))).to.match(/50\s+0\.250\s+0\.700\s+0\.200$/);
    expect(lines).to.include(`(pairs trained together; all 3 pairs in ${join(out, 'retrieval.json')})`);
    expect(lines[lines.length - 1]).to.equal('synthesis matalign: success@1 0.500, success@5 0.750, precursor F1 0.800 (9 targets)');
  });

  it('is empty for a folder without results', () => {
    expect(resultLines(mkdtempSync(join(tmpdir(), 'matalign-summary-')))).to.deep.equal([]);
  });
});
