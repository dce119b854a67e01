// Material features (crystal graph, simulated XRD peaks and micrographs: ≈30 ms per structure)
// computed on worker threads (feature_worker.ts), chunks handed out as workers finish so that
// cheap recipe-only materials and costly structures balance. Features depend only on the
// material, the data config and the seed, so they equal those computed in-thread.
import type { DataConfig } from '../config.js';
import type { MaterialFeatures } from '../data/paired/features.js';
import type { PairedMaterial } from '../data/paired/materials.js';
import { elementBySymbol } from '../data/chemistry/elements.js';
import { Structure } from '../data/structure/crystal.js';
import { Lattice, Vec3 } from '../data/structure/lattice.js';
import { startProjectWorker } from './worker_thread.js';

/** A material as plain data (structured-clone safe): the structure as lattice matrix and sites. */
export interface PlainMaterial extends Omit<PairedMaterial, 'structure'> {
  readonly structure: {
    readonly id: string;
    /** Row-major 3×3 cell vectors, Å. */
    readonly matrix: Float64Array;
    readonly sites: readonly { readonly species: readonly { readonly symbol: string; readonly occupancy: number }[]; readonly frac: readonly [number, number, number]; readonly label: string }[];
    readonly warnings: readonly string[];
  } | null;
}

export interface FeatureWorkerInit {
  readonly data: DataConfig;
  readonly seed: number;
  readonly needs: readonly string[];
  readonly micrographVariants: number;
}

export interface FeatureChunk {
  readonly chunk: number;
  readonly materials: readonly PlainMaterial[];
}

export type FeatureReply = { readonly chunk: number; readonly features: MaterialFeatures[] } | { readonly error: string };

export function toPlainMaterial(m: PairedMaterial): PlainMaterial {
  const s = m.structure;
  return {
    ...m,
    structure: s && {
      id: s.id, matrix: Float64Array.from(s.lattice.matrix), warnings: s.warnings,
      sites: s.sites.map((site) => ({ species: site.species.map((sp) => ({ symbol: sp.element.symbol, occupancy: sp.occupancy })), frac: [site.frac[0], site.frac[1], site.frac[2]] as [number, number, number], label: site.label })),
    },
  };
}

export function fromPlainMaterial(p: PlainMaterial): PairedMaterial {
  const s = p.structure;
  return {
    ...p,
    structure: s && new Structure(new Lattice(s.matrix), s.sites.map((site) => ({
      species: site.species.map((sp) => ({ element: elementBySymbol(sp.symbol), occupancy: sp.occupancy })), frac: [site.frac[0], site.frac[1], site.frac[2]] as Vec3, label: site.label,
    })), s.id, s.warnings),
  };
}

/** Materials per message: small enough to balance and report progress, large enough to amortise messaging. */
const CHUNK = 24;

/** Features of `materials` in order, on `workers` threads; `progress(done)` after each chunk. */
export async function featuresOnWorkers(materials: readonly PairedMaterial[], init: FeatureWorkerInit, workers: number, progress: (done: number) => void): Promise<MaterialFeatures[]> {
  const chunks = Math.ceil(materials.length / CHUNK);
  const out: MaterialFeatures[][] = new Array(chunks);
  let nextChunk = 0, done = 0;
  const threads = Array.from({ length: Math.min(workers, chunks) }, () => startProjectWorker('feature_worker', init));
  try {
    await Promise.all(threads.map((w) => new Promise<void>((resolve, reject) => {
      const send = () => {
        if (nextChunk >= chunks) { resolve(); return; }
        const chunk = nextChunk++;
        w.postMessage({ chunk, materials: materials.slice(chunk * CHUNK, (chunk + 1) * CHUNK).map(toPlainMaterial) } satisfies FeatureChunk);
      };
      w.on('message', (r: FeatureReply) => {
        if ('error' in r) { reject(new Error(`feature worker: ${r.error}`)); return; }
        out[r.chunk] = r.features;
        done += r.features.length;
        progress(done);
        send();
      });
      w.on('error', reject);
      w.on('exit', (code) => reject(new Error(`feature worker exited (code ${code})`)));
      send();
    })));
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  return out.flat();
}
