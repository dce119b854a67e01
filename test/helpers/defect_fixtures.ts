// Fixtures for defect identification made in code: small binary crystals as a structure
// table, a tiny image zip with a labels table (NEU-DET layout), and separable image sets.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import type { ImageSet } from '../../lib/eval/image_classifier.js';
import { Rng } from '../../lib/rng.js';
import { FCC_OPS, cifText } from './cif.js';

const PAIRS: readonly [string, string][] = [['Na', 'Cl'], ['K', 'Br'], ['Mg', 'O'], ['Ca', 'S'], ['Sr', 'Se'], ['Ba', 'Te'], ['Li', 'F'], ['Rb', 'I']];

/** A CSV (material_id, cif) of `count` rock-salt crystals (ids `${prefix}-i`), lattice 4.2–6.6 Å. */
export function writeRockSaltTable(dir: string, name: string, count: number, prefix: string): string {
  const rows = ['material_id,cif'];
  for (let i = 0; i < count; i++) {
    const [a, b] = PAIRS[i % PAIRS.length]!;
    const lattice = 4.2 + (2.4 * i) / Math.max(1, count - 1);
    const cif = cifText({ cell: [lattice, lattice, lattice, 90, 90, 90], ops: FCC_OPS, sites: [[a, 0, 0, 0], [b, 0.5, 0.5, 0.5]], name: `${a}${b}` });
    rows.push(`${prefix}-${i},"${cif}"`);
  }
  const path = join(dir, name);
  writeFileSync(path, rows.join('\n') + '\n');
  return path;
}

/** Grey S × S pixels in [0, 1] of class c: stripes whose period grows with c, plus noise. */
function stripes(c: number, size: number, rng: Rng, vertical: boolean): Uint8Array {
  const out = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const t = vertical ? x : y;
    const v = 0.5 + 0.4 * Math.sin((2 * Math.PI * t) / (2 + 2 * c)) + 0.05 * rng.normal();
    out[y * size + x] = Math.round(255 * Math.min(1, Math.max(0, v)));
  }
  return out;
}

/** A zip of PNGs images/<class>_<n>.png and labels.csv (image, class, class_id). */
export async function writeTinyImageZip(dir: string, classes: readonly string[], perClass: number, size = 20): Promise<{ zip: string; labels: string }> {
  const rng = new Rng(5);
  const files: Record<string, Uint8Array> = {};
  const rows = ['image,class,class_id'];
  for (let c = 0; c < classes.length; c++) {
    for (let n = 0; n < perClass; n++) {
      const name = `images/${classes[c]}_${n}.png`;
      const raw = Buffer.from(stripes(c, size, rng, n % 2 === 0));
      files[name] = new Uint8Array(await sharp(raw, { raw: { width: size, height: size, channels: 1 } }).png().toBuffer());
      rows.push(`${name},${classes[c]},${c}`);
    }
  }
  const zip = join(dir, 'images.zip');
  writeFileSync(zip, zipSync(files));
  const labels = join(dir, 'labels.csv');
  writeFileSync(labels, rows.join('\n') + '\n');
  return { zip, labels };
}

/** n images of side S; class k (of `classes`) has a bright 3 × 3 patch at a class-specific spot over noise. */
export function brightSpotSet(n: number, classes: number, size = 16, seed = 1): ImageSet {
  const rng = new Rng(seed);
  const labels = Int32Array.from({ length: n }, (_, i) => i % classes);
  const pixels = new Float32Array(n * size * size);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < size * size; p++) pixels[i * size * size + p] = 0.3 * rng.uniform();
    const row = 1 + Math.floor(((labels[i]! + 0.5) * (size - 3)) / classes);
    for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) pixels[i * size * size + (row + dy) * size + 1 + dx] = 1;
  }
  return { size, pixels, labels, classes: Array.from({ length: classes }, (_, c) => `c${c}`) };
}
