// What a report is made of: the input metrics, and sections of blocks that both the Markdown
// and the HTML writer lay out.
import type { TopLevelSpec } from 'vega-lite';
import type { Cell } from './table_format.js';
import type {
  DefectMetrics, EmbeddingPoint, PropertyMetrics, RetrievalReport, SynthesisMetrics, TrainingEpoch, XrdPatternSeries,
} from './metrics_types.js';

export interface EmbeddingMapInput {
  /** Points already reduced to 2-D (see embedding_map.ts). */
  points: EmbeddingPoint[];
  method: 'PCA' | 'UMAP';
  /** Name and unit of EmbeddingPoint.property, e.g. "Formation energy", "eV/atom". */
  propertyName?: string;
  propertyUnit?: string;
}

/** Everything a report can show; any part may be absent and its section says so. */
export interface ReportInput {
  run: string;
  title?: string;
  /** Resolved config, seed, backend, git hash: shown as JSON. */
  config?: Record<string, unknown>;
  /** Counts and facts about the data, e.g. {"structures (train)": 9000}. */
  dataSummary?: Record<string, string | number>;
  /** Example powder patterns shown with the data summary. */
  xrdPatterns?: XrdPatternSeries[];
  /** Example micrographs shown with the data summary: caption and PNG path. */
  micrographs?: Array<{ label: string; png: string }>;
  training?: TrainingEpoch[];
  retrieval?: RetrievalReport;
  embedding?: EmbeddingMapInput;
  property?: PropertyMetrics;
  synthesis?: SynthesisMetrics;
  defects?: DefectMetrics;
  /** Folder the defect examples' png paths are relative to (the defects.json folder). */
  defectsDir?: string;
}

export type Block =
  | { kind: 'text'; text: string }
  | { kind: 'note'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'table'; caption?: string; columns: string[]; rows: Cell[][] }
  /** A chart: written to figures/<name>.svg and .png, inlined as SVG in HTML. */
  | { kind: 'chart'; name: string; caption: string; spec: TopLevelSpec }
  /** An image file (PNG) copied to figures/<name> and inlined as a data URI in HTML. */
  | { kind: 'image'; name: string; caption: string; source: string }
  /** Blocks shown side by side in HTML (one after another in Markdown). */
  | { kind: 'row'; blocks: Block[] };

export interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

/** A chart after rendering. */
export interface RenderedFigure {
  svg: string;
  /** Path of the PNG relative to the report folder. */
  png: string;
}

/** An image after reading: its bytes (null when the file is missing). */
export interface LoadedImage {
  bytes: Buffer | null;
  /** Path relative to the report folder. */
  path: string;
}

export interface ReportAssets {
  charts: Map<string, RenderedFigure>;
  images: Map<string, LoadedImage>;
}

/** Paths of what writeReport wrote. */
export interface ReportFiles {
  dir: string;
  markdown: string;
  html: string;
  metrics: string;
  /** Files under figures/, relative to dir. */
  figures: string[];
}
