// What every wire format hands to the ingest pipeline. A format only decodes and maps: the
// pipeline around it (ingest-route.ts) owns auth, size limits, redaction, rate limits,
// de-duplication, the grouped commit and the answer's status.
import type { IncomingHttpHeaders } from 'node:http';
import type { NewEvent } from '../../../shared/events.js';
import type { MapContext } from '../mapping/context.js';
import type { InlineBudget } from './batch-size.js';

/**
 * What a format may know about the request besides its body. Its mappers (mapping/) see only
 * the MapContext part: headers, the hashed client address and the receive time (`now`).
 */
export interface IngestRequest extends MapContext {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  query: URLSearchParams;
  /** Set on the event loop's fast path: a decoder finding more work throws OffThread (batch-size.ts). */
  inlineBudget?: InlineBudget;
}

/** One event that passed its format's validation. */
export interface AcceptedEvent {
  /** Its position in the payload (0 for a single-event payload), echoed in per-event answers. */
  index: number;
  event: NewEvent;
  /** A sender-chosen id (Segment messageId, PostHog uuid): a resend with it is stored once. */
  dedupKey?: string;
  /** The item as parsed, whose JSON `event.raw` is: redaction walks it rather than parsing raw again. */
  payload?: unknown;
}

export interface RejectedEvent {
  index: number;
  reason: string;
}

export interface DecodedPayload {
  accepted: AcceptedEvent[];
  rejected: RejectedEvent[];
  /** A credential carried in the body (Segment's writeKey, PostHog's api_key), checked like a header token. */
  bodyToken?: string;
}

/** A whole payload refused: nothing in it is stored. */
export class PayloadError extends Error {
  override name = 'PayloadError';
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
    readonly details: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** How a format reports the outcome in its own clients' terms (they parse our answers). */
export interface IngestOutcome {
  /** Ids of stored events, in payload order (a de-duplicated resend gets the first copy's id). */
  ids: { index: number; id: string }[];
  rejected: RejectedEvent[];
}

export interface FormatAnswer {
  status: number;
  contentType: string;
  body: string | Buffer;
}

export interface WireFormat {
  /** Short name shown in errors and stored in attrs.wire_format. */
  name: string;
  /** Exact paths it answers. */
  paths: readonly string[];
  /** Decoded-body limit in bytes; defaults to BATCH_BODY_LIMIT. */
  bodyLimit?: number;
  /** Its clients may carry the token in the body (DecodedPayload.bodyToken); others are checked before the body is read. */
  acceptsBodyToken?: boolean;
  /** Throws PayloadError when the payload as a whole is unusable. */
  decode(body: Buffer, req: IngestRequest): DecodedPayload;
  /** The success answer; absent means the pipeline's own JSON answer. */
  answer?(outcome: IngestOutcome, req: IngestRequest): FormatAnswer;
}
