// Starting the project's worker threads: the compiled JS beside this file, or, when running
// from the TypeScript sources (tests, benchmarks), the .ts file through tsx's ESM loader.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Starts lib/train/<name>.js (or .ts from source) with `workerData`. */
export function startProjectWorker(name: string, workerData: unknown): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const entry = new URL(`./${name}.ts`, here).href;
    // tsx's ESM entry (its package exports map), imported by URL since an eval worker resolves from the cwd.
    const pkg = createRequire(here).resolve('tsx/package.json');
    const api = new URL('dist/esm/api/index.mjs', pathToFileURL(pkg)).href;
    const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    return new Worker(boot, { eval: true, workerData });
  }
  return new Worker(new URL(`./${name}.js`, here), { workerData });
}

/** Worker threads to use by default: one per core, at most 4; none on a single core. */
export function defaultThreadCount(): number {
  const cores = availableParallelism();
  return cores >= 2 ? Math.min(4, cores) : 0;
}
