// The pipeline every ingest request goes through, whatever its wire format: origin and token
// checks, the body read with its limit, decompression with a cap, the format's decoding,
// per-event size limits, redaction, the per-sender rate limit, one grouped commit, and an
// answer that says what happened to each event. A 200 is written only after the commit.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NewEvent } from '../../../shared/events.js';
import { HttpError, readBody } from '../http/body.js';
import { encodingOf, inflateLimited } from './decompress.js';
import { PayloadError, type AcceptedEvent, type IngestOutcome, type IngestRequest, type RejectedEvent, type WireFormat } from './ingest-types.js';
import { BATCH_BODY_LIMIT, MAX_BATCH_EVENTS, MAX_DURATION_MS, MAX_EVENT_BYTES, MAX_EVENT_TIME } from './limits.js';
import type { RateLimiter } from './rate-limit.js';

export interface IngestDeps {
  /** Null when the request may go on; else the one-line reason for a 403. */
  authRefusal(req: IncomingMessage, url: URL, bodyToken: string | undefined): string | null;
  hashClientIp(ip: string): string;
  /** `payload` is the parsed form of event.raw when the format has it. */
  redact(event: NewEvent, payload?: unknown): NewEvent;
  limiter: RateLimiter;
  /** Commits events (grouped with other requests'), resolving with their ids. */
  commit(events: readonly NewEvent[]): Promise<number[]>;
  now(): number;
}

export interface IngestAnswer {
  status: number;
  headers: Record<string, string>;
  contentType: string;
  body: string | Buffer;
}

const ALLOWED = { ok: true, retryAfterS: 0 } as const;

const json = (status: number, body: unknown, headers: Record<string, string> = {}): IngestAnswer => ({
  status,
  headers,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
});

export function failure(status: number, error: string, details: { path: string; message: string }[] = [], headers: Record<string, string> = {}): IngestAnswer {
  return json(status, { success: false, error, details }, headers);
}

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

/**
 * Who a rate limit counts against: the user, else the session, else (for user events) the
 * client address. Server telemetry with neither id (spans, API-call records from middleware)
 * is not limited: its address is the app server's, shared by every user behind it.
 */
function senderKey(e: NewEvent): string | null {
  if (e.user_id) return `u:${e.user_id}`;
  if (e.session_id) return `s:${e.session_id}`;
  return e.kind === 'user' ? `ip:${e.ip_hash ?? ''}` : null;
}

export async function runIngest(format: WireFormat, req: IncomingMessage, url: URL, deps: IngestDeps): Promise<IngestAnswer> {
  if (!format.acceptsBodyToken) {
    // Nothing in the body can vouch for the sender: refuse before reading or inflating it.
    const refusal = deps.authRefusal(req, url, undefined);
    if (refusal !== null) {
      req.resume();
      return failure(403, refusal);
    }
  }
  const limit = format.bodyLimit ?? BATCH_BODY_LIMIT;
  const encoding = encodingOf(req.headers['content-encoding']);
  if (encoding === null) {
    req.resume();
    return failure(415, `Content-Encoding ${req.headers['content-encoding']} is not supported; send gzip, deflate, br or none.`);
  }
  // Compressed bodies are capped at the same size: anything that needs more is not a real client.
  let wire: Buffer;
  try {
    wire = await readBody(req, limit);
  } catch (err) {
    if (err instanceof HttpError) return failure(err.status, err.message);
    throw err;
  }

  const addr = req.socket.remoteAddress;
  const ingestReq: IngestRequest = {
    method: req.method ?? 'POST',
    path: url.pathname,
    headers: req.headers,
    query: url.searchParams,
    ipHash: addr ? deps.hashClientIp(addr) : null,
    now: deps.now(),
  };

  let accepted: AcceptedEvent[];
  let rejected: RejectedEvent[];
  try {
    const body = inflateLimited(wire, encoding, limit);
    const decoded = format.decode(body, ingestReq);
    const refusal = deps.authRefusal(req, url, decoded.bodyToken);
    if (refusal !== null) return failure(403, refusal);
    if (decoded.accepted.length + decoded.rejected.length > MAX_BATCH_EVENTS) {
      return failure(413, `The batch holds ${decoded.accepted.length + decoded.rejected.length} events; the limit is ${MAX_BATCH_EVENTS} per request.`);
    }
    accepted = decoded.accepted;
    rejected = [...decoded.rejected];
  } catch (err) {
    if (err instanceof PayloadError) {
      // Even a refused body must not tell an unauthenticated sender more than "forbidden".
      const refusal = deps.authRefusal(req, url, undefined);
      if (refusal !== null) return failure(403, refusal);
      return failure(err.status, err.message, err.details);
    }
    throw err;
  }

  const keep: { index: number; event: NewEvent }[] = [];
  let retryAfterS = 0;
  let oversized = 0;
  for (const a of accepted) {
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
    const event = deps.redact(a.dedupKey ? { ...a.event, dedup_key: a.dedupKey } : a.event, a.payload);
    const key = senderKey(event);
    const decision = key === null ? ALLOWED : deps.limiter.take(key, ingestReq.now);
    if (!decision.ok) {
      retryAfterS = Math.max(retryAfterS, decision.retryAfterS);
      rejected.push({
        index: a.index,
        reason: `rate limit: over ${deps.limiter.perMinute} events per minute for this sender; retry after ${decision.retryAfterS} s`,
      });
      continue;
    }
    keep.push({ index: a.index, event });
  }
  rejected.sort((a, b) => a.index - b.index);

  const ids = await deps.commit(keep.map((k) => k.event));
  const outcome: IngestOutcome = { ids: keep.map((k, i) => ({ index: k.index, id: ids[i]! })), rejected };
  const retryHeaders: Record<string, string> = retryAfterS > 0 ? { 'retry-after': String(retryAfterS) } : {};

  if (keep.length === 0 && rejected.length > 0) {
    // Nothing stored: say why in the status, so clients that only read statuses back off or give up.
    if (retryAfterS > 0) return failure(429, rejected[0]!.reason, rejected.map(detail), retryHeaders);
    if (rejected.length === 1 && accepted.length <= 1) return failure(oversized ? 413 : 400, rejected[0]!.reason, rejected.map(detail));
    return failure(oversized === rejected.length ? 413 : 400, 'No event in the batch could be stored', rejected.map(detail));
  }
  if (format.answer) {
    const a = format.answer(outcome, ingestReq);
    return { status: a.status, headers: retryHeaders, contentType: a.contentType, body: a.body };
  }
  return json(
    200,
    {
      success: true,
      accepted: outcome.ids.length,
      event_ids: outcome.ids.map((x) => `evt_${x.id}`),
      rejected: rejected.map((r) => ({ index: r.index, reason: r.reason })),
    },
    retryHeaders,
  );
}

const detail = (r: RejectedEvent) => ({ path: String(r.index), message: r.reason });

export function sendAnswer(res: ServerResponse, a: IngestAnswer, cors: Record<string, string>): void {
  res.writeHead(a.status, {
    'content-type': a.contentType,
    'content-length': Buffer.byteLength(a.body),
    'cache-control': 'no-store',
    ...cors,
    ...a.headers,
  });
  res.end(a.body);
}
