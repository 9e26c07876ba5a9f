// Building blocks for the nginx and Apache tables: the shapes field values take, and field specs
// for what both servers log (addresses, sizes, durations, headers).
import type { TimeSpec } from './time.js';
import type { AttrType, FieldSpec, Role, Shape } from './types.js';

/** A field spec before its label (the text of the directive) is known. */
export type Spec = Omit<FieldSpec, 'label'>;

function typed(source: string, expect: string): Shape {
  return { kind: 'typed', source, expect };
}

/** No spaces: addresses, names, methods, paths. */
export const TOKEN: Shape = { kind: 'free', spaces: false };
/** May hold spaces: header values, user agents, unknown variables. */
export const TEXT: Shape = { kind: 'free', spaces: true };
/** "METHOD target PROTOCOL"; unquoted, it is up to three space-separated words. */
export const REQUEST: Shape = { kind: 'free', spaces: true, bare: String.raw`[^\s"]+(?: [^\s"]+){0,2}?` };
export const STATUS = typed(String.raw`\d{3}`, 'a status (3 digits)');
export const INT = typed(String.raw`\d+`, 'a whole number');
export const DECIMAL = typed(String.raw`\d+(?:\.\d+)?`, 'a number');
export const SECONDS = typed(String.raw`\d+(?:\.\d+)?`, 'a duration in seconds like 0.005');
/** nginx's per-upstream lists: "0.004, 0.010" between upstreams, "0.004 : 0.010" across internal redirects. */
const LIST_SOURCE = String.raw`[^\s,"]+(?:(?:,\s*| : )[^\s,"]+)*`;
export const LIST = typed(LIST_SOURCE, 'a value or a list like "a, b"');
/** X-Forwarded-For: a list when bare; anything when quoted (proxies write "unknown", ports, garbage). */
export const ADDRESS_LIST: Shape = { kind: 'free', spaces: true, bare: LIST_SOURCE };
export const TIME_LIST = typed(String.raw`(?:\d+(?:\.\d+)?|-)(?:(?:, | : )(?:\d+(?:\.\d+)?|-))*`, 'seconds like 0.005, or a list like "0.004, 0.010"');
/** A path never holds "?" (the query follows it), which is what splits `$uri$is_args$args`. */
export const PATH = typed(String.raw`[^\s"?]*`, 'a path');
export const IS_ARGS = typed(String.raw`\??`, '"?" or nothing');
/** A host name (and port) never holds "/" or "?", which is what splits `$host$request_uri`. */
export const HOST: Shape = { kind: 'free', spaces: false, stops: '/?' };

export function attr(name: string, type: AttrType = 'text', shape: Shape = TOKEN, sensitive = false): Spec {
  return { attr: name, role: { kind: 'attr', type, sensitive }, shape };
}

/** Secrets may hide in it (header, cookie, argument, environment variable): events get redacted. */
export function secretAttr(name: string, shape: Shape = TEXT): Spec {
  return attr(name, 'text', shape, true);
}

export function role(name: string, r: Role, shape: Shape): Spec {
  return { attr: name, role: r, shape };
}

export function address(name: string, rank: number, list = false): Spec {
  return role(name, { kind: 'address', rank, list }, list ? ADDRESS_LIST : TOKEN);
}

export function bytes(name: string, slot: 'resp_bytes' | 'req_bytes', rank: number, dashIsZero = false): Spec {
  return role(name, { kind: 'bytes', slot, rank, dashIsZero }, INT);
}

/** A duration in units of `unitMs` ms; `list`: nginx's per-upstream list, of which the first counts. */
export function duration(name: string, unitMs: number, rank: number, shape: Shape, list = false): Spec {
  return role(name, { kind: 'duration', unitMs, rank, list }, shape);
}

/** A bare trace or span id in hex; the lower rank wins when several fields carry one. */
export function hexId(name: string, slot: 'trace_id' | 'span_id', rank: number): Spec {
  return role(name, { kind: 'hex', slot, rank }, TOKEN);
}

export function time(name: string, spec: TimeSpec): Spec {
  return role(name, { kind: 'time', time: spec }, spec.shape);
}

/** `X-Session-Id` and `x_session_id` alike, as nginx names headers. */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/-/g, '_');
}

/**
 * A request header, by its nginx-style key: the ones that fill an event column, and the
 * ones that carry client addresses (hashed, never kept), get their role; the rest are attrs.
 */
export function requestHeader(key: string, attrName: string): Spec {
  switch (key) {
    case 'user_agent':
      return role(attrName, { kind: 'text', slot: 'user_agent', rank: 0 }, TEXT);
    case 'referer':
    case 'referrer':
      return role(attrName, { kind: 'text', slot: 'referrer', rank: 0 }, TEXT);
    case 'x_session_id':
      return role(attrName, { kind: 'text', slot: 'session_id', rank: 0 }, TOKEN);
    case 'x_posthog_session_id':
      return role(attrName, { kind: 'text', slot: 'session_id', rank: 1 }, TOKEN);
    case 'x_user_id':
      return role(attrName, { kind: 'text', slot: 'user_id', rank: 0 }, TOKEN);
    case 'traceparent':
      return role(attrName, { kind: 'traceparent' }, TOKEN);
    case 'baggage':
      return role(attrName, { kind: 'baggage' }, TEXT);
    case 'x_b3_traceid':
      return hexId(attrName, 'trace_id', 1);
    case 'x_b3_spanid':
      return hexId(attrName, 'span_id', 1);
    case 'host':
      return attr(attrName, 'text', HOST);
    case 'x_real_ip':
    case 'cf_connecting_ip':
    case 'true_client_ip':
      return address(attrName, 2);
    case 'x_forwarded_for':
      return address(attrName, 3, true);
    default:
      return secretAttr(attrName);
  }
}
