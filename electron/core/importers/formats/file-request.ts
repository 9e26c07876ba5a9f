// Formats that map what they read the way a collector endpoint maps a live call (Segment and
// PostHog exports, OTLP files) hand that mapping the call's request; a file has none.
import type { IngestRequest } from '../../collect/ingest-types.js';

/** The request a file stands in for: no headers to read ids from, no client address. */
export function fileRequest(path: string): IngestRequest {
  return { method: 'POST', path, headers: {}, query: new URLSearchParams(), ipHash: null, now: 0 };
}
