// One OTLP span or log record -> one event (DESIGN.md "The event model"). An HTTP server span
// is an API call; every other span, and every log record, is a log line. Attributes that fill
// a column are taken out of attrs; everything else stays there as plain JSON.
import type { NewEvent } from '../../../shared/events.js';
import { routeTemplate } from '../../../shared/route.js';
import type { MapContext } from './context.js';
import { id, num, sessionFromHeaders, str, userFromHeaders } from './request-ids.js';
import {
  anyValueJson,
  asObject,
  attributes,
  enumValue,
  isRecord,
  ItemError,
  keyValues,
  nanosSpanMs,
  nanosToMs,
  optString,
  otlpId,
  unixNanos,
  type JsonValue,
} from './otlp-values.js';

/** What a span or record inherits from the ResourceSpans/ScopeSpans (or *Logs) around it. */
export interface Origin {
  resource: Map<string, JsonValue>;
  /** attrs entries naming the instrumentation scope. */
  scope: [string, JsonValue][];
}

export interface MappedItem {
  event: NewEvent;
  dedupKey?: string;
}

/** Throws ItemError: a bad resource rejects the items under it, not the whole request. */
export function readResource(resource: unknown): Map<string, JsonValue> {
  if (resource === undefined || resource === null) return new Map();
  return attributes(asObject(resource, 'resource'), 'resource.attributes');
}

export function readScope(scope: unknown): [string, JsonValue][] {
  if (scope === undefined || scope === null) return [];
  const s = asObject(scope, 'scope');
  const out: [string, JsonValue][] = [];
  const name = optString(s, 'name', 'scope.name');
  const version = optString(s, 'version', 'scope.version');
  if (name) out.push(['scope', name]);
  if (version) out.push(['scope.version', version]);
  for (const [k, v] of attributes(s, 'scope.attributes')) out.push([`scope.${k}`, v]);
  return out;
}

/** Attributes with a record of which ones became columns. */
class Picker {
  private readonly used = new Set<string>();
  constructor(private readonly attrs: Map<string, JsonValue>) {}

  /** The first of `keys` whose value `read` accepts; that key then stays out of attrs. */
  pick<T>(read: (v: unknown) => T | undefined, ...keys: string[]): T | undefined {
    for (const k of keys) {
      const v = read(this.attrs.get(k));
      if (v !== undefined) {
        this.used.add(k);
        return v;
      }
    }
    return undefined;
  }

  has(key: string): boolean {
    return this.attrs.has(key);
  }

  rest(prefix = ''): [string, JsonValue][] {
    const out: [string, JsonValue][] = [];
    for (const [k, v] of this.attrs) if (!this.used.has(k)) out.push([prefix + k, v]);
    return out;
  }
}

function identity(record: Picker, resource: Picker, ctx: MapContext) {
  const session = record.pick(id, 'session.id') ?? resource.pick(id, 'session.id') ?? sessionFromHeaders(ctx.headers);
  const user =
    record.pick(id, 'user.id', 'enduser.id') ?? resource.pick(id, 'user.id', 'enduser.id') ?? userFromHeaders(ctx.headers);
  return { session_id: session ?? null, user_id: user ?? null };
}

/**
 * attrs in a fixed order, later entries winning: resource, scope, the item's own attributes,
 * then what we derived. Object.fromEntries defines every key as an own property, so a key
 * named `__proto__` is stored as data rather than changing the object's prototype.
 */
function buildAttrs(origin: Origin, resource: Picker, record: Picker, derived: [string, JsonValue | undefined][]) {
  const entries: [string, JsonValue][] = [...resource.rest('resource.'), ...origin.scope, ...record.rest()];
  for (const [k, v] of derived) if (v !== undefined) entries.push([k, v]);
  return Object.fromEntries(entries);
}

const wholeIn =
  (min: number, max: number) =>
  (v: unknown): number | undefined => {
    const n = num(v);
    return n !== undefined && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
  };
const httpStatus = wholeIn(100, 999);
const byteCount = wholeIn(0, Number.MAX_SAFE_INTEGER);

// ---- Spans ----

const SPAN_KINDS = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
] as const;
const SPAN_KIND_NAMES = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const SPAN_KIND_SERVER = 2;
const STATUS_CODES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const;
const STATUS_OK = 1;
const STATUS_ERROR = 2;

/**
 * The API-call columns of an HTTP server span, under the current HTTP semantic conventions or
 * the older ones (http.method, http.target, http.status_code) that many SDKs still emit.
 * Undefined, with nothing consumed, when the span has no HTTP method.
 */
function httpServerCall(a: Picker) {
  const method = a.pick(str, 'http.request.method', 'http.method');
  if (method === undefined) return undefined;
  // The current conventions write `_OTHER` for a method outside the known set and keep the
  // sender's spelling beside it.
  const original = method === '_OTHER' ? a.pick(str, 'http.request.method_original') : undefined;
  const path = a.pick(str, 'url.path');
  const query = path === undefined ? undefined : a.pick(str, 'url.query');
  const url = path !== undefined ? (query ? `${path}?${query}` : path) : a.pick(str, 'http.target', 'url.full', 'http.url');
  const route = a.pick(str, 'http.route') ?? (url === undefined ? undefined : routeTemplate(url));
  return {
    method: original ?? method,
    url: url ?? null,
    route: route ?? null,
    status: a.pick(httpStatus, 'http.response.status_code', 'http.status_code') ?? null,
    req_bytes: a.pick(byteCount, 'http.request.body.size', 'http.request_content_length') ?? null,
    resp_bytes: a.pick(byteCount, 'http.response.body.size', 'http.response_content_length') ?? null,
    user_agent: a.pick(str, 'user_agent.original', 'http.user_agent') ?? null,
  };
}

/**
 * The first recorded exception's type and message, which SDKs put on a span event rather than
 * on the span: lifted into attrs so a search finds the failing span by its error text.
 */
function exceptionOf(item: Record<string, unknown>, own: Picker): [string, JsonValue | undefined][] {
  const events = item['events'];
  if (!Array.isArray(events)) return [];
  const i = events.findIndex((e: unknown) => isRecord(e) && e['name'] === 'exception');
  if (i === -1) return [];
  const ev = asObject(events[i], `events[${i}]`);
  const a = keyValues(ev['attributes'], `events[${i}].attributes`);
  return ['exception.type', 'exception.message']
    .filter((k) => !own.has(k))
    .map((k): [string, JsonValue | undefined] => [k, a.get(k)]);
}

export function mapSpan(item: Record<string, unknown>, origin: Origin, raw: string, ctx: MapContext): MappedItem {
  const traceId = otlpId(item, 'traceId', 16);
  const spanId = otlpId(item, 'spanId', 8);
  const parentId = otlpId(item, 'parentSpanId', 8);
  const name = optString(item, 'name') ?? '';
  const kind = enumValue(item, 'kind', SPAN_KINDS) ?? 0;
  const start = unixNanos(item, 'startTimeUnixNano');
  if (start === undefined) throw new ItemError('startTimeUnixNano is required');
  const end = unixNanos(item, 'endTimeUnixNano');
  if (end !== undefined && end < start) throw new ItemError('endTimeUnixNano is before startTimeUnixNano');
  const status = item['status'] === undefined || item['status'] === null ? {} : asObject(item['status'], 'status');
  const statusCode = enumValue(status, 'code', STATUS_CODES) ?? 0;
  const statusMessage = optString(status, 'message', 'status.message');

  const own = new Picker(attributes(item, 'attributes'));
  const resource = new Picker(origin.resource);
  const who = identity(own, resource, ctx);
  const http = kind === SPAN_KIND_SERVER ? httpServerCall(own) : undefined;
  const derived: [string, JsonValue | undefined][] = [
    ...exceptionOf(item, own),
    ['span.kind', kind === 0 ? undefined : (SPAN_KIND_NAMES[kind] ?? kind)],
    ['span.parent_id', parentId],
    ['span.status', statusCode === STATUS_OK ? 'ok' : statusCode === STATUS_ERROR ? 'error' : undefined],
    ['span.status_message', statusMessage || undefined],
  ];
  if (http) derived.push(['span.name', name || undefined]);

  const common = {
    time: nanosToMs(start),
    duration_ms: end === undefined ? null : nanosSpanMs(start, end),
    trace_id: traceId ?? null,
    span_id: spanId ?? null,
    ...who,
    attrs: buildAttrs(origin, resource, own, derived),
    raw,
  };
  const event: NewEvent = http
    ? { ...common, kind: 'api', ...http }
    : { ...common, kind: 'log', level: statusCode === STATUS_ERROR ? 'error' : 'info', message: name || null };
  // An exporter retries a batch it did not hear back about; the ids make the resend harmless.
  return traceId && spanId ? { event, dedupKey: `otlp-span:${traceId}:${spanId}` } : { event };
}

// ---- Log records ----

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
const SEVERITY_NAMES = [
  'SEVERITY_NUMBER_UNSPECIFIED',
  ...['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((l) =>
    ['', '2', '3', '4'].map((n) => `SEVERITY_NUMBER_${l}${n}`),
  ),
];
const LEVEL_ALIASES: Record<string, string> = {
  warning: 'warn',
  information: 'info',
  informational: 'info',
  notice: 'info',
  err: 'error',
  critical: 'fatal',
  crit: 'fatal',
  alert: 'fatal',
  emerg: 'fatal',
  emergency: 'fatal',
  panic: 'fatal',
};

/** severityNumber ranges, four numbers per level (1-4 trace ... 21-24 fatal). */
function levelFromNumber(n: number | undefined): string | undefined {
  return n !== undefined && n >= 1 && n <= 24 ? LEVELS[Math.floor((n - 1) / 4)] : undefined;
}

/** Known spellings (WARNING, Information, ERROR2 as OTel's short names go) -> our levels. */
function levelFromText(text: string): string | undefined {
  const t = text.trim().toLowerCase().replace(/[234]$/, '');
  if ((LEVELS as readonly string[]).includes(t)) return t;
  return Object.hasOwn(LEVEL_ALIASES, t) ? LEVEL_ALIASES[t] : undefined;
}

const MAX_LEVEL_CHARS = 40;

export function mapLogRecord(item: Record<string, unknown>, origin: Origin, raw: string, ctx: MapContext): MappedItem {
  const time = unixNanos(item, 'timeUnixNano') ?? unixNanos(item, 'observedTimeUnixNano');
  const severityNumber = enumValue(item, 'severityNumber', SEVERITY_NAMES);
  const severityText = optString(item, 'severityText')?.trim();
  const body = anyValueJson(item['body'], 'body');
  const eventName = optString(item, 'eventName');

  let level = severityText ? levelFromText(severityText) : undefined;
  level ??= levelFromNumber(severityNumber);
  // A level we do not know (NOTICE without a number, a custom name) is still worth keeping.
  level ??= severityText ? severityText.toLowerCase().slice(0, MAX_LEVEL_CHARS) : undefined;
  const message = typeof body === 'string' ? body : body === null ? undefined : JSON.stringify(body);

  const own = new Picker(attributes(item, 'attributes'));
  const resource = new Picker(origin.resource);
  const who = identity(own, resource, ctx);
  const event: NewEvent = {
    time: time === undefined ? ctx.now : nanosToMs(time),
    kind: 'log',
    level: level ?? null,
    message: message || eventName || null,
    trace_id: otlpId(item, 'traceId', 16) ?? null,
    span_id: otlpId(item, 'spanId', 8) ?? null,
    ...who,
    attrs: buildAttrs(origin, resource, own, [
      ['log.severity_number', severityNumber ? severityNumber : undefined],
      ['log.event_name', eventName || undefined],
    ]),
    raw,
  };
  return { event };
}
