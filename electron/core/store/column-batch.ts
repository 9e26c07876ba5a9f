// A batch of parsed events in columns, as the parsing thread hands them to the writer: typed
// arrays move between threads without copying, and repeated strings travel once per import
// as entries of a local dictionary instead of once per event.
import type { EventFieldName } from '../../../shared/fields.js';

/**
 * The text columns of a batch, in this order: every text field that repeats (each travels once
 * per import as a dictionary entry), then attrs. Session first: a derived session takes its place.
 */
export const BATCH_STRING_FIELDS = [
  'session_id', 'user_id', 'method', 'url', 'route', 'ip_hash', 'user_agent', 'referrer', 'type', 'page', 'target', 'level', 'message',
  'attrs',
] as const satisfies readonly (EventFieldName | 'attrs')[];
export const BATCH_STRINGS_PER_EVENT = BATCH_STRING_FIELDS.length;
export const KIND_CODES = ['api', 'user', 'log'] as const;

export interface ColumnBatch {
  count: number;
  time: Float64Array;
  /** Index into KIND_CODES. */
  kind: Uint8Array;
  line: Float64Array;
  byteOffset: Float64Array;
  byteLength: Float64Array;
  /** NaN for absent numbers. */
  status: Float64Array;
  durationMs: Float64Array;
  reqBytes: Float64Array;
  respBytes: Float64Array;
  /** The session_ref of a derived session (negative, store/derived-sessions.ts); NaN for none. */
  derivedSession: Float64Array;
  /** count × BATCH_STRINGS_PER_EVENT indexes into the import's local dictionary; -1 for absent. */
  strings: Int32Array;
  traceId: (string | null)[];
  spanId: (string | null)[];
  /**
   * The record's text as the format gave it, only for document formats (HAR, OTLP): their items
   * carry secrets the format redacted, so the text is kept rather than read back from the file.
   */
  raw: (string | null)[];
  /** Strings the local dictionary gained with this batch, in index order. */
  newStrings: string[];
  /** Positions in newStrings (ascending) of ids (sessions, addresses) that full text skips. */
  keyStrings: number[];
  /** The local dictionary started over (it is bounded) before this batch's new strings. */
  dictionaryReset: boolean;
  /** Where a later read of the file may start once this batch is committed. */
  resumeBytes: number;
  resumeLines: number;
}

/** The ArrayBuffers of a batch, to transfer between threads rather than copy. */
export function batchTransferListOf(b: ColumnBatch): ArrayBuffer[] {
  return [b.time, b.kind, b.line, b.byteOffset, b.byteLength, b.status, b.durationMs, b.reqBytes, b.respBytes, b.derivedSession, b.strings].map(
    (a) => a.buffer as ArrayBuffer,
  );
}
