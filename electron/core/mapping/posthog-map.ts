// One PostHog event (as posthog-js and posthog-node send it) turned into our event model.
import { z } from 'zod';
import type { NewEvent } from '../../../shared/events.js';
import type { MapContext } from './context.js';
import { MAX_ID_CHARS } from './limits.js';
import { header, id, isObj, num, sessionFromHeaders, str, traceFromHeaders } from './request-ids.js';
import { ClientTime } from './client-time.js';
import { elementInfo } from './posthog-elements.js';

const Obj = z.record(z.string(), z.unknown());
const MAX_TYPE_CHARS = 200;

export const PosthogEventSchema = z.object({
  event: z
    .string({ error: 'event must be the event name, a string' })
    .min(1, 'event must not be empty')
    .max(MAX_TYPE_CHARS, `event must be at most ${MAX_TYPE_CHARS} characters`),
  distinct_id: z.union([z.string(), z.number()]).nullish(),
  properties: Obj.nullish(),
  timestamp: ClientTime.nullish(),
  offset: z.number({ error: 'offset must be a number of milliseconds' }).nullish(),
  sent_at: ClientTime.nullish(),
  uuid: z.string().nullish(),
  $set: Obj.nullish(),
  $set_once: Obj.nullish(),
  api_key: z.string().nullish(),
  token: z.string().nullish(),
});
export type PosthogEvent = z.infer<typeof PosthogEventSchema>;

/** A Map, not an object: an event named `toString` must not find Object.prototype's. */
const TYPES = new Map<string, string>([
  ['$pageview', 'page_view'],
  ['$pageleave', 'page_leave'],
  ['$exception', 'error_encountered'],
  ['$identify', 'identify'],
  ['$screen', 'screen_view'],
]);

/** posthog-js's `$event_type` for autocapture is the DOM event: click, submit or change. */
function autocaptureType(eventType: string | undefined): string {
  if (eventType === 'submit') return 'form_submit';
  if (eventType === 'change') return 'input_change';
  return 'button_click';
}

/**
 * Properties that are either in a column already, a credential, or the SDK's bookkeeping:
 * bulky on every event and of no use to someone reading a timeline.
 */
const DROP = new Set([
  'token',
  'api_key',
  'distinct_id',
  '$session_id',
  '$raw_user_agent',
  '$ip',
  '$elements',
  '$exception_list',
  '$snapshot_data',
  '$insert_id',
  '$time',
  '$lib_custom_api_host',
  '$lib_rate_limit_remaining_tokens',
  '$configured_session_timeout_ms',
  '$autocapture_disabled_server_side',
  '$config_defaults',
  '$initialization_time',
  '$recording_status',
  '$process_person_profile',
  '$geoip_disable',
  '$sdk_dist_channel',
  '$session_entry_host',
  '$session_entry_pathname',
  '$session_entry_referring_domain',
]);
const DROP_PREFIXES = ['$sdk_debug_'];
const dropped = (k: string) => DROP.has(k) || DROP_PREFIXES.some((p) => k.startsWith(p));

const MAX_EXCEPTIONS = 5;
const MAX_FRAMES = 30;
const MAX_STACK_CHARS = 8192;

/**
 * `$exception_list` as a readable stack trace. PostHog orders frames outermost first (as
 * Sentry does); a JavaScript stack reads innermost first, so they are turned round.
 */
function stackText(list: unknown): string | undefined {
  if (!Array.isArray(list)) return undefined;
  const lines: string[] = [];
  for (const ex of list.slice(0, MAX_EXCEPTIONS)) {
    if (!isObj(ex)) continue;
    lines.push(`${str(ex.type) ?? 'Error'}: ${str(ex.value) ?? ''}`);
    const st = isObj(ex.stacktrace) ? ex.stacktrace : {};
    const frames = Array.isArray(st.frames) ? st.frames : [];
    for (const f of frames.slice(-MAX_FRAMES).reverse()) {
      if (!isObj(f)) continue;
      const where = [str(f.filename) ?? str(f.abs_path) ?? '?', num(f.lineno), num(f.colno)].filter((x) => x !== undefined).join(':');
      lines.push(`    at ${str(f.function) ?? '?'} (${where})`);
    }
  }
  return lines.length > 0 ? lines.join('\n').slice(0, MAX_STACK_CHARS) : undefined;
}

/** A resend of the same uuid is stored once, whether collected or imported from an export. */
export function posthogDedupKey(ev: Pick<PosthogEvent, 'uuid'>): string | undefined {
  return ev.uuid ? `posthog:${ev.uuid.slice(0, MAX_ID_CHARS)}` : undefined;
}

/** What the mapper needs of the item besides its parsed form. */
export interface PosthogItem {
  raw: string;
  /** The client's clock when it sent the request, from the body or posthog-js's `_` query. */
  sentAt?: number;
}

export function mapPosthogEvent(ev: PosthogEvent, item: PosthogItem, ctx: MapContext): NewEvent {
  const props = ev.properties ?? {};
  const attrs = new Map<string, unknown>();
  for (const [k, v] of Object.entries(props)) if (!dropped(k)) attrs.set(k, v);

  let type = TYPES.get(ev.event) ?? ev.event;
  if (ev.event === '$autocapture') type = autocaptureType(str(props.$event_type));

  let target: string | undefined;
  const el = elementInfo(props);
  if (el) {
    target = el.selector;
    if (el.text !== undefined && !attrs.has('$el_text')) attrs.set('$el_text', el.text);
    if (el.href !== undefined) attrs.set('href', el.href);
  }

  let message: string | undefined;
  if (ev.event === '$exception') {
    const list = props.$exception_list;
    const first = Array.isArray(list) && isObj(list[0]) ? list[0] : {};
    message = str(props.$exception_message) ?? str(first.value);
    const exType = str(props.$exception_type) ?? str(first.type);
    if (exType !== undefined) attrs.set('exception_type', exType);
    const stack = stackText(list);
    if (stack !== undefined) attrs.set('stack', stack);
  }

  const page =
    ev.event === '$screen'
      ? str(props.$screen_name)
      : (str(props.$current_url) ?? str(props.$pathname));

  if (ev.$set) attrs.set('$set', ev.$set);
  if (ev.$set_once) attrs.set('$set_once', ev.$set_once);
  if (ev.uuid) attrs.set('uuid', ev.uuid);

  // PostHog's own rule: with sent_at, the client's clock is trusted only for the gap between
  // the event and the send; `offset` is that gap measured by the client itself.
  let time = ctx.now;
  if (ev.timestamp !== undefined && ev.timestamp !== null) {
    time = ev.timestamp;
    if (item.sentAt !== undefined && props.$ignore_sent_at !== true) {
      time = ev.timestamp + (ctx.now - item.sentAt);
      attrs.set('client_timestamp', new Date(ev.timestamp).toISOString());
    }
  } else if (ev.offset !== undefined && ev.offset !== null) {
    time = ctx.now - ev.offset;
  }

  const referrer = str(props.$referrer);
  const trace = traceFromHeaders(ctx.headers);
  return {
    time: Math.round(time),
    kind: 'user',
    type,
    session_id: id(props.$session_id) ?? sessionFromHeaders(ctx.headers) ?? null,
    user_id: id(ev.distinct_id) ?? id(props.distinct_id) ?? null,
    page: page ?? null,
    target: target ?? null,
    message: message ?? null,
    // '$direct' is PostHog's word for "no referrer".
    referrer: referrer !== undefined && referrer !== '$direct' ? referrer : null,
    user_agent: str(props.$raw_user_agent) ?? header(ctx.headers, 'user-agent') ?? null,
    ip_hash: ctx.ipHash,
    trace_id: trace?.trace_id ?? null,
    attrs: Object.fromEntries(attrs),
    raw: item.raw,
  };
}
