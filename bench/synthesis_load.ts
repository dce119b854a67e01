// Loading every shared synthesis JSONL(.gz) file into typed recipes, against the floor of
// gunzip + JSON.parse of the same lines in the same run.
// usage: npx tsx bench/synthesis_load.ts [dir]   (default: $MATALIGN_MIRROR/synthesis or ../shared/data/synthesis)
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadRecipes } from '../lib/data/synthesis/synthesis.js';
import { emit } from './machine.js';

const dir = resolve(process.argv[2] ?? join(process.env.MATALIGN_MIRROR ?? '../shared/data', 'synthesis'));
const files = readdirSync(dir).filter((f) => /\.jsonl(\.gz)?$/.test(f)).sort().map((f) => join(dir, f));

function parseFloorSeconds(): number {
  const t0 = performance.now();
  let lines = 0;
  for (const f of files) {
    const bytes = readFileSync(f);
    const text = (f.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
    for (const line of text.split('\n')) if (line.trim()) { JSON.parse(line); lines++; }
  }
  if (lines === 0) throw new Error(`no records in ${dir}`);
  return (performance.now() - t0) / 1000;
}

// Recipes first, as a fresh CLI run would load them; the floor after, on the same files.
const t0 = performance.now();
const collection = await loadRecipes(files);
const seconds = (performance.now() - t0) / 1000;
const floor = parseFloorSeconds();
emit({
  bench: 'synthesis_load',
  files: files.length,
  records: collection.records,
  usable: collection.recipes.length,
  seconds: Number(seconds.toFixed(3)),
  records_per_s: Math.round(collection.records / seconds),
  json_parse_seconds: Number(floor.toFixed(3)),
  ratio_to_json_parse: Number((seconds / floor).toFixed(2)),
});
