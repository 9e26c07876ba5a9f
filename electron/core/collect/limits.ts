// The collector's size limits, in one place so formats, the SDK and the docs agree. What one
// item may hold is mapping/limits.ts's (files obey it too), re-exported here beside the rest.
export { MAX_EVENT_TIME, MAX_JSON_DEPTH } from '../mapping/limits.js';

/** Any body, after decompression (DESIGN.md). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** A batch of events, after decompression (as Segment's tracking API). */
export const BATCH_BODY_LIMIT = 500 * 1024;
/**
 * How a 413 names the body limit that refused it: /api/analytics/collect and PostHog have the
 * request body limit, other batches the smaller batch limit, and the per-event limit is separate.
 */
export function bodyLimitName(limit: number): string {
  const which = limit === BATCH_BODY_LIMIT ? 'batch body limit' : limit === MAX_BODY_BYTES ? 'request body limit' : 'body limit';
  const size = limit % (1024 * 1024) === 0 ? `${limit / (1024 * 1024)} MB` : `${Math.round(limit / 1024)} KB`;
  return `the ${which} of ${limit} bytes (${size})`;
}
/** Events in one batch. */
export const MAX_BATCH_EVENTS = 2500;
/** One event, as its JSON (as Segment's tracking API). */
export const MAX_EVENT_BYTES = 32 * 1024;
/** A duration over 100 days is a sender's bug (units, or a start time of 0). */
export const MAX_DURATION_MS = 100 * 86_400_000;
