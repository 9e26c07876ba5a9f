// Messages between an import (import-job.ts, on the main thread) and its parsing thread
// (parse-worker.ts), and the head read both of them detect from.
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { ColumnBatch } from '../store/column-batch.js';
import type { FormatReport } from './format-types.js';
import { DETECT_BYTES } from './parse-driver.js';

export interface BadShown {
  line: number;
  reason: string;
  text: string;
}

export type ParseWorkerMessage =
  | {
      type: 'batch';
      batch: ColumnBatch;
      /** Bad records and cut lines since the previous batch, and the first of them to show. */
      bad: number;
      badShown: BadShown[];
      truncated: number;
      /** Position in the file on disk (compressed bytes for gzip), lines and events so far. */
      fileBytes: number;
      lines: number;
      events: number;
    }
  | { type: 'progress'; fileBytes: number; lines: number; events: number; following?: boolean }
  | { type: 'note'; message: string }
  | {
      type: 'end';
      report: FormatReport;
      fileBytes: number;
      lines: number;
      events: number;
      cancelled: boolean;
      /** Derived sessions merged after some of their rows were sent: [ref written, ref now]. */
      sessionMerges: [number, number][];
    }
  | { type: 'failed'; message: string };

export type ParseWorkerRequest = { type: 'credit' } | { type: 'cancel' };

/** The first DETECT_BYTES of the content (decompressed), for detection and field mapping. */
export async function readHead(path: string, gzip: boolean): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  const file = fs.createReadStream(path, { highWaterMark: 64 * 1024 });
  const stream = gzip ? file.pipe(zlib.createGunzip()) : file;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parts.push(chunk);
      got += chunk.length;
      if (got >= DETECT_BYTES) break;
    }
  } catch (err) {
    // A corrupt gzip still has a readable head up to the damage; an unreadable one says why.
    if (got === 0) throw new Error(`Cannot read ${path}: ${(err as Error).message}`);
  } finally {
    file.destroy();
  }
  return Buffer.concat(parts).subarray(0, DETECT_BYTES);
}
