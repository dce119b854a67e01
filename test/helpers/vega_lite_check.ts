// Compiles a Vega-Lite spec collecting the compiler's warnings and errors, then parses and
// runs the Vega spec headlessly, so a test can assert that a spec is valid as written.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface SpecCheck {
  warnings: string[];
  /** Number of scenegraph items of each mark type after a headless run. */
  marks: number;
}

export async function checkVegaLite(spec: TopLevelSpec): Promise<SpecCheck> {
  const warnings: string[] = [];
  const record = (...args: readonly unknown[]) => { warnings.push(args.map(String).join(' ')); };
  let levelValue = 2;
  const logger = {
    level(l?: number) { if (l === undefined) return levelValue; levelValue = l; return logger; },
    error: (...a: unknown[]) => { record(...a); return logger; },
    warn: (...a: unknown[]) => { record(...a); return logger; },
    info: () => logger,
    debug: () => logger,
  };
  const compiled = compile(spec, { logger: logger as never });
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none' });
  try {
    await view.runAsync();
    const scene = (view.scenegraph() as unknown as { root: unknown }).root;
    return { warnings, marks: countItems(scene) };
  } finally {
    view.finalize();
  }
}

function countItems(node: unknown): number {
  if (!node || typeof node !== 'object') return 0;
  const n = node as { items?: unknown[]; marktype?: string };
  const own = n.marktype && n.marktype !== 'group' ? (n.items?.length ?? 0) : 0;
  return own + (n.items ?? []).reduce<number>((s, c) => s + countItems(c), 0);
}
