// Measured micrographs (NEU-DET, or any zip of images with a CSV(.gz) of labels): decoded with
// sharp, resized to S × S and scaled to [0, 1]. Unsafe zip names, unreadable images, images
// without a label and labels without an image are reported by name with a reason and
// skipped; one bad entry never stops a load.
import sharp from 'sharp';
import { InputError } from '../../errors.js';
import { readLabelTable } from '../io/label_table.js';
import { RejectedEntry, ZipEntry, readZipEntries } from '../io/zip_entries.js';

export class ImageError extends InputError {
  constructor(message: string) {
    super(message);
  }
}

export interface ImageConfig {
  /** S, output side in pixels. */
  readonly size: number;
  /** 1: grey levels ([S, S]); 3: RGB ([S, S, 3]). */
  readonly channels: 1 | 3;
  /** Resizing: 'fill' stretches, 'cover' crops to the square, 'contain' pads with black. */
  readonly fit: 'fill' | 'cover' | 'contain';
}

export const DEFAULT_IMAGE_CONFIG: ImageConfig = { size: 128, channels: 1, fit: 'fill' };

/** Columns of the label table: the image path inside the zip, the class name, an optional class id. */
export interface ImageLabelColumns {
  readonly image: string;
  readonly label: string;
  readonly labelId: string | null;
}

export const NEU_DET_COLUMNS: ImageLabelColumns = { image: 'image', label: 'class', labelId: 'class_id' };

export interface LabelledImage {
  /** Path inside the zip. */
  readonly name: string;
  readonly label: string;
  /** Class index (the table's id column, else the rank of the class name). */
  readonly labelId: number;
  /** [S·S·C] float32 in [0, 1], row-major, channels last. */
  readonly pixels: Float32Array;
  /** The label row, all columns as text. */
  readonly fields: Readonly<Record<string, string>>;
}

export interface ImageDataset {
  readonly images: LabelledImage[];
  /** Class names by id. */
  readonly classes: string[];
  /** Entries and label rows left out, with the reason. */
  readonly skipped: RejectedEntry[];
}

export interface ImageLoadOptions {
  readonly config?: Partial<ImageConfig>;
  readonly columns?: ImageLabelColumns;
  /** Images decoded at a time. */
  readonly concurrency?: number;
}

const IMAGE_NAME = /\.(jpe?g|png|webp|tiff?|gif|avif)$/i;

function checkConfig(c: ImageConfig): void {
  if (!(Number.isInteger(c.size) && c.size >= 1 && c.size <= 8192)) throw new ImageError(`image size must be an integer in [1, 8192], got ${c.size}`);
  if (c.channels !== 1 && c.channels !== 3) throw new ImageError(`channels must be 1 or 3, got ${String(c.channels)}`);
  if (!['fill', 'cover', 'contain'].includes(c.fit)) throw new ImageError(`unknown fit '${String(c.fit)}'`);
}

/** [S·S·C] float32 in [0, 1]: an encoded image (JPEG, PNG, …) decoded, resized and scaled. Rejects on unreadable data. */
export async function decodeImage(bytes: Uint8Array, config: Partial<ImageConfig> = {}): Promise<Float32Array> {
  const c = { ...DEFAULT_IMAGE_CONFIG, ...config };
  checkConfig(c);
  let pipeline = sharp(bytes).resize(c.size, c.size, { fit: c.fit, background: { r: 0, g: 0, b: 0 } }).removeAlpha();
  pipeline = c.channels === 1 ? pipeline.toColourspace('b-w') : pipeline.toColourspace('srgb');
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== c.channels || info.width !== c.size || info.height !== c.size) {
    throw new ImageError(`decoded to ${info.width}×${info.height}×${info.channels}, expected ${c.size}×${c.size}×${c.channels}`);
  }
  return Float32Array.from(data, (v) => v / 255);
}

/** Class id per class name: from the id column where present (conflicts reported), else by sorted name. */
function classIds(rows: ReadonlyMap<string, Readonly<Record<string, string>>>, columns: ImageLabelColumns, skipped: RejectedEntry[]) {
  const ids = new Map<string, number>();
  const names = [...new Set([...rows.values()].map((r) => r[columns.label] ?? '').filter(Boolean))].sort();
  if (columns.labelId === null) names.forEach((n, i) => ids.set(n, i));
  const byId = new Map<number, string>();
  const ok = new Set<string>();
  for (const [name, row] of rows) {
    const label = row[columns.label] ?? '';
    if (!label) { skipped.push({ name, reason: `empty '${columns.label}'` }); continue; }
    if (columns.labelId !== null) {
      const id = Number(row[columns.labelId]);
      if (!(Number.isInteger(id) && id >= 0)) { skipped.push({ name, reason: `'${columns.labelId}' is not a class index: '${row[columns.labelId] ?? ''}'` }); continue; }
      if ((ids.has(label) && ids.get(label) !== id) || (byId.has(id) && byId.get(id) !== label)) {
        skipped.push({ name, reason: `class '${label}' with id ${id} contradicts earlier rows` });
        continue;
      }
      ids.set(label, id);
      byId.set(id, label);
    }
    ok.add(name);
  }
  return { ids, ok };
}

/**
 * Labelled images from a zip and a label CSV(.gz) (NEU-DET: images/<class>_<n>.jpg with
 * labels.csv.gz columns image, class, class_id). Everything left out is in `skipped`.
 */
export async function loadImageDataset(zipPath: string, labelsPath: string, options: ImageLoadOptions = {}): Promise<ImageDataset> {
  const columns = options.columns ?? NEU_DET_COLUMNS;
  const config = { ...DEFAULT_IMAGE_CONFIG, ...options.config };
  checkConfig(config);
  const required = columns.labelId === null ? [columns.label] : [columns.label, columns.labelId];
  const table = await readLabelTable(labelsPath, columns.image, required);
  const skipped: RejectedEntry[] = table.problems.map((p) => ({ name: `${labelsPath} row ${p.row}`, reason: p.reason }));
  const { ids, ok } = classIds(table.rows, columns, skipped);
  const zip = await readZipEntries(zipPath, (name) => IMAGE_NAME.test(name) || table.rows.has(name));
  skipped.push(...zip.rejected);
  const labelled: ZipEntry[] = [];
  for (const entry of zip.entries) {
    if (!table.rows.has(entry.name)) skipped.push({ name: entry.name, reason: 'no label row' });
    else if (ok.has(entry.name)) labelled.push(entry);
  }
  const present = new Set([...zip.entries.map((e) => e.name), ...zip.rejected.map((r) => r.name)]);
  for (const name of table.rows.keys()) if (!present.has(name)) skipped.push({ name, reason: 'labelled but not in the archive' });
  const images = await decodeAll(labelled, config, options.concurrency ?? 8, skipped, (name, pixels) => {
    const fields = table.rows.get(name)!;
    const label = fields[columns.label]!;
    return { name, label, labelId: ids.get(label)!, pixels, fields };
  });
  const classes: string[] = [];
  for (const [name, id] of ids) classes[id] = name;
  return { images: images.sort((a, b) => a.name.localeCompare(b.name)), classes, skipped };
}

async function decodeAll(
  entries: ZipEntry[], config: ImageConfig, concurrency: number, skipped: RejectedEntry[],
  make: (name: string, pixels: Float32Array) => LabelledImage,
): Promise<LabelledImage[]> {
  const out: LabelledImage[] = [];
  for (let i = 0; i < entries.length; i += concurrency) {
    const batch = entries.slice(i, i + concurrency);
    const results = await Promise.allSettled(batch.map((e) => decodeImage(e.bytes, config)));
    results.forEach((r, k) => {
      if (r.status === 'fulfilled') out.push(make(batch[k]!.name, r.value));
      else skipped.push({ name: batch[k]!.name, reason: `unreadable image: ${(r.reason as Error).message}` });
    });
  }
  return out;
}
