// Opening data files given by path: plain or gzip-compressed (detected from the bytes, not
// the name), with clear errors for missing, unreadable, corrupt or truncated files: every
// failure of the stream (read error, bad gzip data) surfaces as one DataFileError naming the file.
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

/** Largest file read whole into memory after decompression, bytes (1 GiB): a gzip bomb stops here. */
export const MAX_WHOLE_FILE_BYTES = 1 << 30;

/** One line for a failed read: corrupt/truncated gzip data, or the file-system reason. */
function streamError(e: unknown, path: string, gzip: boolean): Error {
  if (e instanceof InputError) return e;
  const err = e as Error & { code?: string };
  const code = err.code ?? '';
  if (gzip && (code.startsWith('Z_') || code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError)) {
    const why = code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message) ? 'truncated' : 'corrupt';
    return new DataFileError(`${path}: ${why} gzip data (${err.message})`, path);
  }
  if (code) return new DataFileError(`cannot read ${path}: ${err.message}`, path);
  return err;
}

/**
 * A UTF-8 text stream of the file, gunzipped when it is gzip data. Reading it fails with a
 * DataFileError naming the file (truncated or corrupt gzip, read errors), never an unhandled
 * stream error.
 */
export async function openTextStream(path: string): Promise<Readable> {
  await checkReadableFile(path);
  const gzip = await isGzip(path);
  const raw = createReadStream(path);
  const body = gzip ? raw.pipe(createGunzip()) : raw;
  if (gzip) raw.on('error', (e) => body.destroy(e));
  body.setEncoding('utf8');
  async function* chunks(): AsyncGenerator<string> {
    try {
      for await (const chunk of body) yield chunk as string;
    } catch (e) {
      throw streamError(e, path, gzip);
    } finally {
      raw.destroy();
      body.destroy();
    }
  }
  return Readable.from(chunks(), { objectMode: false, encoding: 'utf8' });
}

/** The whole file as bytes, gunzipped when it is gzip data (at most MAX_WHOLE_FILE_BYTES). */
export async function readDataBytes(path: string): Promise<Buffer> {
  await checkReadableFile(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw streamError(e, path, false);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes, { maxOutputLength: MAX_WHOLE_FILE_BYTES });
    } catch (e) {
      const err = e as Error & { code?: string };
      if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        throw new DataFileError(`${path}: gzip data inflates past ${MAX_WHOLE_FILE_BYTES} bytes (the cap for files read whole)`, path);
      }
      throw streamError(e, path, true);
    }
  }
  if (bytes.length > MAX_WHOLE_FILE_BYTES) throw new DataFileError(`${path}: ${bytes.length} bytes, over the cap of ${MAX_WHOLE_FILE_BYTES} for files read whole`, path);
  return bytes;
}

/** The whole file as UTF-8 text (gunzipped when needed). */
export async function readDataText(path: string): Promise<string> {
  return (await readDataBytes(path)).toString('utf8');
}
