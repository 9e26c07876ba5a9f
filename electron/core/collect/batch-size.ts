// How many items one request may hold, checked as soon as a decoder knows a count: before any
// item is mapped, and inside the protobuf reader span by span. A body of 240,000 tiny items is
// then refused after reading its array, not after mapping every item (which took seconds).
//
// The same checks keep small requests on the event loop's fast path: there a request carries an
// inline budget, and a decoder that finds more work than that throws OffThread so the pipeline
// hands the body to a decode thread (decode-pool.ts) instead.
import { PayloadError, type IngestRequest } from './ingest-types.js';
import { MAX_BATCH_EVENTS } from './limits.js';

/** What the event loop decodes itself; anything bigger goes to a decode thread. */
export interface InlineBudget {
  /** Items a body may hold (each is validated, mapped and redacted). */
  items: number;
  /** Decoded bytes (after gzip or base64 inside a format). */
  bytes: number;
}

export const INLINE_BUDGET: InlineBudget = { items: 64, bytes: 32 * 1024 };

/** Thrown on the fast path when the body needs more work than its inline budget allows. */
export class OffThread extends Error {
  override name = 'OffThread';
}

/** The 413 for too many items; `count` is null when decoding stopped before the end. */
export function tooManyItems(count: number | null): PayloadError {
  const holds = count === null ? `more than ${MAX_BATCH_EVENTS}` : String(count);
  return new PayloadError(413, `The batch holds ${holds} events; the limit is ${MAX_BATCH_EVENTS} per request.`);
}

/**
 * Call with the number of items seen so far (or the whole count when known). Throws the 413
 * past the limit, or OffThread past the request's inline budget. `exact` says whether `count`
 * is the whole body's (else the answer says "more than").
 */
export function countItems(count: number, req: IngestRequest, exact = true, refuse: () => PayloadError = () => tooManyItems(exact ? count : null)): void {
  if (count > MAX_BATCH_EVENTS) throw refuse();
  if (req.inlineBudget !== undefined && count > req.inlineBudget.items) throw new OffThread();
}

/** Call when a format has inflated or base64-decoded part of a body to `bytes`. */
export function countDecodedBytes(bytes: number, req: IngestRequest): void {
  if (req.inlineBudget !== undefined && bytes > req.inlineBudget.bytes) throw new OffThread();
}
