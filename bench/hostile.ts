// Hostile-input harness: builds a corpus of hostile inputs (bench/hostile/corpus.ts) in a
// temporary folder, runs each matalign command line as a child process under a time and a
// memory limit, and classifies it clean — exit 0 with sane output, or a non-zero exit with one
// line on stderr and no stack trace; nothing written outside the out folder — or not.
// Prints a JSON line per case that is not clean, then {"cases": N, "clean": M}.
// usage: npx tsx bench/hostile.ts [--jobs 2] [--timeout 20] [--memory 1024]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCorpus, HostileCase } from './hostile/corpus.js';

const { values } = parseArgs({ options: { jobs: { type: 'string' }, timeout: { type: 'string' }, memory: { type: 'string' }, keep: { type: 'boolean' } } });
const JOBS = Number(values.jobs ?? 2);
const TIMEOUT_S = Number(values.timeout ?? 20);
const MEMORY_MB = Number(values.memory ?? 1024);
const CLI = resolve('lib/cli.ts');
// tsx is resolved here: the commands run inside the corpus folder, outside this package.
const NODE = `"${process.execPath}" --max-old-space-size=${MEMORY_MB} --import "${import.meta.resolve('tsx')}" "${CLI}"`;

interface Outcome { code: number | null; signal: string | null; stdout: string; stderr: string; seconds: number; timedOut: boolean }

function run(c: HostileCase, cwd: string): Promise<Outcome> {
  const command = c.shell ? c.shell.replace('CLI', NODE) : `${NODE} ${c.args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ')}`;
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn('bash', ['-c', command], { cwd, env: { ...process.env, NODE_OPTIONS: '' }, detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => { if (stdout.length < 1 << 22) stdout += d; });
    child.stderr.on('data', (d) => { if (stderr.length < 1 << 20) stderr += d; });
    const timer = setTimeout(() => { timedOut = true; try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, TIMEOUT_S * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr, seconds: (performance.now() - t0) / 1000, timedOut });
    });
  });
}

/** Every file under `dir`, relative to it. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p, base) : [relative(base, p)];
  });
}

/** Files outside `root/out` that appeared since `before` (and stray names beside the corpus folder). */
function strayWrites(root: string, before: Set<string>, besideBefore: Set<string>): string[] {
  const inside = walk(root).filter((f) => !f.startsWith('out/') && !before.has(f));
  const beside = readdirSync(dirname(root)).filter((f) => !besideBefore.has(f) && /escape|pwned|^abs|^micrograph_/.test(f));
  return [...inside, ...beside.map((f) => join(dirname(root), f))];
}

/** Why the outcome is not clean, or null when it is. */
function problem(c: HostileCase, o: Outcome, stray: string[]): string | null {
  if (stray.length) return `wrote outside the out folder: ${stray.join(', ')}`;
  if (o.timedOut) return `no answer within ${TIMEOUT_S} s`;
  if (o.signal) return `killed by ${o.signal}`;
  if (/\n\s+at .+:\d+:\d+/.test(o.stderr) || /internal error|FATAL ERROR|heap out of memory/i.test(o.stderr)) return 'stack trace or crash on stderr';
  if (o.code === 0) {
    if (c.shell) return null;
    if (!o.stdout.trim()) return 'exit 0 without output';
    if (c.args.includes('--json') && !o.stdout.trim().split('\n').every((l) => { try { JSON.parse(l); return true; } catch { return false; } })) return 'exit 0 with output that is not JSON lines';
    return null;
  }
  const lines = o.stderr.trimEnd().split('\n').filter(Boolean);
  if (lines.length !== 1) return `non-zero exit with ${lines.length} stderr lines`;
  if (!/^matalign/.test(lines[0]!)) return 'non-zero exit without a matalign message';
  return null;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'matalign-hostile-'));
  const cases = buildCorpus(root);
  const before = new Set(walk(root).filter((f) => !f.startsWith('out/')));
  const besideBefore = new Set(readdirSync(dirname(root)));
  let clean = 0;
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++]!;
      const o = await run(c, root);
      const why = problem(c, o, strayWrites(root, before, besideBefore));
      if (why === null) clean++;
      else process.stdout.write(JSON.stringify({ case: c.name, kind: c.kind, problem: why, exit: o.code, seconds: Number(o.seconds.toFixed(2)), stderr: o.stderr.slice(0, 300) }) + '\n');
    }
  };
  await Promise.all(Array.from({ length: JOBS }, worker));
  process.stdout.write(JSON.stringify({ cases: cases.length, clean }) + '\n');
  if (!values.keep) rmSync(root, { recursive: true, force: true });
}

await main();
