// Renders Vega-Lite specs without a browser or canvas: Vega-Lite → Vega (compile) → a headless
// Vega view → SVG text → PNG through resvg with an installed font.
import { existsSync } from 'node:fs';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { installTextMetrics } from './text_metrics.js';

/** Font files tried first; resvg also scans the system font folders. */
const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
];

export interface RenderedChart {
  svg: string;
  /** PNG bytes at `scale` × the SVG's size. */
  png: Buffer;
  /** PNG size in pixels. */
  width: number;
  height: number;
}

/** Compiles a Vega-Lite spec to a Vega spec (throws on an invalid spec). */
export function compileSpec(spec: TopLevelSpec): vega.Spec {
  return compile(spec).spec as vega.Spec;
}

/** Renders a Vega-Lite spec to standalone SVG text. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  installTextMetrics();
  const view = new vega.View(vega.parse(compileSpec(spec)), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises SVG text to PNG; scale 2 gives a sharp image for slides and papers. */
export function renderPng(svg: string, scale = 2): { png: Buffer; width: number; height: number } {
  const fontFiles = FONT_CANDIDATES.filter((f) => existsSync(f));
  const options: ResvgRenderOptions = {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, fontFiles, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  };
  const image = new Resvg(svg, options).render();
  return { png: image.asPng(), width: image.width, height: image.height };
}

/** SVG and PNG of one chart. */
export async function renderChart(spec: TopLevelSpec, scale = 2): Promise<RenderedChart> {
  const svg = await renderSvg(spec);
  return { svg, ...renderPng(svg, scale) };
}

/**
 * Makes an SVG safe to inline beside others in one HTML page: every id (clip paths,
 * gradients) gets the prefix, and so does every reference to it.
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${prefix}${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}${id})`)
    .replace(/href="#([^"]+)"/g, (_m, id: string) => `href="#${prefix}${id}"`);
}
