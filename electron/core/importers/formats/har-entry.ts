// One HAR entry -> one `api` event, one HAR page -> one `page_view` event. Chromium and Firefox
// both write HAR 1.2, each with its own extras: Chromium's _resourceType, _initiator, _priority,
// _transferSize and _error; Firefox's _securityState, -1 for every unknown timing and size, and
// empty strings where it has nothing.
import type { NewEvent } from '../../../../shared/events.js';
import { routeTemplate } from '../../../../shared/route.js';
import { sessionFromHeaders, traceFromHeaders } from '../../mapping/request-ids.js';
import type { ParseContext } from '../format-types.js';
import { MAX_BODY_BYTES, readBody } from './har-body.js';
import {
  amount, byteCount, capStrings, cookieNames, firstHeader, headerMap, isoMs, isRecord, record, setOwn, shown, text,
} from './har-values.js';

export type Mapped = { ok: true; event: NewEvent } | { ok: false; reason: string };
/** An entry also names its page, as written (attrs may be redacted). */
export type MappedEntry = { ok: true; event: NewEvent; pageref?: string } | { ok: false; reason: string };

const TIMINGS = ['blocked', 'dns', 'connect', 'ssl', 'send', 'wait', 'receive'] as const;
/** RFC 9110 token characters: what a method may be made of. */
const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$/;
const MAX_URL_CHARS = 8192;
/** Data URLs carry whole images; their start says what they were. */
const DATA_URL_CHARS = 100;
/** Any other string in `raw` longer than this is cut: raw is for a glance, not an archive. */
const MAX_RAW_STRING_BYTES = MAX_BODY_BYTES;

const fail = (reason: string): Mapped => ({ ok: false, reason });

/** Safari's _fetchType ("Memory Cache", "Disk Cache", "Network Load") in Chromium's _fromCache words. */
function safariCache(fetchType: string | undefined): string | undefined {
  if (fetchType === undefined) return undefined;
  const t = fetchType.toLowerCase();
  return t.includes('memory') ? 'memory' : t.includes('disk') ? 'disk' : undefined;
}

function requestUrl(url: string): { url: string; route: string } {
  if (/^data:/i.test(url)) {
    const kind = /^data:([^;,]*)/i.exec(url)?.[1] ?? '';
    return { url: url.length > DATA_URL_CHARS ? `${url.slice(0, DATA_URL_CHARS)}…` : url, route: `data:${kind}` };
  }
  const kept = url.length > MAX_URL_CHARS ? url.slice(0, MAX_URL_CHARS) : url;
  return { url: kept, route: routeTemplate(kept) };
}

/** HTTP status as written, 0 included: Chromium and Firefox write 0 for a failed or blocked request. */
function statusOf(response: Record<string, unknown>): number | null {
  const n = amount(response, 'status');
  return n !== undefined && Number.isInteger(n) && n <= 999 ? n : null;
}

/** Sizes on the wire: headers + body when both are known; -1 means unknown. */
function sizes(request: Record<string, unknown>, response: Record<string, unknown>) {
  const sum = (o: Record<string, unknown>) => {
    const h = byteCount(o, 'headersSize');
    const b = byteCount(o, 'bodySize');
    return h !== undefined && b !== undefined ? h + b : b;
  };
  const content = record(response, 'content');
  return {
    req: sum(request),
    // Chromium's _transferSize counts what crossed the network (0 from its memory cache).
    resp: byteCount(response, '_transferSize') ?? sum(response) ?? byteCount(content, 'size'),
  };
}

function timingsOf(entry: Record<string, unknown>): Record<string, number> | undefined {
  const t = record(entry, 'timings');
  const out: Record<string, number> = {};
  let any = false;
  for (const k of TIMINGS) {
    const v = amount(t, k);
    if (v !== undefined) {
      out[k] = v;
      any = true;
    }
  }
  return any ? out : undefined;
}

/** Where the body text sits in `raw`: replaced by what readBody kept. */
function replaceText(holder: Record<string, unknown>, raw: string | undefined): void {
  if (raw !== undefined && Object.hasOwn(holder, 'text')) setOwn(holder, 'text', raw);
}

function put(attrs: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) attrs[key] = value;
}

/**
 * `pages` maps page ids seen so far to their titles. An entry written before its page (rare:
 * both browsers write pages first) falls back to its Referer, the page that made the request.
 */
export function mapEntry(item: unknown, pages: ReadonlyMap<string, string>, ctx: ParseContext, line: number): MappedEntry {
  if (!isRecord(item)) return fail('an entry must be a JSON object');
  if (!Object.hasOwn(item, 'startedDateTime')) return fail('the entry has no startedDateTime');
  const time = isoMs(item.startedDateTime);
  if (time === null) return fail(`startedDateTime must be an ISO 8601 date-time, not ${shown(item.startedDateTime)}`);
  if (!isRecord(item.request)) return fail('the entry has no request object');
  const request = item.request;
  if (typeof request.method !== 'string' || !METHOD.test(request.method)) {
    return fail(`request.method must be an HTTP method, not ${shown(request.method)}`);
  }
  if (typeof request.url !== 'string' || request.url === '') return fail(`request.url must be a URL, not ${shown(request.url)}`);
  const response = record(item, 'response');
  const content = record(response, 'content');
  const postData = record(request, 'postData');

  const reqHeaders = headerMap(request.headers);
  const respHeaders = headerMap(response.headers);
  const { url, route } = requestUrl(request.url);
  const size = sizes(request, response);
  const error = text(item, '_error') ?? text(response, '_error');
  const initiator = record(item, '_initiator');
  const pageref = text(item, 'pageref');
  const referrer = firstHeader(reqHeaders, 'referer');
  const trace = traceFromHeaders(reqHeaders);
  const reqBody = readBody(postData, ctx);
  const respBody = readBody(content, ctx);

  const attrs: Record<string, unknown> = {};
  put(attrs, 'error', error);
  put(attrs, 'pageref', pageref);
  put(attrs, 'resource_type', text(item, '_resourceType'));
  put(attrs, 'mime_type', text(content, 'mimeType'));
  put(attrs, 'http_version', text(response, 'httpVersion') ?? text(request, 'httpVersion'));
  put(attrs, 'priority', text(item, '_priority'));
  put(attrs, 'initiator_type', text(initiator, 'type'));
  put(attrs, 'initiator_url', text(initiator, 'url'));
  put(attrs, 'status_text', text(response, 'statusText'));
  put(attrs, 'redirect_url', text(response, 'redirectURL'));
  put(attrs, 'from_cache', text(item, '_fromCache') ?? safariCache(text(item, '_fetchType')));
  put(attrs, 'server_address', text(item, 'serverIPAddress'));
  put(attrs, 'connection', text(item, 'connection'));
  put(attrs, 'security_state', text(item, '_securityState'));
  put(attrs, 'content_size', byteCount(content, 'size'));
  put(attrs, 'timings', timingsOf(item));
  if (Object.keys(reqHeaders).length > 0) attrs.request_headers = reqHeaders;
  if (Object.keys(respHeaders).length > 0) attrs.response_headers = respHeaders;
  put(attrs, 'request_cookie_names', cookieNames(request.cookies));
  put(attrs, 'response_cookie_names', cookieNames(response.cookies));
  put(attrs, 'request_body', reqBody?.attr);
  put(attrs, 'response_body', respBody?.attr);

  // raw: the entry as written, with runaway strings cut and the bodies as kept above (after the
  // cut, which would otherwise cut them twice). `item` is ours to change.
  capStrings(item, MAX_RAW_STRING_BYTES);
  replaceText(postData, reqBody?.raw);
  replaceText(content, respBody?.raw);
  const event: NewEvent = {
    time,
    kind: 'api',
    line,
    method: request.method.toUpperCase(),
    url,
    route,
    status: statusOf(response),
    duration_ms: amount(item, 'time') ?? null,
    req_bytes: size.req ?? null,
    resp_bytes: size.resp ?? null,
    // The session a page's own calls name, as the collector reads it (our SDK adds X-Session-Id).
    session_id: sessionFromHeaders(reqHeaders) ?? null,
    user_agent: firstHeader(reqHeaders, 'user-agent') ?? null,
    referrer: referrer ?? null,
    // A page without a title ('') falls back to the Referer too.
    page: (pageref !== undefined ? pages.get(pageref) : undefined) || referrer || null,
    trace_id: trace?.trace_id ?? null,
    span_id: trace?.span_id ?? null,
    message: error ?? null,
    attrs,
    raw: JSON.stringify(item),
  };
  return { ok: true, event: ctx.redact(event, item), pageref };
}

export type MappedPage = { ok: true; event: NewEvent; id?: string; title?: string } | { ok: false; reason: string };

const MAX_TITLE_CHARS = 2048;

export function mapPage(item: unknown, ctx: ParseContext, line: number): MappedPage {
  if (!isRecord(item)) return fail('a page must be a JSON object');
  const time = isoMs(item.startedDateTime);
  if (time === null) return fail(`the page's startedDateTime must be an ISO 8601 date-time, not ${shown(item.startedDateTime)}`);
  const id = text(item, 'id');
  const title = text(item, 'title')?.slice(0, MAX_TITLE_CHARS);
  const timings = record(item, 'pageTimings');
  const attrs: Record<string, unknown> = {};
  put(attrs, 'page_id', id);
  put(attrs, 'on_content_load_ms', amount(timings, 'onContentLoad'));
  put(attrs, 'on_load_ms', amount(timings, 'onLoad'));
  capStrings(item, MAX_RAW_STRING_BYTES);
  const event: NewEvent = {
    time,
    kind: 'user',
    type: 'page_view',
    line,
    page: title ?? null,
    attrs,
    raw: JSON.stringify(item),
  };
  return { ok: true, event: ctx.redact(event, item), id, title };
}
