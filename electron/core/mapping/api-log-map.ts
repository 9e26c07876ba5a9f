// One API call record (POST /api/logs, as our Node middleware and browser SDK send it, or as a
// user's own code writes it) turned into our event model.
import { ApiLogRecordSchema, type ApiLogRecord, type NewEvent } from '../../../shared/events.js';
import { routeTemplate } from '../../../shared/route.js';
import type { Headers, MapContext } from './context.js';
import { header, num, sessionFromHeaders, traceFromHeaders, userFromHeaders } from './request-ids.js';

/** Bodies are for a glance in the detail pane; the whole event stays under MAX_EVENT_BYTES. */
const MAX_BODY_CHARS = 8 * 1024;

function capBody(body: unknown): unknown {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  if (text === undefined || text.length <= MAX_BODY_CHARS) return body;
  return `${text.slice(0, MAX_BODY_CHARS)}… [${text.length - MAX_BODY_CHARS} more characters cut]`;
}

/** Header maps as node:http spells them (lower-case names), so the id readers apply to them. */
function lowerHeaders(h: ApiLogRecord['request_headers']): Headers {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase()] = typeof v === 'number' ? String(v) : v;
  return out;
}

// event_id is the record's de-duplication key (client-event-id.ts), already kept in raw: as an
// attr it would only cost space on every record our SDKs send.
const KNOWN = new Set([...Object.keys(ApiLogRecordSchema.shape), 'event_id']);

export function mapApiLogRecord(r: ApiLogRecord, raw: string, ctx: MapContext): NewEvent {
  const reqHeaders = lowerHeaders(r.request_headers);
  const resHeaders = lowerHeaders(r.response_headers);
  const trace = traceFromHeaders(reqHeaders);
  const attrs: Record<string, unknown> = {};
  if (r.request_headers) attrs.request_headers = r.request_headers;
  if (r.response_headers) attrs.response_headers = r.response_headers;
  if (r.request_body !== undefined) attrs.request_body = capBody(r.request_body);
  if (r.response_body !== undefined) attrs.response_body = capBody(r.response_body);
  if (r.error !== undefined) attrs.error = r.error;
  if (r.source !== undefined) attrs.source = r.source;
  for (const [k, v] of Object.entries(r)) if (!KNOWN.has(k)) attrs[k] = v;
  return {
    // A record without a time was sent as soon as the call ended: it started duration_ms ago.
    time: r.time ?? Math.round(ctx.now - (r.duration_ms ?? 0)),
    kind: 'api',
    method: r.method.toUpperCase(),
    url: r.url,
    route: r.route ?? routeTemplate(r.url),
    status: r.status ?? null,
    duration_ms: r.duration_ms ?? null,
    req_bytes: r.req_bytes ?? num(header(reqHeaders, 'content-length')) ?? null,
    resp_bytes: r.resp_bytes ?? num(header(resHeaders, 'content-length')) ?? null,
    session_id: r.session_id ?? sessionFromHeaders(reqHeaders) ?? sessionFromHeaders(ctx.headers) ?? null,
    user_id: r.user_id ?? userFromHeaders(reqHeaders) ?? userFromHeaders(ctx.headers) ?? null,
    trace_id: r.trace_id?.toLowerCase() ?? trace?.trace_id ?? null,
    span_id: r.span_id?.toLowerCase() ?? trace?.span_id ?? null,
    user_agent: header(reqHeaders, 'user-agent') ?? null,
    referrer: header(reqHeaders, 'referer') ?? null,
    message: r.error ?? null,
    ip_hash: ctx.ipHash,
    attrs,
    raw,
  };
}
