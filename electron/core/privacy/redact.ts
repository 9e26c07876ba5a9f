// Secrets in collected events are replaced before storage by a keyed marker,
// `[redacted:<12 hex of HMAC-SHA256(key, secret)>]`: the secret is gone, yet two events that
// carried the same token still show the same marker and can be joined. A plain hash would not
// do: passwords and card numbers are guessable, so anyone holding the database could hash
// candidates and compare; under a key the markers are useless for that.
import { createHmac } from 'node:crypto';
import net from 'node:net';
import type { NewEvent } from '../../../shared/events.js';
import { createNamedTextRules } from './named-text.js';
import { DEFAULT_REDACTION_RULES, normalizeKey, type RedactionRules } from './redaction-rules.js';
import {
  AUTH_SCHEME, CARD_CANDIDATE, IPV4_HINT, IPV6_HINT, CARD_HINT, CARD_SEPARATORS, COOKIE_SPLIT, GLOBAL_OR_STICKY,
  HEADERS_KEY, HEX_DIGIT, IP_BRACKETS, IP_HINT, IPV4_IN_TEXT, IPV6_IN_TEXT, JSON_START, PARAM,
  QUERY_KEY, URL_HEADERS, USERINFO,
} from './text-patterns.js';

export type HeaderValue = string | string[] | number | undefined;
export type HeaderMap = Readonly<Record<string, HeaderValue>>;

export interface Redactor {
  /** A copy of `v` with secrets replaced; unchanged subtrees are shared, never mutated. */
  value(v: unknown): unknown;
  url(u: string): string;
  headers(h: HeaderMap): Record<string, HeaderValue>;
  /**
   * A new event; the input is left as it was. `payload`, when given, is event.raw already
   * parsed: it is walked instead of parsing raw again, and raw is rewritten only if it changed.
   */
  event(e: NewEvent, payload?: unknown): NewEvent;
}

export {
  DEFAULT_REDACTED_HEADERS,
  DEFAULT_REDACTION_RULES,
  normalizeKey,
  parseRedactionRules,
  RedactionRulesError,
  type RedactionRules,
  type RedactionRulesConfig,
} from './redaction-rules.js';

// ---- Matching ----

const MARKER_PREFIX = '[redacted:';
const MARKER_LENGTH = MARKER_PREFIX.length + 12 + 1;
/** Payloads are refused beyond depth 32 at the collector; deeper than this is hidden whole. */
const MAX_DEPTH = 64;
const CACHE_LIMIT = 4096;
/** Longer secrets are rare and not worth keeping in memory for a cache hit. */
const CACHEABLE_SECRET_CHARS = 512;
const OAUTH_PARAMS = new Set(['code', 'state']);

export function isMarker(s: string): boolean {
  return s.length === MARKER_LENGTH && s.startsWith(MARKER_PREFIX) && s.charCodeAt(MARKER_LENGTH - 1) === 93;
}

const LOCAL_ADDRESSES = new net.BlockList();
LOCAL_ADDRESSES.addSubnet('127.0.0.0', 8, 'ipv4');
LOCAL_ADDRESSES.addAddress('0.0.0.0', 'ipv4');
LOCAL_ADDRESSES.addAddress('::1', 'ipv6');
LOCAL_ADDRESSES.addAddress('::', 'ipv6');

/** Loopback (127.0.0.0/8, ::1) and unspecified (0.0.0.0, ::) addresses. */
export function isLocalAddress(ip: string): boolean {
  return LOCAL_ADDRESSES.check(ip, net.isIPv6(ip) ? 'ipv6' : 'ipv4');
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Undefined when the text is not JSON. */
function parseJson(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

function decodeParam(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function createRedactor(key: Buffer, rules: RedactionRules = DEFAULT_REDACTION_RULES): Redactor {
  if (key.length < 16) throw new Error('The redaction key must be at least 16 bytes; use a random 32-byte key.');
  const keyBytes = Buffer.from(key);
  // A global or sticky flag would make test() remember where it stopped.
  const keyPattern = new RegExp(rules.keyPattern.source, rules.keyPattern.flags.replace(GLOBAL_OR_STICKY, ''));
  const headerNames = new Set(rules.headers.map((h) => h.toLowerCase()));
  const cards = rules.cardNumbers;
  // Keys and secrets repeat from one event to the next; both caches are bounded because both
  // are fed by whoever can reach the collector.
  const keyVerdicts = new Map<string, boolean>();
  const markers = new Map<string, string>();

  const markText = (secret: string): string => {
    const hit = markers.get(secret);
    if (hit !== undefined) return hit;
    const out = `${MARKER_PREFIX}${createHmac('sha256', keyBytes).update(secret, 'utf8').digest('hex').slice(0, 12)}]`;
    if (secret.length <= CACHEABLE_SECRET_CHARS) {
      if (markers.size >= CACHE_LIMIT) markers.clear();
      markers.set(secret, out);
    }
    return out;
  };

  /** Strings are hashed as their text, so a token in a URL and in a body get the same marker. */
  const mark = (v: unknown): unknown => {
    // Nothing to hide in an absent or empty value or in one bit (`has_password: true`,
    // `withCredentials: false`), and seeing them helps debugging.
    if (v === null || v === undefined || v === '' || typeof v === 'boolean') return v;
    if (typeof v === 'string') return isMarker(v) ? v : markText(v);
    let json: string | undefined;
    try {
      json = JSON.stringify(v);
    } catch {
      json = undefined;
    }
    return markText(json ?? String(v));
  };

  const isSecretKey = (k: string): boolean => {
    let verdict = keyVerdicts.get(k);
    if (verdict === undefined) {
      verdict = headerNames.has(k.toLowerCase()) || keyPattern.test(normalizeKey(k));
      if (keyVerdicts.size >= CACHE_LIMIT) keyVerdicts.clear();
      keyVerdicts.set(k, verdict);
    }
    return verdict;
  };
  /** OAuth's `code` and `state` are secrets in a query string only; elsewhere they are ordinary words. */
  const isSecretParam = (name: string): boolean => OAUTH_PARAMS.has(name.toLowerCase()) || isSecretKey(name);

  const redactCards = (s: string): string =>
    !CARD_HINT.test(s) ? s : s.replace(CARD_CANDIDATE, (m) => {
      const digits = m.replace(CARD_SEPARATORS, '');
      if (digits.length === 13 && digits.charCodeAt(0) !== 52) return m; // only Visa has 13
      return luhnValid(digits) ? markText(digits) : m;
    });

  /** URL rules: passwords in userinfo, query-style parameters under secret or OAuth names. */
  const redactUrlText = (s: string): string => {
    let out = s;
    if (out.includes('@') && out.includes('://')) {
      out = out.replace(USERINFO, (m, scheme: string, user: string, pass: string) =>
        isMarker(pass) ? m : `${scheme}${user}:${markText(decodeParam(pass))}@`,
      );
    }
    if (out.includes('=')) {
      out = out.replace(PARAM, (m, sep: string, name: string, val: string) =>
        isMarker(val) || !isSecretParam(decodeParam(name)) ? m : `${sep}${name}=${markText(decodeParam(val))}`,
      );
    }
    return out;
  };

  const redactNamedText = createNamedTextRules({ markText, isMarker, isSecretKey, markHeader: (name, v) => markHeader(name, v) as string });

  // In text, the loopback and unspecified addresses stay: they name no one, and every URL of an
  // app under development holds one (`http://127.0.0.1:3000/cart`).
  const redactAddresses = (s: string): string => {
    let out = s;
    if (IPV4_HINT.test(out)) out = out.replace(IPV4_IN_TEXT, (m) => (net.isIPv4(m) && !isLocalAddress(m) ? markText(m) : m));
    if (out.includes(':') && IPV6_HINT.test(out)) {
      out = out.replace(IPV6_IN_TEXT, (m) => (HEX_DIGIT.test(m) && net.isIPv6(m) && !isLocalAddress(m) ? markText(m) : m));
    }
    return out;
  };

  /** Every free-text rule, for messages, URLs, raw lines and string values. */
  const redactText = (s: string): string => {
    let out = redactUrlText(s);
    out = redactNamedText(out);
    out = redactAddresses(out);
    return cards && out.length >= 13 ? redactCards(out) : out;
  };

  const url = (u: string): string => redactText(u);

  const redactString = (s: string, depth: number): string => {
    if (isMarker(s)) return s;
    // An address under any key (OTLP attributes, custom properties): raw IPs never reach disk.
    if (IP_HINT.test(s) && net.isIP(s.replace(IP_BRACKETS, '')) !== 0) return markText(s);
    // A body sent as JSON text (`"request_body": "{\"password\": ...}"`) hides its secrets
    // under keys, which only the parsed value shows.
    if (JSON_START.test(s)) {
      const parsed = parseJson(s);
      if (parsed !== undefined && parsed !== null && typeof parsed === 'object') {
        const red = walk(parsed, depth + 1);
        return red === parsed ? s : JSON.stringify(red);
      }
    }
    return redactText(s);
  };

  const listKind = (k: string): 'headers' | 'query' | undefined => {
    if (k.endsWith('eaders') && HEADERS_KEY.test(normalizeKey(k))) return 'headers';
    // HAR's queryString, and the same list under the names other tools give it.
    return k === 'queryString' || QUERY_KEY.test(k) ? 'query' : undefined;
  };

  /** Header values keep the visible shape that helps debugging: the auth scheme, cookie names. */
  const markHeader = (name: string, v: unknown): unknown => {
    // Repeated headers (set-cookie above all) arrive as a list: one marker per value.
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.map((x: string) => markHeader(name, x));
    if (typeof v !== 'string' || v === '' || isMarker(v)) return mark(v);
    const n = name.toLowerCase();
    if (n === 'authorization' || n === 'proxy-authorization' || n === 'proxy_authorization') {
      const m = AUTH_SCHEME.exec(v);
      return m ? `${m[1]} ${mark(m[2])}` : mark(v);
    }
    if (n === 'cookie' || n === 'cookies') {
      return v
        .split(COOKIE_SPLIT)
        .map((pair) => markCookiePair(pair))
        .join('; ');
    }
    if (n === 'set-cookie' || n === 'set_cookie') {
      const semi = v.indexOf(';');
      return semi === -1 ? markCookiePair(v) : `${markCookiePair(v.slice(0, semi))}${v.slice(semi)}`;
    }
    return mark(v);
  };
  const markCookiePair = (pair: string): string => {
    const eq = pair.indexOf('=');
    if (eq === -1) return pair === '' ? pair : (mark(pair) as string);
    const val = pair.slice(eq + 1);
    return val === '' || isMarker(val) ? pair : `${pair.slice(0, eq)}=${markText(val)}`;
  };

  /** `within` says what a list holds: headers as [name, value] pairs, or query parameters as {name, value}. */
  const walk = (v: unknown, depth: number, within?: 'headers' | 'query'): unknown => {
    if (typeof v === 'string') return redactString(v, depth);
    if (v === null || typeof v !== 'object') return v;
    if (depth >= MAX_DEPTH) return mark(v);
    if (Array.isArray(v)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const c: unknown = v[i];
        let r: unknown;
        // Header lists as [name, value] pairs, as fetch's Headers.entries() gives them.
        if (within === 'headers' && Array.isArray(c) && c.length === 2 && typeof c[0] === 'string' && isSecretKey(c[0])) {
          const hidden = markHeader(c[0], c[1]);
          r = hidden === c[1] ? c : [c[0], hidden];
        } else {
          r = walk(c, depth + 1, within === 'query' ? within : undefined);
        }
        if (r !== c) {
          out ??= v.slice();
          out[i] = r;
        }
      }
      return out ?? v;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    const obj = v as Record<string, unknown>;
    // {name, value} or {key, value} pairs: HAR headers, query strings and form fields; Postman.
    const pairName = typeof obj.name === 'string' ? obj.name : typeof obj.key === 'string' ? obj.key : undefined;
    const secretPair = pairName !== undefined && 'value' in obj && (within === 'query' ? isSecretParam(pairName) : isSecretKey(pairName));
    let out: Record<string, unknown> | undefined;
    for (const k of Object.keys(obj)) {
      const c = obj[k];
      let r: unknown;
      if (isSecretKey(k)) r = markHeader(k, c);
      else if (secretPair && k === 'value') r = markHeader(pairName, c);
      else r = walk(c, depth + 1, listKind(k));
      if (r !== c) {
        out ??= { ...obj };
        // JSON.parse makes `__proto__` an own key; plain assignment would set the prototype.
        if (k === '__proto__') Object.defineProperty(out, k, { value: r, enumerable: true, writable: true, configurable: true });
        else out[k] = r;
      }
    }
    return out ?? obj;
  };

  const headers = (h: HeaderMap): Record<string, HeaderValue> => {
    const out: Record<string, HeaderValue> = { ...h };
    for (const k of Object.keys(h)) {
      const v = h[k];
      if (v === undefined) continue;
      if (isSecretKey(k)) out[k] = markHeader(k, v) as HeaderValue;
      else if (typeof v === 'string' && URL_HEADERS.test(k)) out[k] = url(v);
    }
    return out;
  };

  /** raw is the payload's JSON text, or a log line. Re-serialised only when something changed. */
  const redactRaw = (raw: string): string => {
    const parsed = JSON_START.test(raw) ? parseJson(raw) : undefined;
    if (parsed === undefined) return redactText(raw);
    const red = walk(parsed, 0);
    return red === parsed ? raw : JSON.stringify(red);
  };

  return {
    value: (v) => walk(v, 0),
    url,
    headers,
    event(e, payload) {
      const out: NewEvent = { ...e };
      if (e.attrs) out.attrs = walk(e.attrs, 0) as Record<string, unknown>;
      if (e.url) out.url = url(e.url);
      if (e.route) out.route = url(e.route);
      if (e.page) out.page = url(e.page);
      if (e.referrer) out.referrer = url(e.referrer);
      if (e.target) out.target = redactString(e.target, 0);
      if (e.message) out.message = redactString(e.message, 0);
      if (payload === undefined) out.raw = redactRaw(e.raw);
      else {
        const red = walk(payload, 0);
        out.raw = red === payload ? e.raw : JSON.stringify(red);
      }
      return out;
    },
  };
}
