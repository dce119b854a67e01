// Wall time of a real training run of a preset through the CLI of a built checkout (this one,
// or an older commit's worktree for a before/after comparison): data preparation (loading and
// features), then each epoch as the run's metrics.jsonl records it (steps plus validation).
// Peak memory of the whole process (worker threads included). One JSON line per run.
// usage: npx tsx bench/epoch_time.ts [--checkout DIR] [--preset full] [--epochs 1] [--workers N|auto] [--data DIR]
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { emit } from './machine.js';

const { values } = parseArgs({ options: { checkout: { type: 'string' }, preset: { type: 'string' }, epochs: { type: 'string' }, workers: { type: 'string' }, data: { type: 'string' } } });
const checkout = resolve(values.checkout ?? join(import.meta.dirname, '..'));
const data = resolve(values.data ?? join(import.meta.dirname, '../../shared/data'));
const preset = values.preset ?? 'full';
const epochs = Number(values.epochs ?? 1);
const out = mkdtempSync(join(tmpdir(), 'matalign-epoch-'));
const config = join(out, 'config.json');
await import('node:fs/promises').then((fs) => fs.writeFile(config, JSON.stringify({ train: { epochs, checkpointEvery: 0 } })));
const args = [join(checkout, 'dist/lib/cli.js'), 'train', '--preset', preset, '--backend', 'wasm', '--config', config, '--out', join(out, 'run'),
  '--structures', join(data, 'mp20/train_partial.csv.gz'), '--structures', join(data, 'mp20/val_partial.csv.gz'),
  '--synthesis', join(data, 'synthesis/solid-state_2019-12-03.shared.jsonl.gz'), '--synthesis', join(data, 'synthesis/sol-gel_2020-07-13.shared.jsonl.gz'),
  ...(values.workers !== undefined ? ['--workers', values.workers] : [])];
const t0 = performance.now();
let prepared = NaN, threads = 'main thread';
// GNU time's last stderr line: the peak resident memory of the process, its threads included.
const child = spawn('/usr/bin/time', ['-f', 'peak_rss_kb %M', process.execPath, ...args], { cwd: checkout, stdio: ['ignore', 'ignore', 'pipe'] });
let peakRssMb = NaN;
for await (const line of createInterface({ input: child.stderr })) {
  const rss = /^peak_rss_kb (\d+)$/.exec(line);
  if (rss) peakRssMb = Number(rss[1]) / 1024;
  // The trainer logs the split and parameter count once features and model are ready.
  if (/ training, \d+ validation/.test(line)) prepared = (performance.now() - t0) / 1000;
  if (line.startsWith('data-parallel steps on')) threads = line;
}
const code = await new Promise<number>((r) => child.on('close', (c) => r(c ?? 1)));
const wall = (performance.now() - t0) / 1000;
if (code !== 0) throw new Error(`training exited with ${code}`);
const metrics = readFileSync(join(out, 'run/metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { epoch: number; seconds: number; step: number; samples_per_s: number });
emit({
  bench: 'epoch_time', preset, checkout: execFileSync('git', ['-C', checkout, 'rev-parse', '--short', 'HEAD']).toString().trim(), workers: values.workers ?? 'auto', threads,
  preparation_s: prepared, peak_rss_mb: Math.round(peakRssMb), epochs: metrics.map((m) => ({ epoch: m.epoch, seconds: m.seconds, steps: m.step, samples_per_s: m.samples_per_s })), wall_s: wall,
});
rmSync(out, { recursive: true, force: true });
