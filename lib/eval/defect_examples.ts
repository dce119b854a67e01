// Example images of defect identification: the first test image of each class of each test
// set, written as 8-bit grey PNGs (upscaled with nearest neighbours to at least 128 px so
// single pixels stay visible) under a folder, with file names built only from safe characters.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { InputError } from '../errors.js';
import type { DefectTestSet } from './defects.js';

export interface DefectExample {
  readonly dataset: string;
  readonly label: string;
  /** Path relative to `relativeTo` (the metrics file's folder), with '/' separators. */
  readonly png: string;
}

/** Characters outside [A-Za-z0-9._-] become '_'; no leading dots; never empty. */
export function safeFileStem(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '').slice(0, 100);
  return cleaned === '' ? '_' : cleaned;
}

/** PNG bytes of an S × S image with values in [0, 1], shown `scale` times larger. */
export async function greyPng(pixels: Float32Array, size: number, scale = 1): Promise<Buffer> {
  const bytes = Buffer.from(Uint8Array.from(pixels, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255)));
  return sharp(bytes, { raw: { width: size, height: size, channels: 1 } })
    .resize(size * scale, size * scale, { kernel: 'nearest' }).toColourspace('b-w').png().toBuffer();
}

/** Writes one PNG per (test set, class) into `dir`; returns the examples, paths relative to `relativeTo`. */
export async function writeDefectExamples(tests: readonly DefectTestSet[], dir: string, relativeTo: string): Promise<DefectExample[]> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new InputError(`cannot create ${dir}: ${(e as Error).message}`);
  }
  const examples: DefectExample[] = [];
  for (const t of tests) {
    const { size, classes } = t.set;
    const area = size * size;
    for (let c = 0; c < classes.length; c++) {
      const i = t.indices.find((k) => t.set.labels[k] === c);
      if (i === undefined) continue;
      const path = join(dir, `${safeFileStem(t.dataset)}_${safeFileStem(classes[c]!)}.png`);
      const png = await greyPng(t.set.pixels.subarray(i * area, (i + 1) * area), size, Math.max(1, Math.ceil(128 / size)));
      await writeFile(path, png);
      examples.push({ dataset: t.dataset, label: classes[c]!, png: relative(relativeTo, path).split('\\').join('/') });
    }
  }
  return examples;
}
