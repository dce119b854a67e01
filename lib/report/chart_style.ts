// Shared look of every chart: one font that is installed for the PNG renderer (and falls
// back to sans-serif in a browser), one colour per model across all charts.
import type { Config, TopLevelSpec } from 'vega-lite';

/** Chart font: DejaVu Sans is what the PNG renderer loads; browsers fall back to sans-serif. */
export const CHART_FONT = 'DejaVu Sans, Verdana, sans-serif';

export const CHART_CONFIG: Config = {
  font: CHART_FONT,
  background: 'white',
  padding: 8,
  title: { fontSize: 14, anchor: 'start', subtitleColor: '#555' },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#e8e8e8' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260, titleLimit: 260 },
  view: { stroke: '#bbb' },
};

/** Property models, aligned first; fixed order so colours match between charts. */
export const PROPERTY_MODELS = ['aligned_ridge', 'aligned_mlp', 'aligned_finetune', 'scratch', 'composition', 'mean'] as const;
const PROPERTY_COLOURS = ['#1f77b4', '#17becf', '#2ca02c', '#d62728', '#9467bd', '#7f7f7f'];

/** Synthesis models: ours, then the two baselines. */
export const SYNTHESIS_MODELS = ['matalign', 'frequency', 'composition_similarity'] as const;
const SYNTHESIS_COLOURS = ['#1f77b4', '#ff7f0e', '#9467bd'];

/** The seven crystal systems, in order of increasing symmetry. */
export const CRYSTAL_SYSTEMS = ['triclinic', 'monoclinic', 'orthorhombic', 'tetragonal', 'trigonal', 'hexagonal', 'cubic'] as const;

/** A colour scale over known models plus any unknown ones seen in the data (appended in order). */
export function modelColourScale(kind: 'property' | 'synthesis', seen: readonly string[]): { domain: string[]; range: string[] } {
  const known: readonly string[] = kind === 'property' ? PROPERTY_MODELS : SYNTHESIS_MODELS;
  const colours = kind === 'property' ? PROPERTY_COLOURS : SYNTHESIS_COLOURS;
  const extra = [...new Set(seen.filter((m) => !known.includes(m)))];
  const spare = ['#8c564b', '#e377c2', '#bcbd22', '#aec7e8', '#ffbb78', '#98df8a'];
  const domain = [...known.filter((m) => seen.includes(m)), ...extra];
  const range = domain.map((m, i) => (known.includes(m) ? colours[known.indexOf(m)]! : spare[(i - (domain.length - extra.length)) % spare.length]!));
  return { domain, range };
}

/** Which family a property model belongs to, for line dashes. */
export function modelFamily(model: string): 'aligned' | 'scratch' | 'baseline' {
  if (model.startsWith('aligned')) return 'aligned';
  if (model === 'scratch') return 'scratch';
  return 'baseline';
}

/** Adds the shared config and schema to a spec body. */
export function finishSpec(spec: Record<string, unknown>): TopLevelSpec {
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: CHART_CONFIG, ...spec } as TopLevelSpec;
}

/** "eV/atom" → " (eV/atom)"; an empty unit gives "". */
export function unitSuffix(unit: string): string {
  return unit ? ` (${unit})` : '';
}
