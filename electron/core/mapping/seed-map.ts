// The seed collect format ({event_type, event_data, timestamp}) turned into our event model.
import type { CollectEvent, NewEvent } from '../../../shared/events.js';
import type { MapContext } from './context.js';
import { header, pick, sessionFromHeaders, traceFromHeaders, userFromHeaders } from './request-ids.js';

/** Keys of event_data that have a column of their own; the rest stays in attrs. */
const PAGE_KEYS = ['page', 'url', 'path', 'page_url'];
const TARGET_KEYS = ['target', 'element', 'selector', 'button_id', 'element_id', 'form_id', 'form'];
const MESSAGE_KEYS = ['message', 'error', 'error_message'];

/** `raw` is the payload exactly as received (the request body text). */
export function mapCollectEvent(ev: CollectEvent, raw: string, ctx: MapContext): NewEvent {
  const data = ev.event_data;
  const used = new Set<string>();
  const session = ev.session_id ?? pick(data, ['session_id'], used) ?? sessionFromHeaders(ctx.headers);
  const user = ev.user_id ?? pick(data, ['user_id'], used) ?? userFromHeaders(ctx.headers);
  const page = pick(data, PAGE_KEYS, used);
  const target = pick(data, TARGET_KEYS, used);
  const message = pick(data, MESSAGE_KEYS, used);
  const attrs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!used.has(k)) attrs[k] = v;
  const trace = traceFromHeaders(ctx.headers);
  return {
    time: ev.timestamp ?? ctx.now,
    kind: 'user',
    type: ev.event_type,
    session_id: session ?? null,
    user_id: user ?? null,
    page: page ?? null,
    target: target ?? null,
    message: message ?? null,
    trace_id: trace?.trace_id ?? null,
    ip_hash: ctx.ipHash,
    user_agent: header(ctx.headers, 'user-agent') ?? null,
    attrs,
    raw,
  };
}
