// Imports a file from disk by streaming it line by line; memory does not grow with file size.
import fs from 'node:fs';
import path from 'node:path';
import type { ImportSummary } from '../../../shared/api.js';
import { importLines, MAX_LINE_CHARS, type ImportLinesOptions } from './import-lines.js';
import { readLines } from './line-reader.js';

export class ImportFileError extends Error {
  override name = 'ImportFileError';
}

export async function importFile(file: string, opts: Omit<ImportLinesOptions, 'name'>): Promise<ImportSummary> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    throw new ImportFileError(`Cannot read ${file}: no such file.`);
  }
  if (!stat.isFile()) throw new ImportFileError(`Cannot import ${file}: it is not a regular file.`);
  const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    return await importLines(readLines(stream as AsyncIterable<string>, MAX_LINE_CHARS), { ...opts, name: path.basename(file) });
  } finally {
    stream.destroy();
  }
}
