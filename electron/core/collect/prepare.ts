// What an ingest request needs done before its rate limit and commit: undo the
// Content-Encoding, decode the format (its item limit checked as it goes), check each event's
// values and size, and redact. It depends on nothing but its arguments, so the event loop runs
// it for small bodies and a decode thread (decode-worker.ts) for the rest, with one result.
import type { NewEvent } from '../../../shared/events.js';
import { tooManyItems } from './batch-size.js';
import { inflateLimited, type Encoding } from './decompress.js';
import { PayloadError, type IngestRequest, type RejectedEvent, type WireFormat } from './ingest-types.js';
import { MAX_BATCH_EVENTS, MAX_DURATION_MS, MAX_EVENT_BYTES, MAX_EVENT_TIME } from './limits.js';

export type Redact = (event: NewEvent, payload?: unknown) => NewEvent;

/** A body prepared for the commit; plain data, so it crosses threads as it is. */
export type Prepared =
  | {
      ok: true;
      /** Events the format accepted, before the checks here refused some. */
      decoded: number;
      /** Redacted and checked, in payload order; the rate limit is still to come. */
      ready: { index: number; event: NewEvent }[];
      rejected: RejectedEvent[];
      /** How many of `rejected` were over the per-event size limit. */
      oversized: number;
      bodyToken?: string;
    }
  | { ok: false; status: PayloadError['status']; message: string; details: { path: string; message: string }[] };

const TEXT_FIELDS = [
  'session_id', 'user_id', 'method', 'url', 'route', 'ip_hash', 'user_agent', 'referrer', 'type', 'page',
  'target', 'level', 'message', 'trace_id', 'span_id', 'dedup_key', 'raw',
] as const;
const NUMBER_FIELDS = ['status', 'req_bytes', 'resp_bytes', 'line'] as const;

/**
 * Rounds the time to whole milliseconds; returns why the event is refused, or null. Times and
 * durations come from clients (or from their offsets): one absurd value would otherwise be
 * stored and then break every listing that reaches it. The column types are checked too: a
 * format bug that let a non-string through would otherwise fail the commit of every request
 * grouped with this one.
 */
function checkEvent(e: NewEvent): string | null {
  if (!Number.isFinite(e.time) || e.time < 0 || e.time > MAX_EVENT_TIME) return 'time is out of range: it must fall between 1970 and 9999';
  if (!Number.isInteger(e.time)) e.time = Math.round(e.time);
  const d = e.duration_ms;
  if (d !== undefined && d !== null && !(Number.isFinite(d) && d >= 0 && d <= MAX_DURATION_MS)) {
    return `duration_ms is out of range: it must be between 0 and ${MAX_DURATION_MS} (100 days)`;
  }
  for (const f of TEXT_FIELDS) {
    const v = e[f];
    if (v !== undefined && v !== null && typeof v !== 'string') return `${f} could not be read as text`;
  }
  for (const f of NUMBER_FIELDS) {
    const v = e[f];
    if (v !== undefined && v !== null && !Number.isFinite(v)) return `${f} could not be read as a number`;
  }
  return null;
}

/** Throws only what is not the payload's fault (a bug) and OffThread (batch-size.ts). */
export function prepareBody(format: WireFormat, wire: Buffer, encoding: Encoding, limit: number, req: IngestRequest, redact: Redact): Prepared {
  let decoded;
  try {
    decoded = format.decode(inflateLimited(wire, encoding, limit), req);
    // Formats count as they decode; this catches one that does not.
    const items = decoded.accepted.length + decoded.rejected.length;
    if (items > MAX_BATCH_EVENTS) throw tooManyItems(items);
  } catch (err) {
    if (err instanceof PayloadError) return { ok: false, status: err.status, message: err.message, details: err.details };
    throw err;
  }
  const rejected = [...decoded.rejected];
  const ready: { index: number; event: NewEvent }[] = [];
  let oversized = 0;
  for (const a of decoded.accepted) {
    const bad = checkEvent(a.event);
    if (bad !== null) {
      rejected.push({ index: a.index, reason: bad });
      continue;
    }
    const size = Buffer.byteLength(a.event.raw);
    if (size > MAX_EVENT_BYTES) {
      oversized++;
      rejected.push({ index: a.index, reason: `event is ${size} bytes; the limit is ${MAX_EVENT_BYTES} bytes per event` });
      continue;
    }
    ready.push({ index: a.index, event: redact(a.dedupKey ? { ...a.event, dedup_key: a.dedupKey } : a.event, a.payload) });
  }
  return {
    ok: true,
    decoded: decoded.accepted.length,
    ready,
    rejected,
    oversized,
    ...(decoded.bodyToken !== undefined ? { bodyToken: decoded.bodyToken } : {}),
  };
}
