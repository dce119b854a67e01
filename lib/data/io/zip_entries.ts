// Reading the files of a zip archive into memory, entry by entry: entries whose names would
// escape the archive's folder (zip-slip: '../x', '/etc/x', 'C:\x') and entries that cannot be
// inflated are reported with a reason and skipped; only an unreadable archive is fatal. Only
// the entries a caller uses are inflated, and their declared sizes are checked first.
import { unzipSync } from 'fflate';
import { DataFileError, readDataBytes } from './text_files.js';

export interface ZipEntry {
  /** Name inside the archive, '/'-separated, relative to its root. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface RejectedEntry {
  readonly name: string;
  readonly reason: string;
}

export interface ZipContents {
  readonly entries: ZipEntry[];
  readonly rejected: RejectedEntry[];
  /** Safe file names the caller's filter did not accept (never inflated). */
  readonly unused: string[];
}

/** Largest declared inflated size of one entry, bytes (256 MiB). */
export const MAX_ZIP_ENTRY_BYTES = 256 * 1024 * 1024;
/** Largest declared inflated size of all used entries together, bytes (2 GiB). */
export const MAX_ZIP_TOTAL_BYTES = 2 * 1024 * 1024 * 1024;

/** Why an entry name is unsafe (escapes the extraction folder), or null when it is fine. */
export function unsafeEntryReason(name: string): string | null {
  if (name.includes('\0')) return 'name contains a NUL byte';
  const path = name.replace(/\\/g, '/');
  if (path.startsWith('/')) return 'absolute path';
  if (/^[A-Za-z]:/.test(path)) return 'absolute path (drive letter)';
  if (path.split('/').some((part) => part === '..')) return "path escapes the archive folder ('..')";
  return null;
}

/** The entry name as used for lookups: '/'-separated, without a leading './'. */
export function normalizeEntryName(name: string): string {
  return name.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

/**
 * Files of a zip archive (directories left out). `accept` filters by (normalised) name before
 * anything is inflated. Unsafe names and entries that fail to inflate go to `rejected`.
 */
export async function readZipEntries(path: string, accept: (name: string) => boolean = () => true): Promise<ZipContents> {
  const data = await readDataBytes(path);
  const listed: { name: string; size: number }[] = [];
  const rejected: RejectedEntry[] = [];
  const unused: string[] = [];
  try {
    // Listing pass: the filter sees every entry (with its declared inflated size) and inflates none.
    unzipSync(data, { filter: (f) => { listed.push({ name: f.name, size: f.originalSize }); return false; } });
  } catch (e) {
    throw new DataFileError(`${path}: not a readable zip archive (${(e as Error).message})`, path);
  }
  const wanted = new Set<string>();
  let total = 0;
  for (const { name, size } of listed) {
    if (name.endsWith('/')) continue;
    const reason = unsafeEntryReason(name);
    if (reason) rejected.push({ name, reason });
    else if (!accept(normalizeEntryName(name))) unused.push(normalizeEntryName(name));
    else if (!(size <= MAX_ZIP_ENTRY_BYTES)) rejected.push({ name, reason: `declares ${size} bytes inflated, over the cap of ${MAX_ZIP_ENTRY_BYTES}` });
    else {
      wanted.add(name);
      total += size;
    }
  }
  if (total > MAX_ZIP_TOTAL_BYTES) throw new DataFileError(`${path}: the used entries declare ${total} bytes inflated, over the cap of ${MAX_ZIP_TOTAL_BYTES}`, path);
  return { entries: inflateEntries(data, wanted, rejected), rejected, unused };
}

/** Inflates the wanted entries at once, falling back to one at a time to isolate broken ones. */
function inflateEntries(data: Uint8Array, wanted: Set<string>, rejected: RejectedEntry[]): ZipEntry[] {
  const toEntries = (files: Record<string, Uint8Array>) =>
    Object.entries(files).map(([name, bytes]) => ({ name: normalizeEntryName(name), bytes }));
  try {
    return toEntries(unzipSync(data, { filter: (f) => wanted.has(f.name) }));
  } catch {
    const entries: ZipEntry[] = [];
    for (const name of wanted) {
      try {
        entries.push(...toEntries(unzipSync(data, { filter: (f) => f.name === name })));
      } catch (e) {
        rejected.push({ name, reason: `cannot inflate: ${(e as Error).message}` });
      }
    }
    return entries;
  }
}
