// The time a client library stamps on an event (Segment's timestamp/sentAt, PostHog's
// timestamp/sent_at): both specs ask for ISO 8601, but hand-rolled clients send numbers.
import { z } from 'zod';
import { parseTimeValue } from '../../../shared/time.js';
import { MAX_EVENT_TIME } from './limits.js';

function readTime(v: string | number): number | null {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    // Below 1e11 a number can only be seconds: as milliseconds it would be before 1974.
    return Math.round(v < 1e11 ? v * 1000 : v);
  }
  // parseTimeValue would also take a bare date or digits in a string: neither is a clock reading.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/i.test(v)) return null;
  return parseTimeValue(v)?.start ?? null;
}

/** Epoch ms from an ISO 8601 date-time or a number of seconds or milliseconds. */
export const ClientTime = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = readTime(v);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 date-time, e.g. 2026-11-23T10:15:00Z' });
    return z.NEVER;
  }
  if (ms < 0 || ms > MAX_EVENT_TIME) {
    ctx.addIssue({ code: 'custom', message: 'is out of range: times must fall between 1970 and 9999' });
    return z.NEVER;
  }
  return ms;
});
