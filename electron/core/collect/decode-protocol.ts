// Messages between the event loop and a decode thread (decode-pool.ts, decode-worker.ts).
import type { Encoding } from './decompress.js';
import type { IngestRequest } from './ingest-types.js';
import type { Prepared } from './prepare.js';

/** A body to prepare: URLSearchParams cannot cross threads, so the query travels as text. */
export interface DecodeJob {
  /** WireFormat.name; the thread finds the format by it. */
  format: string;
  wire: Uint8Array;
  encoding: Encoding;
  limit: number;
  req: Omit<IngestRequest, 'query' | 'inlineBudget'> & { query: string };
}

export type DecodeRequest = { id: number; job: DecodeJob };

export type DecodeReply =
  | { id: number; thread: number; prepared: Prepared }
  | { id: number; thread: number; error: string };
