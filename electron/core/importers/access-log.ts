// Apache / nginx access logs: the NCSA "common" format and its "combined" extension.
//
//   host ident user [dd/Mon/yyyy:HH:MM:SS +hhmm] "METHOD target PROTOCOL" status bytes ["referrer" "agent"]
//
// Also accepted: a leading virtual-host field (Apache's vhost_combined), a client field holding a
// forwarded-for list ("a, b, c": the first is the client), a fractional second in
// the time, and anything after the user agent (nginx's "$http_x_forwarded_for", timings), which
// is ignored here because it may hold more client addresses; it stays in `raw`.
//
// Decisions worth knowing:
// - A request that is not "METHOD target [PROTOCOL]" ("-" from timed-out connections, TLS
//   handshakes sent to a plain-HTTP port logged as "\x16\x03\x01...") still imports when the
//   time and status are valid: the event has no method/url/route and keeps the request as
//   written in attrs.request. Such lines are exactly what someone debugging a server wants to see.
// - Bytes "-" means Apache/nginx sent no body (%b prints "-" for zero), so resp_bytes is 0.
// - Referrer and user agent "-" (or empty) are absent. Their \" and \\ escapes are undone;
//   \xhh escapes are left as written so control bytes never reach the screen. The request
//   target is kept exactly as written.
// - The client address is never stored: only ipHash(host) is. `raw` is the line as given.
//
// Speed matters (a million lines against lnav): one left-to-right scan with indexOf, no regex
// per line, and the timestamp is decoded by hand and cached because neighbouring lines share it.
import type { NewEvent } from '../../../shared/events.js';
import { routeTemplate } from '../../../shared/route.js';

export type AccessLineResult = { ok: true; event: NewEvent } | { ok: false; reason: string };

const NOT_ACCESS_START = 'not an access-log line: expected client, ident and user fields followed by a [time]';
const NO_REQUEST = 'not an access-log line: expected a quoted request after the time';
const UNCLOSED_REQUEST = 'not an access-log line: the quoted request is never closed';
const NO_STATUS = 'not an access-log line: expected a status and a response size after the request';

const MONTHS = new Map<number, number>(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [
    (m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2),
    i,
  ]),
);
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const UNESCAPE = /\\(["\\])/g;
const MAX_SHOWN = 40;

// Neighbouring lines share a second; so do most lines of a busy minute's burst.
let lastTimeText = '';
let lastTimeMs = 0;

// Static assets and API endpoints repeat endlessly; templating each URL once is enough.
const ROUTE_CACHE_SIZE = 10_000;
const routeCache = new Map<string, string>();

const sharedAttrs = new Map<string, Readonly<Record<string, unknown>>>();

function protocolAttrs(protocol: string): Record<string, unknown> {
  let a = sharedAttrs.get(protocol);
  if (a === undefined) {
    // Protocols are few (HTTP/1.0, HTTP/1.1, HTTP/2.0); a junk one still makes only one entry.
    if (sharedAttrs.size > 64) sharedAttrs.clear();
    a = Object.freeze({ protocol });
    sharedAttrs.set(protocol, a);
  }
  return a as Record<string, unknown>;
}

function fail(reason: string): AccessLineResult {
  return { ok: false, reason };
}

function shown(s: string): string {
  return JSON.stringify(s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s);
}

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

function twoDigits(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** `17/May/2015:10:05:03 +0000` between from and to, as epoch ms UTC; NaN when malformed. Shared with log-format/. */
export function parseClfTime(s: string, from: number, to: number): number {
  if (to - from < 26) return NaN;
  const day = twoDigits(s, from);
  const month = MONTHS.get(
    ((s.charCodeAt(from + 3) | 0x20) << 16) | ((s.charCodeAt(from + 4) | 0x20) << 8) | (s.charCodeAt(from + 5) | 0x20),
  );
  const y1 = twoDigits(s, from + 7);
  const y2 = twoDigits(s, from + 9);
  const hour = twoDigits(s, from + 12);
  const minute = twoDigits(s, from + 15);
  const second = twoDigits(s, from + 18);
  if (
    s.charCodeAt(from + 2) !== 47 || s.charCodeAt(from + 6) !== 47 || s.charCodeAt(from + 11) !== 58 ||
    s.charCodeAt(from + 14) !== 58 || s.charCodeAt(from + 17) !== 58 || month === undefined ||
    y1 < 0 || y2 < 0 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60
  ) {
    return NaN;
  }
  const year = y1 * 100 + y2;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (DAYS_IN_MONTH[month] ?? 0) || (month === 1 && day === 29 && !leap)) return NaN;

  let p = from + 20;
  let ms = 0;
  if (s.charCodeAt(p) === 46) {
    // Fractional seconds: keep milliseconds, ignore finer digits.
    p++;
    let scale = 100;
    const start = p;
    for (let d = digit(s, p); d >= 0; d = digit(s, ++p)) {
      ms += d * scale;
      scale /= 10;
    }
    ms = Math.floor(ms);
    if (p === start) return NaN;
  }
  if (to - p !== 6 || s.charCodeAt(p) !== 32) return NaN;
  const sign = s.charCodeAt(p + 1);
  const oh = twoDigits(s, p + 2);
  const om = twoDigits(s, p + 4);
  if ((sign !== 43 && sign !== 45) || oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
  const offsetMs = (oh * 60 + om) * 60_000;
  // Local time = UTC + offset, so UTC = local - offset.
  return Date.UTC(year, month, day, hour, minute, second, ms) - (sign === 43 ? offsetMs : -offsetMs);
}

/** Index of the quote closing a field that opened just before `from`, or -1. */
function closingQuote(s: string, from: number, end: number, firstBackslash: number): number {
  const q = s.indexOf('"', from);
  const bs = firstBackslash === -1 || firstBackslash >= from ? firstBackslash : s.indexOf('\\', from);
  if (bs === -1 || q === -1 || q < bs) return q < end ? q : -1;
  // Slow path, only for fields with escapes: \" does not close the field.
  for (let i = bs; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return i;
  }
  return -1;
}

/** A quoted referrer or user agent from its opening quote: value (null for "-"/empty) and where it ends. */
function quotedField(s: string, open: number, end: number, firstBackslash: number): { value: string | null; next: number } {
  let close = closingQuote(s, open + 1, end, firstBackslash);
  // A line cut short (the importer truncates runaway lines) keeps what it has.
  if (close === -1) close = end;
  let value = s.slice(open + 1, close);
  if (firstBackslash !== -1 && value.includes('\\')) value = value.replace(UNESCAPE, '$1');
  return { value: value === '' || value === '-' ? null : value, next: close + 1 };
}

function isMethod(s: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > 24) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || c === 45 || c === 95)) return false;
  }
  return true;
}

export function cachedRoute(url: string): string {
  let r = routeCache.get(url);
  if (r === undefined) {
    if (routeCache.size >= ROUTE_CACHE_SIZE) routeCache.clear();
    r = routeTemplate(url);
    routeCache.set(url, r);
  }
  return r;
}

/** Parses one access-log line into an `api` event, or says in one sentence why it cannot. */
export function parseAccessLine(line: string, lineNo: number, ipHash: (ip: string) => string): AccessLineResult {
  let n = line.length;
  while (n > 0) {
    const c = line.charCodeAt(n - 1);
    if (c !== 13 && c !== 10 && c !== 32 && c !== 9) break;
    n--;
  }
  if (n === 0) return fail('the line is empty');

  // host ident user, optionally preceded by a virtual host, then " [".
  const bracket = line.indexOf(' [');
  if (bracket <= 0 || bracket >= n) return fail(NOT_ACCESS_START);
  const s1 = line.indexOf(' ');
  const s2 = line.indexOf(' ', s1 + 1);
  if (s1 <= 0 || s2 <= s1 + 1 || s2 >= bracket - 1) return fail(NOT_ACCESS_START);
  const s3 = line.indexOf(' ', s2 + 1);
  let vhost: string | null = null;
  let host: string;
  let ident: string;
  let user: string;
  if (s3 === bracket) {
    host = line.slice(0, s1);
    ident = line.slice(s1 + 1, s2);
    user = line.slice(s2 + 1, bracket);
  } else if (line.charCodeAt(s1 - 1) === 44) {
    // "a, b, c - - [": a client field holding an X-Forwarded-For list (off the fast path).
    return forwardedLine(line, lineNo, ipHash);
  } else if (s3 > s2 + 1 && s3 < bracket - 1 && line.indexOf(' ', s3 + 1) === bracket) {
    vhost = line.slice(0, s1);
    host = line.slice(s1 + 1, s2);
    ident = line.slice(s2 + 1, s3);
    user = line.slice(s3 + 1, bracket);
  } else {
    return fail(NOT_ACCESS_START);
  }

  const t0 = bracket + 2;
  const t1 = line.indexOf(']', t0);
  if (t1 === -1 || t1 >= n) return fail('not an access-log line: the [time] is never closed by "]"');
  let time: number;
  if (t1 - t0 === lastTimeText.length && line.startsWith(lastTimeText, t0)) {
    time = lastTimeMs;
  } else {
    time = parseClfTime(line, t0, t1);
    if (Number.isNaN(time)) return fail(`invalid time ${shown(line.slice(t0, t1))}`);
    lastTimeText = line.slice(t0, t1);
    lastTimeMs = time;
  }

  if (line.charCodeAt(t1 + 1) !== 32 || line.charCodeAt(t1 + 2) !== 34) return fail(NO_REQUEST);
  const firstBackslash = line.indexOf('\\', t1);
  const q0 = t1 + 3;
  const q1 = closingQuote(line, q0, n, firstBackslash);
  if (q1 === -1) return fail(UNCLOSED_REQUEST);

  if (line.charCodeAt(q1 + 1) !== 32 || q1 + 2 >= n) return fail(NO_STATUS);
  const st0 = q1 + 2;
  let st1 = line.indexOf(' ', st0);
  if (st1 === -1 || st1 > n) st1 = n;
  const hundreds = digit(line, st0);
  const rest = twoDigits(line, st0 + 1);
  if (st1 - st0 !== 3 || hundreds < 1 || rest < 0) return fail(`invalid status ${shown(line.slice(st0, st1))}`);
  const status = hundreds * 100 + rest;
  if (st1 >= n) return fail(NO_STATUS);

  const b0 = st1 + 1;
  let b1 = line.indexOf(' ', b0);
  if (b1 === -1 || b1 > n) b1 = n;
  let bytes = 0;
  if (!(b1 - b0 === 1 && line.charCodeAt(b0) === 45)) {
    if (b1 === b0 || b1 - b0 > 15) return fail(`invalid response size ${shown(line.slice(b0, b1))}`);
    for (let i = b0; i < b1; i++) {
      const d = digit(line, i);
      if (d < 0) return fail(`invalid response size ${shown(line.slice(b0, b1))}`);
      bytes = bytes * 10 + d;
    }
  }

  // Combined format adds two quoted fields; common format ends here.
  let referrer: string | null = null;
  let userAgent: string | null = null;
  if (b1 + 1 < n && line.charCodeAt(b1 + 1) === 34) {
    const ref = quotedField(line, b1 + 1, n, firstBackslash);
    referrer = ref.value;
    if (ref.next + 1 < n && line.charCodeAt(ref.next) === 32 && line.charCodeAt(ref.next + 1) === 34) {
      userAgent = quotedField(line, ref.next + 1, n, firstBackslash).value;
    }
  }

  // "METHOD target [PROTOCOL]"; the target may itself contain spaces when a client sent them.
  let method: string | null = null;
  let url: string | null = null;
  let protocol: string | null = null;
  const sp1 = line.indexOf(' ', q0);
  if (sp1 > q0 && sp1 < q1 - 1 && isMethod(line, q0, sp1)) {
    const sp2 = line.lastIndexOf(' ', q1 - 1);
    if (sp2 > sp1 && line.startsWith('HTTP/', sp2 + 1)) {
      if (sp2 > sp1 + 1) {
        url = line.slice(sp1 + 1, sp2);
        protocol = line.slice(sp2 + 1, q1);
      }
    } else {
      url = line.slice(sp1 + 1, q1); // HTTP/0.9 has no protocol; so do some broken clients
    }
    if (url !== null) method = line.slice(q0, sp1);
  }

  // Nearly every line's attributes are just its protocol: those lines share one frozen object
  // per protocol, which the import's batch encoder recognises without serialising it again.
  let attrs: Record<string, unknown>;
  if (protocol !== null && method !== null && ident === '-' && user === '-' && vhost === null) {
    attrs = protocolAttrs(protocol);
  } else {
    attrs = {};
    if (protocol !== null) attrs.protocol = protocol;
    if (method === null) attrs.request = line.slice(q0, q1);
    if (ident !== '-') attrs.ident = ident;
    if (user !== '-') attrs.remote_user = user;
    if (vhost !== null) attrs.vhost = vhost;
  }

  const event: NewEvent = {
    time,
    kind: 'api',
    line: lineNo,
    method,
    url,
    route: url === null ? null : cachedRoute(url),
    status,
    resp_bytes: bytes,
    ip_hash: host === '-' ? null : ipHash(host),
    user_agent: userAgent,
    referrer,
    attrs,
    raw: line,
  };
  return { ok: true, event };
}

/**
 * A line whose client field is an X-Forwarded-For list (`10.0.0.2, 10.0.0.1, 127.0.0.1 - - [...]`,
 * as nginx writes with `real_ip` off and `$proxy_add_x_forwarded_for` logged first): the first
 * address is the client; the proxies after it are left in raw only.
 */
function forwardedLine(line: string, lineNo: number, ipHash: (ip: string) => string): AccessLineResult {
  let end = line.indexOf(' ');
  while (end > 0 && line.charCodeAt(end - 1) === 44) end = line.indexOf(' ', end + 1);
  const comma = line.indexOf(',');
  if (end <= comma) return fail(NOT_ACCESS_START);
  const r = parseAccessLine(line.slice(0, comma) + line.slice(end), lineNo, ipHash);
  if (r.ok) r.event.raw = line;
  return r;
}

const noHash = (): string => '';

/** Content-based detection: true when most non-empty sample lines parse as access-log lines. */
export function looksLikeAccessLog(sampleLines: string[]): boolean {
  let total = 0;
  let ok = 0;
  for (const l of sampleLines) {
    if (l.trim() === '') continue;
    total++;
    if (parseAccessLine(l, total, noHash).ok) ok++;
  }
  return total > 0 && ok * 2 > total;
}
