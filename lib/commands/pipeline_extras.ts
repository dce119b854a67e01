// Pipeline stages for images: simulated STEM micrographs of real structures (one PNG per
// defect class, normal and shifted acquisition) and the measured NEU-DET micrographs.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadImageDataset } from '../data/characterization/images.js';
import { DEFECT_KINDS, DefectKind } from '../data/characterization/micrograph_defects.js';
import { SHIFTED_MICROGRAPH_CONFIG, simulateMicrograph, toGreyBytes } from '../data/characterization/micrograph.js';
import { StructureRow } from '../data/structure/structure_table.js';
import { InputError } from '../errors.js';
import type { StageLog } from './common.js';
import { outputPathFor, writeOutputFile } from './options.js';

const MICROGRAPH_STRUCTURES = 40;

async function writePng(path: string, image: Float32Array, size: number): Promise<void> {
  await writeOutputFile(path, await sharp(Buffer.from(toGreyBytes(image)), { raw: { width: size, height: size, channels: 1 } }).png().toBuffer());
}

async function micrographStage(structures: readonly StructureRow[], outDir: string, log: StageLog) {
  const counts: Record<string, number> = Object.fromEntries(DEFECT_KINDS.map((k) => [k, 0]));
  const failures: Record<string, number> = {};
  const examples: string[] = [];
  const t0 = performance.now();
  const candidates = structures.filter((r) => r.structure.isOrdered && new Set(r.structure.sites.map((s) => s.species[0]!.element.symbol)).size >= 2);
  for (const [i, row] of candidates.slice(0, MICROGRAPH_STRUCTURES).entries()) {
    for (const kind of DEFECT_KINDS) {
      try {
        const m = simulateMicrograph(row.structure, kind as DefectKind, i);
        counts[kind]!++;
        if (i === 0) {
          const shifted = simulateMicrograph(row.structure, kind as DefectKind, i, SHIFTED_MICROGRAPH_CONFIG);
          // The id is data ('../../x', 'a/b'): sanitised into one name inside outDir.
          for (const [suffix, image] of [['', m], ['_shifted', shifted]] as const) {
            const path = outputPathFor(outDir, `micrograph_${row.id}_${kind}${suffix}.png`);
            await writePng(path, image.image, image.size);
            examples.push(path);
          }
        }
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        const reason = e.message;
        failures[reason] = (failures[reason] ?? 0) + 1;
      }
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const made = Object.values(counts).reduce((a, b) => a + b, 0);
  log(`micrographs: ${made} simulated from ${Math.min(MICROGRAPH_STRUCTURES, candidates.length)} structures (${JSON.stringify(counts)}), ${seconds.toFixed(1)} s; examples ${examples.length ? examples[0] : 'none'} …`);
  return { micrographs: made, per_class: counts, failures, examples, seconds };
}

async function measuredImageStage(dir: string, log: StageLog) {
  const zip = join(dir, 'neu_det/neu_det_shared.zip');
  const labels = join(dir, 'neu_det/labels.csv.gz');
  if (!existsSync(zip) || !existsSync(labels)) return undefined;
  const t0 = performance.now();
  const { images, classes, skipped } = await loadImageDataset(zip, labels);
  const perClass: Record<string, number> = {};
  for (const im of images) perClass[im.label] = (perClass[im.label] ?? 0) + 1;
  const seconds = (performance.now() - t0) / 1000;
  log(`measured micrographs: ${images.length} images decoded in ${classes.length} classes ${JSON.stringify(perClass)}, ${skipped.length} skipped, ${seconds.toFixed(1)} s`);
  return { images: images.length, classes, per_class: perClass, skipped: skipped.length, seconds };
}

export async function pipelineExtras(dir: string, structures: readonly StructureRow[], outDir: string, log: StageLog) {
  let measured;
  try {
    measured = await measuredImageStage(dir, log);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    log(`measured micrographs: skipped (${e.message.split('\n')[0]})`);
    measured = { error: e.message.split('\n')[0] };
  }
  return { micrographs: await micrographStage(structures, outDir, log), measured_micrographs: measured };
}
