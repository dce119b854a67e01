// One call for notebooks: a measured .xrdml scan searched against an index.
import type { SearchResult } from './query.js';
import { loadQueryRun, openSearchIndex, searchVector } from './query.js';
import { encodeQuery } from './query_encode.js';

export interface ScanSearchOptions {
  /** Only materials whose elements all lie in this set (e.g. the sample's elements). */
  readonly elements?: readonly string[];
  readonly k?: number;
  /** 'profile' (default): embedding shortlist re-ranked by profile cosine; 'none': embedding only. */
  readonly rerank?: 'none' | 'profile';
  /** Run folder for the query (default: the run that built the index). */
  readonly runDir?: string;
}

/** The k structures that best explain a measured scan, best first. */
export async function searchScan(indexDir: string, scanPath: string, options: ScanSearchOptions = {}): Promise<SearchResult[]> {
  const index = await openSearchIndex(indexDir);
  const run = await loadQueryRun(index, options.runDir);
  try {
    const query = await encodeQuery(run, { kind: 'xrd', path: scanPath });
    return await searchVector(index, query.vector, query.profile, {
      targetModality: 'structure', elements: options.elements, k: options.k ?? 10, rerank: options.rerank ?? 'profile',
    });
  } finally {
    run.model.dispose();
    index.table.close();
  }
}
