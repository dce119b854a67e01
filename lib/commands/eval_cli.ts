// Runs `matalign eval <task>` on a job's run as a child process, for notebooks: an evaluation
// whose command does not exist in this build is reported as unavailable instead of failing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.js';
import type { JobDataFiles } from './job_data.js';
import { evalTaskArgs } from './run_steps.js';

export interface EvalCliResult {
  /** 'written': the metrics file exists; 'unavailable': this build has no such evaluation. */
  readonly status: 'written' | 'unavailable';
  /** The metrics file (<outDir>/<task>.json). */
  readonly json: string;
  /** The command line run. */
  readonly command: string;
  readonly stdout: string;
  readonly stderr: string;
}

/** node + arguments that run this build's CLI (dist/lib/cli.js, or lib/cli.ts through tsx). */
function cliInvocation(): string[] {
  const js = fileURLToPath(new URL('../cli.js', import.meta.url));
  if (existsSync(js)) return [js];
  return ['--import', 'tsx', fileURLToPath(new URL('../cli.ts', import.meta.url))];
}

/** The arguments of `matalign eval <task>` on the run in <outDir>/run, writing <outDir>/<task>.json (as the main job runs it). */
export function evalCliArgs(task: string, o: { outDir: string; files: JobDataFiles; seed: number }): string[] {
  const outDir = resolve(o.outDir);
  const runDir = join(outDir, 'run');
  const outPath = join(outDir, `${task}.json`);
  if (!['property', 'synthesis', 'defects'].includes(task)) {
    return ['eval', task, '--run', runDir, ...o.files.structures.flatMap((f) => ['--structures', f]), ...o.files.synthesis.flatMap((f) => ['--synthesis', f]), '--seed', String(o.seed), '--json', outPath];
  }
  let preset = 'small';
  try { preset = (JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as { preset?: string }).preset ?? preset; } catch { /* the command reports the missing run */ }
  const args = evalTaskArgs(task, { runDir, files: o.files, seed: o.seed, preset, outPath });
  if (!args) throw new InputError(`evaluation '${task}' has no input files here`);
  return ['eval', task, ...args];
}

/**
 * Runs the evaluation and waits for it. An unknown evaluation gives status 'unavailable';
 * any other failure is an InputError with the command's last line of stderr.
 */
export function runEvalCli(task: string, o: { outDir: string; files: JobDataFiles; seed: number; env?: NodeJS.ProcessEnv }): EvalCliResult {
  const args = evalCliArgs(task, o);
  const json = args[args.length - 1]!;
  const r = spawnSync(process.execPath, [...cliInvocation(), ...args], { encoding: 'utf8', env: o.env ?? process.env, maxBuffer: 1 << 26 });
  const command = `matalign ${args.join(' ')}`;
  const result = { json, command, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  if (r.status !== 0 && /unknown evaluation/.test(result.stderr)) return { status: 'unavailable', ...result };
  if (r.status !== 0 || !existsSync(json)) {
    const last = result.stderr.trim().split('\n').pop() ?? `exit ${r.status}`;
    throw new InputError(`${command} failed: ${last}`);
  }
  return { status: 'written', ...result };
}
