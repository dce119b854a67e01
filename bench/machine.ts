// What every bench line says about where it ran.
import { cpus, totalmem } from 'node:os';

export function machine(): { cpu: string; cores: number; memory_gb: number; node: string } {
  return { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memory_gb: Math.round(totalmem() / 2 ** 30), node: process.version };
}

export function emit(record: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ ...record, machine: machine() }) + '\n');
}
