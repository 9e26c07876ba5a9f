// The seed collect format ({event_type, event_data, timestamp}) turned into our event model.
import type { IncomingHttpHeaders } from 'node:http';
import type { CollectEvent, NewEvent } from '../../../shared/events.js';

export interface RequestContext {
  headers: IncomingHttpHeaders;
  ipHash: string | null;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
/** Ids from headers get the same cap as ids in the body. */
const MAX_ID_CHARS = 200;
const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  return str(Array.isArray(v) ? v[0] : v);
};
const headerId = (h: IncomingHttpHeaders, name: string) => header(h, name)?.slice(0, MAX_ID_CHARS);

/** `baggage: session.id=abc,other=1` (W3C baggage), as OpenTelemetry browser SDKs send it. */
function baggageSession(h: IncomingHttpHeaders): string | undefined {
  const bag = header(h, 'baggage');
  if (!bag) return undefined;
  for (const item of bag.split(',')) {
    const [k, v] = item.split(';')[0]!.split('=');
    if (k?.trim() !== 'session.id' || !v) continue;
    try {
      return decodeURIComponent(v.trim()).slice(0, MAX_ID_CHARS);
    } catch {
      // Badly percent-encoded baggage is the sender's bug; the event still counts, sessionless.
      return undefined;
    }
  }
  return undefined;
}

export function sessionFromHeaders(h: IncomingHttpHeaders): string | undefined {
  return headerId(h, 'x-session-id') ?? baggageSession(h) ?? headerId(h, 'x-posthog-session-id');
}

/** Keys of event_data that have a column of their own; the rest stays in attrs. */
const PAGE_KEYS = ['page', 'url', 'path', 'page_url'];
const TARGET_KEYS = ['target', 'element', 'selector', 'button_id', 'element_id', 'form_id', 'form'];
const MESSAGE_KEYS = ['message', 'error', 'error_message'];

function pick(data: Record<string, unknown>, keys: string[], used: Set<string>): string | undefined {
  for (const k of keys) {
    const v = str(data[k]);
    if (v !== undefined) {
      used.add(k);
      return v;
    }
  }
  return undefined;
}

/** `raw` is the payload exactly as received (the request body text). */
export function mapCollectEvent(ev: CollectEvent, raw: string, ctx: RequestContext, now: number): NewEvent {
  const data = ev.event_data;
  const used = new Set<string>();
  const session = ev.session_id ?? pick(data, ['session_id'], used) ?? sessionFromHeaders(ctx.headers);
  const user = ev.user_id ?? pick(data, ['user_id'], used) ?? headerId(ctx.headers, 'x-user-id');
  const page = pick(data, PAGE_KEYS, used);
  const target = pick(data, TARGET_KEYS, used);
  const message = pick(data, MESSAGE_KEYS, used);
  const attrs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!used.has(k)) attrs[k] = v;
  const traceparent = header(ctx.headers, 'traceparent');
  const trace = traceparent ? /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-/i.exec(traceparent) : null;
  return {
    time: ev.timestamp ?? now,
    kind: 'user',
    type: ev.event_type,
    session_id: session ?? null,
    user_id: user ?? null,
    page: page ?? null,
    target: target ?? null,
    message: message ?? null,
    trace_id: trace?.[1]?.toLowerCase() ?? null,
    ip_hash: ctx.ipHash,
    user_agent: header(ctx.headers, 'user-agent') ?? null,
    attrs,
    raw,
  };
}
