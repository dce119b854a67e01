// The runtime: which TF.js backend runs, the project's own kernels for it, and seeded RNG.
// The backend is chosen here and nowhere else.
import * as tf from '@tensorflow/tfjs-core';
// The union package registers every op's gradient (tfjs-core alone registers none in Node).
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import { InputError } from './errors.js';
import { registerProjectKernels } from './kernels/register.js';

export { Rng, hashSeed } from './rng.js';
export { tf };

export const BACKEND_NAMES = ['auto', 'webgpu', 'tfjs-node', 'wasm', 'cpu'] as const;
export type BackendRequest = (typeof BACKEND_NAMES)[number];

export interface EngineInfo {
  readonly requested: BackendRequest;
  /** The TF.js backend now active ('wasm', 'cpu', 'webgpu', 'tensorflow'). */
  readonly backend: string;
  /** Why this backend: what auto tried and what failed. */
  readonly notes: readonly string[];
  /** Kernels the project registered for this backend. */
  readonly projectKernels: readonly string[];
}

let current: EngineInfo | null = null;

export function parseBackendRequest(value: string | undefined): BackendRequest {
  const v = (value ?? 'auto').trim() || 'auto';
  if (!(BACKEND_NAMES as readonly string[]).includes(v)) {
    throw new InputError(`unknown backend '${v}' (choose one of ${BACKEND_NAMES.join(', ')})`);
  }
  return v as BackendRequest;
}

async function tryTfjsNode(notes: string[]): Promise<boolean> {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(pkg);
      if (await tf.setBackend('tensorflow')) return true;
    } catch (e) {
      notes.push(`${pkg}: ${firstLine(e)}`);
    }
  }
  return false;
}

/** WebGPU through Dawn; `allowFallback` accepts a software (CPU) adapter such as lavapipe. */
async function tryWebGpu(notes: string[], allowFallback: boolean): Promise<boolean> {
  try {
    const webgpu = (await import('webgpu')) as unknown as { create: (o: string[]) => GPU; globals: object };
    Object.assign(globalThis, webgpu.globals);
    const gpu = webgpu.create([]);
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) throw new Error('no WebGPU adapter');
    const info = (adapter as GPUAdapter & { info?: { isFallbackAdapter?: boolean; description?: string } }).info;
    if (info?.isFallbackAdapter && !allowFallback) throw new Error(`only a software adapter (${info.description ?? 'fallback'})`);
    await import('@tensorflow/tfjs-backend-webgpu');
    if (await tf.setBackend('webgpu')) return true;
    throw new Error('setBackend(webgpu) failed');
  } catch (e) {
    notes.push(`webgpu: ${firstLine(e)}`);
    return false;
  }
}

async function tryWasm(notes: string[]): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    return await tf.setBackend('wasm');
  } catch (e) {
    notes.push(`wasm: ${firstLine(e)}`);
    return false;
  }
}

/** The cpu backend prints an install hint on first use; the choice here is deliberate. */
function silenceCpuBanner(): void {
  const cpu = tf.findBackend('cpu') as (tf.KernelBackend & { firstUse?: boolean }) | null;
  if (cpu) cpu.firstUse = false;
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0]!;
}

/**
 * Starts TF.js on the requested backend (default: MATALIGN_BACKEND, else 'auto') and
 * registers the project's kernels. auto: tfjs-node(-gpu) if installed, else WebGPU on a
 * hardware adapter, else wasm, else cpu. An explicit request that cannot start is an error.
 */
export async function initEngine(request: BackendRequest = parseBackendRequest(process.env.MATALIGN_BACKEND)): Promise<EngineInfo> {
  if (current && current.requested === request && tf.getBackend() === current.backend) return current;
  const notes: string[] = [];
  const attempts: Record<Exclude<BackendRequest, 'auto'>, () => Promise<boolean>> = {
    'tfjs-node': () => tryTfjsNode(notes),
    webgpu: () => tryWebGpu(notes, request === 'webgpu'),
    wasm: () => tryWasm(notes),
    cpu: () => tf.setBackend('cpu'),
  };
  const order: Exclude<BackendRequest, 'auto'>[] = request === 'auto' ? ['tfjs-node', 'webgpu', 'wasm', 'cpu'] : [request];
  let started = false;
  for (const name of order) if ((started = await attempts[name]())) break;
  if (!started) throw new InputError(`backend '${request}' could not start: ${notes.join('; ')}`);
  await tf.ready();
  silenceCpuBanner();
  const backend = tf.getBackend();
  const projectKernels = registerProjectKernels(backend);
  current = { requested: request, backend, notes, projectKernels };
  return current;
}

/** The engine started by initEngine, or null. */
export function engineInfo(): EngineInfo | null {
  return current;
}

/** One line saying which backend runs and why, for logs and reports. */
export function describeEngine(info: EngineInfo): string {
  const why = info.notes.length ? ` (skipped: ${info.notes.join('; ')})` : '';
  return `backend ${info.backend} [requested ${info.requested}]${why}`;
}
