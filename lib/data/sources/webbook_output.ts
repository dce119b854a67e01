// Writing a WebBook lookup: the whole result as JSON, or (for a .csv path) one row per
// condensed-phase quantity — both atomically.
import { writeFileAtomic } from './atomic_file.js';
import { writeCsvAtomic } from './csv_table.js';
import { WebbookResult } from './webbook.js';

export const WEBBOOK_CSV_COLUMNS = ['species_id', 'name', 'formula', 'cas', 'quantity', 'value', 'uncertainty', 'units', 'method', 'reference', 'citation', 'comment'] as const;

export async function writeWebbookResult(path: string, result: WebbookResult): Promise<void> {
  if (!/\.csv$/i.test(path)) {
    await writeFileAtomic(path, JSON.stringify(result, null, 1) + '\n');
    return;
  }
  const s = result.species;
  const rows = (result.condensed?.quantities ?? []).map((q) => ({
    species_id: s?.id, name: s?.name, formula: s?.formula, cas: s?.cas, ...q,
  }));
  await writeCsvAtomic(path, WEBBOOK_CSV_COLUMNS, rows);
}
