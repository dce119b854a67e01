// Running `matalign` in-process (faster than a child process) while collecting stdout and stderr.
import { main } from '../../lib/cli.js';

export interface MainResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs main(args); an error main lets through (a bug) is returned as code -1 with its stack on stderr. */
export async function runMain(args: string[]): Promise<MainResult> {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  let stdout = '';
  let stderr = '';
  process.stdout.write = ((chunk: string | Uint8Array) => { stdout += String(chunk); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => { stderr += String(chunk); return true; }) as typeof process.stderr.write;
  try {
    return { code: await main(args), stdout, stderr };
  } catch (e) {
    return { code: -1, stdout, stderr: stderr + String((e as Error).stack) };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

/** A clean refusal: non-zero exit, exactly one line on stderr naming the command, no stack trace. */
export function isOneLineRefusal(r: MainResult): boolean {
  const lines = r.stderr.trimEnd().split('\n');
  return r.code > 0 && lines.length === 1 && /^matalign/.test(lines[0]!) && !/\n\s+at /.test(r.stderr);
}
