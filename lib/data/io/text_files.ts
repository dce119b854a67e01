// Opening data files given by path: plain or gzip-compressed (detected from the bytes, not
// the name), with clear errors for missing or unreadable files.
import { InputError } from '../../errors.js';
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';

export class DataFileError extends InputError {
  constructor(message: string, readonly path: string) {
    super(message);
  }
}

async function checkReadableFile(path: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new DataFileError(`no such file: ${path}`, path);
  }
  if (!info.isFile()) throw new DataFileError(`not a file: ${path}`, path);
}

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** A UTF-8 text stream of the file, gunzipped when it is gzip data. */
export async function openTextStream(path: string): Promise<Readable> {
  await checkReadableFile(path);
  const raw = createReadStream(path);
  const stream = (await isGzip(path)) ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (e) => stream.destroy(e));
  stream.setEncoding('utf8');
  return stream;
}

/** The whole file as bytes, gunzipped when it is gzip data. */
export async function readDataBytes(path: string): Promise<Buffer> {
  await checkReadableFile(path);
  const bytes = await readFile(path);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes);
    } catch (e) {
      throw new DataFileError(`corrupt gzip data in ${path}: ${(e as Error).message}`, path);
    }
  }
  return bytes;
}

/** The whole file as UTF-8 text (gunzipped when needed). */
export async function readDataText(path: string): Promise<string> {
  return (await readDataBytes(path)).toString('utf8');
}
