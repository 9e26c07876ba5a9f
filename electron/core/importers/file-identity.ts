// What identifies a file's content without reading it all: its real path, size, modification
// time and a hash of its head. Reopening (reopen.ts) and raw read-back (raw-reader.ts) both
// compare against what an import recorded.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { FileFacts } from './reopen.js';

export class ImportFileError extends Error {
  override name = 'ImportFileError';
}

export const HEAD_HASH_BYTES = 64 * 1024;

export async function hashHead(path: string, bytes: number): Promise<string> {
  const fd = await fs.promises.open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(bytes, HEAD_HASH_BYTES));
    const { bytesRead } = await fd.read(head, 0, head.length, 0);
    return createHash('sha256').update(head.subarray(0, bytesRead)).digest('hex');
  } finally {
    await fd.close();
  }
}

export async function fileFacts(path: string): Promise<FileFacts> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(path);
  } catch {
    throw new ImportFileError(`Cannot read ${path}: no such file.`);
  }
  if (!stat.isFile()) throw new ImportFileError(`Cannot import ${path}: it is not a regular file.`);
  const real = await fs.promises.realpath(path);
  return { path: real, size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs), headHash: await hashHead(real, HEAD_HASH_BYTES) };
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** True when the file starts like gzip; content decides, never the name. */
export async function isGzip(path: string): Promise<boolean> {
  const fd = await fs.promises.open(path, 'r');
  try {
    const b = Buffer.alloc(2);
    const { bytesRead } = await fd.read(b, 0, 2, 0);
    return bytesRead === 2 && b[0] === GZIP_MAGIC[0] && b[1] === GZIP_MAGIC[1];
  } finally {
    await fd.close();
  }
}
