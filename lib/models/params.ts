// Named trainable parameters of a model: created once with a seeded initialiser, looked up
// by name in forward passes, serialised to one Float32Array for checkpoints.
import { Rng, tf } from '../env.js';
import { InputError } from '../errors.js';

export type Init = 'glorot' | 'he' | 'zeros' | 'ones' | { normal: number } | { constant: number };

export interface SerializedParams {
  readonly names: readonly string[];
  readonly shapes: readonly (readonly number[])[];
  /** Concatenated float32 values in `names` order. */
  readonly values: Float32Array;
}

let storeCount = 0;

export class ParamStore {
  private readonly vars = new Map<string, tf.Variable>();
  /** TF.js variable names are global: each store prefixes its own. */
  private readonly prefix = `m${storeCount++}/`;

  constructor(private readonly rng: Rng) {}

  /** The parameter `name`, created with `init` on first use (shape must then match). */
  get(name: string, shape: readonly number[], init: Init = 'glorot'): tf.Variable {
    const existing = this.vars.get(name);
    if (existing) {
      if (existing.shape.join() !== shape.join()) throw new Error(`parameter ${name}: shape [${existing.shape}] vs [${shape}]`);
      return existing;
    }
    const v = tf.tidy(() => tf.variable(tf.tensor(initialValues(shape, init, this.rng), [...shape], 'float32'), true, this.prefix + name));
    this.vars.set(name, v);
    return v;
  }

  /** The parameter `name`, which must exist. */
  require(name: string): tf.Variable {
    const v = this.vars.get(name);
    if (!v) throw new Error(`no parameter ${name}`);
    return v;
  }

  /** The parameter name of a TF.js variable name of this store. */
  nameOf(variableName: string): string {
    return variableName.startsWith(this.prefix) ? variableName.slice(this.prefix.length) : variableName;
  }

  /** Name → variable. */
  entries(): Map<string, tf.Variable> {
    return new Map(this.vars);
  }

  names(): string[] {
    return [...this.vars.keys()];
  }

  variables(): tf.Variable[] {
    return [...this.vars.values()];
  }

  /** Parameters whose name starts with `prefix` (one tower). */
  variablesOf(prefix: string): tf.Variable[] {
    return [...this.vars.entries()].filter(([n]) => n.startsWith(prefix)).map(([, v]) => v);
  }

  count(prefix = ''): number {
    return this.variablesOf(prefix).reduce((a, v) => a + v.size, 0);
  }

  serialize(): SerializedParams {
    return serializeVariables(this.vars);
  }

  /** serialize() with asynchronous read-back (every backend, WebGPU included). */
  async serializeAsync(): Promise<SerializedParams> {
    return serializeVariablesAsync(this.vars);
  }

  /** Assigns saved values; saved and model parameters must match one to one, with equal shapes. */
  load(saved: SerializedParams): void {
    const savedNames = new Set(saved.names);
    const missing = this.names().filter((n) => !savedNames.has(n));
    if (missing.length) throw new InputError(`checkpoint lacks model parameter(s) ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}: it was written by another version of the model`);
    let offset = 0;
    saved.names.forEach((name, i) => {
      const shape = saved.shapes[i]!;
      const size = shape.reduce((a, b) => a * b, 1);
      const v = this.vars.get(name);
      if (!v) throw new InputError(`checkpoint parameter ${name} is not in the model: it was written by another version of the model`);
      if (v.shape.join() !== shape.join()) throw new InputError(`checkpoint parameter ${name}: shape [${shape}] vs model [${v.shape}]`);
      tf.tidy(() => v.assign(tf.tensor(saved.values.subarray(offset, offset + size), [...shape], 'float32')));
      offset += size;
    });
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}

/** Named variables (in map order) as one SerializedParams, read back synchronously. */
export function serializeVariables(vars: ReadonlyMap<string, tf.Variable>): SerializedParams {
  return packVariables(vars, [...vars.values()].map((v) => v.dataSync() as Float32Array));
}

/** serializeVariables with asynchronous read-back (every backend, WebGPU included). */
export async function serializeVariablesAsync(vars: ReadonlyMap<string, tf.Variable>): Promise<SerializedParams> {
  return packVariables(vars, (await Promise.all([...vars.values()].map((v) => v.data()))) as Float32Array[]);
}

function packVariables(vars: ReadonlyMap<string, tf.Variable>, arrays: readonly Float32Array[]): SerializedParams {
  return { names: [...vars.keys()], shapes: [...vars.values()].map((v) => v.shape), values: concatFloat32(arrays) };
}

/** The arrays one after another in one new Float32Array. */
export function concatFloat32(arrays: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((a, x) => a + x.length, 0));
  let offset = 0;
  for (const a of arrays) { out.set(a, offset); offset += a.length; }
  return out;
}

function initialValues(shape: readonly number[], init: Init, rng: Rng): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  const fanIn = shape.length >= 2 ? shape.slice(0, -1).reduce((a, b) => a * b, 1) : shape[0] ?? 1;
  const fanOut = shape[shape.length - 1] ?? 1;
  if (init === 'zeros') return out;
  if (init === 'ones') return out.fill(1);
  if (typeof init === 'object' && 'constant' in init) return out.fill(init.constant);
  const std = init === 'glorot' ? Math.sqrt(2 / (fanIn + fanOut)) : init === 'he' ? Math.sqrt(2 / fanIn) : init.normal;
  for (let i = 0; i < size; i++) out[i] = rng.normal(0, std);
  return out;
}
