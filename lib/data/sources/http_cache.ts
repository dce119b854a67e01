// A disk cache of successful responses, content-addressed by the request (URL with its query
// parameters in a canonical order): a re-run of a download reads pages from disk instead of
// the network. Entries are written atomically; a damaged entry counts as a miss.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic_file.js';

export interface CachedResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** The URL with its query parameters sorted, so equal requests give equal keys. */
export function canonicalUrl(url: string): string {
  const u = new URL(url);
  const params = [...u.searchParams.entries()].sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1));
  u.search = new URLSearchParams(params).toString();
  u.hash = '';
  return u.toString();
}

/** Hex sha256 of the canonical request; `vary` holds request parts beyond the URL (e.g. Accept). */
export function cacheKey(url: string, vary = ''): string {
  return createHash('sha256').update(`GET ${canonicalUrl(url)}\n${vary}`).digest('hex');
}

export class HttpCache {
  constructor(readonly dir: string) {}

  private pathOf(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<CachedResponse | null> {
    let text: string;
    try {
      text = await readFile(this.pathOf(key), 'utf8');
    } catch {
      return null;
    }
    try {
      const entry = JSON.parse(text) as CachedResponse;
      return typeof entry.body === 'string' && typeof entry.status === 'number' ? entry : null;
    } catch {
      return null;
    }
  }

  async put(key: string, response: CachedResponse): Promise<void> {
    await writeFileAtomic(this.pathOf(key), JSON.stringify(response));
  }
}
