// An imported event's raw text, read back from its file (the store keeps only its byte range).
// The file may have moved or changed since; then the event's fields are all there is, and the
// note says why.
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { FileSourceRow } from '../store/port.js';
import { HEAD_HASH_BYTES, hashHead, isGzip } from './file-identity.js';

/** An event's raw text shown at most this long. */
export const MAX_RAW_BYTES = 1024 * 1024;

export interface RawText {
  raw: string;
  note?: string;
}

async function gunzipRange(path: string, offset: number, length: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let at = 0;
  const file = fs.createReadStream(path);
  const stream = file.pipe(zlib.createGunzip());
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const end = at + chunk.length;
      if (end > offset) parts.push(chunk.subarray(Math.max(0, offset - at), Math.min(chunk.length, offset + length - at)));
      at = end;
      if (at >= offset + length) break;
    }
  } finally {
    stream.destroy();
    file.destroy();
  }
  return Buffer.concat(parts);
}

/** `length` null: the record is one line, running to the next line break. */
export async function readRaw(source: FileSourceRow, offset: number, length: number | null): Promise<RawText> {
  if (!source.path) return { raw: '', note: 'This source kept no file to read the original text from.' };
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(source.path);
  } catch {
    return { raw: '', note: `The original file is no longer at ${source.path}; the fields above are what was read from it.` };
  }
  // Growing is fine (a followed log); shrinking or rewriting moves every byte range, and a file
  // rewritten longer is caught by its head no longer being the one imported.
  const changed =
    stat.size < (source.size ?? 0) ||
    (stat.size === source.size && Math.trunc(stat.mtimeMs) !== source.mtime_ms) ||
    (source.head_hash !== null && (await hashHead(source.path, Math.min(source.size ?? HEAD_HASH_BYTES, HEAD_HASH_BYTES))) !== source.head_hash);
  if (changed) return { raw: '', note: `${source.path} has changed since it was imported; import it again to see its text.` };
  // One line: read up to the cap and stop at its break (lines were cut at 1 MiB when parsed).
  const n = Math.min(length ?? MAX_RAW_BYTES + 1, MAX_RAW_BYTES + 1);
  let bytes: Buffer;
  if (await isGzip(source.path)) {
    bytes = await gunzipRange(source.path, offset, n);
  } else {
    const fd = await fs.promises.open(source.path, 'r');
    try {
      const buf = Buffer.alloc(n);
      const { bytesRead } = await fd.read(buf, 0, n, offset);
      bytes = buf.subarray(0, bytesRead);
    } finally {
      await fd.close();
    }
  }
  if (length === null) {
    const nl = bytes.indexOf(10);
    if (nl !== -1) bytes = bytes.subarray(0, nl + 1);
  }
  const cut = bytes.length > MAX_RAW_BYTES;
  let text = bytes.subarray(0, MAX_RAW_BYTES).toString('utf8');
  if (text.endsWith('\n')) text = text.slice(0, text.endsWith('\r\n') ? -2 : -1);
  return cut ? { raw: text, note: `Only the first ${MAX_RAW_BYTES} bytes of this record are shown.` } : { raw: text };
}
