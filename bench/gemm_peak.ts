// The matrix-product ceiling of each side on this CPU: GFLOP/s of one untransposed product
// C = A·B on TF.js (XNNPACK through the wasm fast path, one thread) and in PyTorch 1.13
// (one thread and all cores), at the shapes that dominate the towers' steps plus a square
// one. A compute-bound tower cannot beat the ratio of these ceilings. One JSON line per shape.
// usage: npx tsx bench/gemm_peak.ts [--reps 9] [--python /usr/bin/python3]
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { initEngine, tf } from '../lib/env.js';
import { emit } from './machine.js';

const { values } = parseArgs({ options: { reps: { type: 'string' }, python: { type: 'string' } } });
const reps = Number(values.reps ?? 9);
await initEngine('wasm');
/** [M, K, N]: text/dense layers (B·L rows), the gcn3d messages, a conv weight gradient's contraction, square. */
const SHAPES: [number, number, number][] = [[12288, 96, 96], [12288, 96, 192], [30720, 96, 96], [96, 12288, 96], [1024, 1024, 1024]];

function tfjsGflops([M, K, N]: [number, number, number]): number {
  const a = tf.randomNormal([M, K]), b = tf.randomNormal([K, N]);
  const times: number[] = [];
  for (let i = 0; i < reps + 2; i++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    c.dataSync();
    if (i >= 2) times.push(performance.now() - t0);
    c.dispose();
  }
  tf.dispose([a, b]);
  return (2 * M * K * N) / (times.sort((x, y) => x - y)[times.length >> 1]! * 1e6);
}

const script = `
import json, sys, time, os, torch
shapes, reps = json.loads(sys.argv[1]), int(sys.argv[2])
out = {}
for threads in sorted({1, os.cpu_count() or 1}):
    torch.set_num_threads(threads)
    for M, K, N in shapes:
        a, b = torch.randn(M, K), torch.randn(K, N)
        ts = []
        for i in range(reps + 2):
            t0 = time.perf_counter(); torch.mm(a, b); t = time.perf_counter() - t0
            if i >= 2: ts.append(t)
        out[f"{M}x{K}x{N}/{threads}"] = 2 * M * K * N / (sorted(ts)[len(ts) // 2] * 1e9)
print(json.dumps({"torch": torch.__version__, "gflops": out}))
`;
const py = spawnSync(values.python ?? '/usr/bin/python3', ['-c', script, JSON.stringify(SHAPES), String(reps)], { encoding: 'utf8' });
const torch = py.status === 0 ? (JSON.parse(py.stdout) as { torch: string; gflops: Record<string, number> }) : null;
if (!torch) emit({ bench: 'gemm_peak', skipped: `PyTorch unavailable: ${(py.stderr || py.error?.message || '').trim().split('\n').pop()}` });
for (const shape of SHAPES) {
  const key = shape.join('x');
  const ours = tfjsGflops(shape);
  const byThreads = torch ? Object.fromEntries(Object.entries(torch.gflops).filter(([k]) => k.startsWith(`${key}/`)).map(([k, v]) => [`threads_${k.split('/')[1]}`, v])) : null;
  const best = byThreads ? Math.max(...Object.values(byThreads)) : null;
  emit({ bench: 'gemm_peak', shape: { M: shape[0], K: shape[1], N: shape[2] }, tfjs_wasm_gflops: ours, torch_gflops: byThreads, torch_version: torch?.torch ?? null, torch_best_over_tfjs: best ? best / ours : null });
}
