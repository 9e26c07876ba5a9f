// Sending one file through import.upload, piece by piece: the file is never in memory whole,
// and binary files (gzip) survive because the bytes travel as base64, not as text.
import type { ImportOptions, ImportSummary } from '../../../shared/api.js';
import type { Client } from '../api/client-core.js';
import { bytesToBase64, chunkRanges, UPLOAD_CHUNK_BYTES } from './base64.js';

/** What a File is to the upload: DOM-free, so a Node Blob stands in for it in tests. */
export interface UploadSource {
  readonly name: string;
  readonly size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

export interface UploadHooks {
  /** Bytes the core has acknowledged so far. */
  onSent(bytes: number): void;
  /** The last piece is about to go: from here on the core is importing, not receiving. */
  onFinalizing(): void;
  /** Checked before every piece; true abandons the upload (the core never starts importing). */
  shouldStop(): boolean;
}

/** The summary, or null when `shouldStop` abandoned the upload before the import began. */
export async function uploadFile(
  client: Pick<Client, 'call'>,
  file: UploadSource,
  options: Pick<ImportOptions, 'format' | 'log_format'>,
  hooks: UploadHooks,
  chunkBytes = UPLOAD_CHUNK_BYTES,
): Promise<ImportSummary | null> {
  let uploadId: string | undefined;
  for (const { start, end, last } of chunkRanges(file.size, chunkBytes)) {
    if (hooks.shouldStop()) {
      // The core drops what it received so far; nothing is left behind beside the database.
      if (uploadId !== undefined) await client.call('import.upload', { name: file.name, upload_id: uploadId, data_base64: '', abort: true });
      return null;
    }
    const bytes = new Uint8Array(await file.slice(start, end).arrayBuffer());
    if (last) hooks.onFinalizing();
    const answer = await client.call('import.upload', {
      ...options,
      name: file.name,
      ...(uploadId === undefined ? {} : { upload_id: uploadId }),
      data_base64: bytesToBase64(bytes),
      done: last,
    });
    uploadId = answer.upload_id;
    hooks.onSent(end);
    if (last) {
      if (!answer.summary) throw new Error(`The core accepted ${file.name} but did not say what it imported.`);
      return answer.summary;
    }
  }
  // chunkRanges always ends with a `last` range; this only satisfies the type checker.
  throw new Error('upload ended without its final piece');
}
