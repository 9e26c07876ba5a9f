// The pipeline every ingest request goes through, whatever its wire format: origin and token
// checks, the body read with its limit, decompression with a cap, the format's decoding,
// per-event size limits, redaction (prepare.ts: on a decode thread for all but small bodies),
// the per-sender rate limit, one grouped commit, and an answer that says what happened to each
// event. A 200 is written only after the commit.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NewEvent } from '../../../shared/events.js';
import { afterBody, HttpError, readBody } from '../net/body.js';
import { INLINE_BUDGET, OffThread } from './batch-size.js';
import { DecodeBusyError } from './decode-pool.js';
import type { DecodeJob } from './decode-protocol.js';
import { encodingOf, type Encoding } from './decompress.js';
import type { IngestOutcome, IngestRequest, RejectedEvent, WireFormat } from './ingest-types.js';
import { BATCH_BODY_LIMIT, bodyLimitName } from './limits.js';
import { prepareBody, type Prepared } from './prepare.js';
import type { RateLimiter } from './rate-limit.js';
import { StoreFaultError } from '../store/faults.js';

export interface IngestDeps {
  /** Null when the request may go on; else the one-line reason for a 403. */
  authRefusal(req: IncomingMessage, url: URL, bodyToken: string | undefined): string | null;
  hashClientIp(ip: string): string;
  /** `payload` is the parsed form of event.raw when the format has it. */
  redact(event: NewEvent, payload?: unknown): NewEvent;
  limiter: RateLimiter;
  /**
   * Prepares a body on a decode thread (decode-pool.ts); absent, every body is prepared on the
   * event loop. May throw DecodeBusyError.
   */
  offThread?(job: DecodeJob): Promise<Prepared>;
  /** Commits events (grouped with other requests'), resolving with their ids. */
  commit(events: readonly NewEvent[]): Promise<string[]>;
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

/**
 * Small plain bodies are prepared here, where they cost less than a trip to a thread; one that
 * turns out to hold more than the inline budget, and every bigger body, goes to a decode thread.
 */
async function prepare(format: WireFormat, wire: Buffer, encoding: Encoding, limit: number, req: IngestRequest, deps: IngestDeps): Promise<Prepared> {
  if (!deps.offThread) return prepareBody(format, wire, encoding, limit, req, deps.redact);
  if (encoding === 'identity' && wire.length <= INLINE_BUDGET.bytes) {
    try {
      return prepareBody(format, wire, encoding, limit, { ...req, inlineBudget: INLINE_BUDGET }, deps.redact);
    } catch (err) {
      if (!(err instanceof OffThread)) throw err;
    }
  }
  const { query, ...rest } = req;
  return deps.offThread({ format: format.name, wire, encoding, limit, req: { ...rest, query: query.toString() } });
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
    wire = await readBody(req, limit, bodyLimitName(limit));
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

  let prepared: Prepared;
  try {
    prepared = await prepare(format, wire, encoding, limit, ingestReq, deps);
  } catch (err) {
    if (err instanceof DecodeBusyError) return failure(503, err.message, [], { 'retry-after': '1' });
    throw err;
  }
  if (!prepared.ok) {
    // Even a refused body must not tell an unauthenticated sender more than "forbidden".
    const refusal = deps.authRefusal(req, url, undefined);
    if (refusal !== null) return failure(403, refusal);
    return failure(prepared.status, prepared.message, prepared.details);
  }
  const refusal = deps.authRefusal(req, url, prepared.bodyToken);
  if (refusal !== null) return failure(403, refusal);

  const { rejected, oversized } = prepared;
  const keep: { index: number; event: NewEvent }[] = [];
  let retryAfterS = 0;
  for (const r of prepared.ready) {
    const key = senderKey(r.event);
    const decision = key === null ? ALLOWED : deps.limiter.take(key, ingestReq.now);
    if (!decision.ok) {
      retryAfterS = Math.max(retryAfterS, decision.retryAfterS);
      rejected.push({
        index: r.index,
        reason: `rate limit: over ${deps.limiter.perMinute} events per minute for this sender; retry after ${decision.retryAfterS} s`,
      });
      continue;
    }
    keep.push(r);
  }
  rejected.sort((a, b) => a.index - b.index);

  let ids: string[];
  try {
    ids = await deps.commit(keep.map((k) => k.event));
  } catch (err) {
    // A full disk or a damaged database: nothing was stored, and the client is told so plainly.
    if (err instanceof StoreFaultError) return failure(err.status, err.message, [], { 'retry-after': '30' });
    throw err;
  }
  const outcome: IngestOutcome = { ids: keep.map((k, i) => ({ index: k.index, id: ids[i]! })), rejected };
  const retryHeaders: Record<string, string> = retryAfterS > 0 ? { 'retry-after': String(retryAfterS) } : {};

  if (keep.length === 0 && rejected.length > 0) {
    // Nothing stored: say why in the status, so clients that only read statuses back off or give up.
    if (retryAfterS > 0) return failure(429, rejected[0]!.reason, rejected.map(detail), retryHeaders);
    if (rejected.length === 1 && prepared.decoded <= 1) return failure(oversized ? 413 : 400, rejected[0]!.reason, rejected.map(detail));
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
  afterBody(res, () => {
    res.writeHead(a.status, {
      'content-type': a.contentType,
      'content-length': Buffer.byteLength(a.body),
      'cache-control': 'no-store',
      ...cors,
      ...a.headers,
    });
    res.end(a.body);
  });
}
