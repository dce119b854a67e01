// Where the shared real data sets are: MATALIGN_MIRROR, else ../shared/data beside the checkout.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const SHARED_DATA = resolve(process.env.MATALIGN_MIRROR ?? '../shared/data');

/** Absolute path of a shared data file, or null when it is not there (the test then skips). */
export function sharedFile(relative: string): string | null {
  const p = resolve(SHARED_DATA, relative);
  return existsSync(p) ? p : null;
}
