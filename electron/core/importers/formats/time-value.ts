// Times and durations as log files write them, for JSON lines and CSV. Runs once or twice per
// imported line, so text is scanned by hand (no regex, no Date.parse) and nothing is allocated.
//
// Times (epoch ms UTC, NaN when unreadable):
// - ISO 8601 / RFC 3339: 2015-05-17T10:05:03Z, 2015-05-17T10:05:03.123456+02:00, 2015-05-17 10:05:03,
//   2015/05/17 10:05:03 (Go's log package, nginx's error log), a zone after a space (" +0000",
//   " UTC"), or a bare date (midnight). Without a zone a time is UTC: the file does not say which
//   zone it meant, and reading it in this machine's zone would make the same file import
//   differently on another machine. Digits past milliseconds are cut, not rounded.
// - Apache/nginx $time_local: 17/May/2015:10:05:03 +0000.
// - RFC 1123 (HTTP dates): Sun, 17 May 2015 10:05:03 GMT.
// - asctime: Sun May 17 10:05:03 2015 (C's ctime, Apache's error log, Python's default asctime).
// - log4j2's `instant` object: {"epochSecond": 1431857103, "nanoOfSecond": 250000000}.
// - Epoch numbers, or digit strings, in s / ms / µs / ns chosen by magnitude: below 1e11 seconds
//   (1e11 s is the year 5138, while 1e11 ms is 1973), below 1e14 ms, below 1e17 µs, else ns.
// Dates that do not exist (2015-02-30) and times outside 1970..9999 are refused, not rolled over.
//
// Durations (ms, NaN when unreadable): a number in the field's own unit, or text with a unit as
// Go's time.Duration prints it ("1.5s", "2m3.5s", "300µs", "12ms"; m is minutes, as in Go).

const MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** A duration over 100 days is a unit mistake (or a start time of 0), not a request. */
export const MAX_DURATION_MS = 100 * 86_400_000;

export const MS = 1;
export const SECOND = 1000;
export const MICROSECOND = 1e-3;
export const NANOSECOND = 1e-6;

/** Filled in by readTime when the caller wants to know how a time was written. */
export interface TimeInfo {
  /** A date-time without a zone, read as UTC. */
  zoneless: boolean;
  /** An epoch number rather than a date. */
  epoch: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// Neighbouring lines share a day; Date.UTC and the calendar check run once per day seen.
let lastDayKey = -1;
let lastDayMs = 0;

function midnight(y: number, m: number, d: number): number {
  if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return NaN;
  const key = (y * 16 + m) * 32 + d;
  if (key === lastDayKey) return lastDayMs;
  const ms = Date.UTC(y, m - 1, d);
  // Date.UTC rolls 2015-02-30 over into March; refuse it instead.
  if (new Date(ms).getUTCDate() !== d) return NaN;
  lastDayKey = key;
  lastDayMs = ms;
  return ms;
}

function dig(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

/** `n` digits at i as a number, or -1. */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = dig(s, i + k);
    if (d < 0) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Reads hh:mm[:ss[.fff]] at i into ms since midnight; sets `pos` past it. NaN when malformed. */
let pos = 0;
function clock(s: string, i: number): number {
  const h = digits(s, i, 2);
  const mi = s.charCodeAt(i + 2) === 58 ? digits(s, i + 3, 2) : -1;
  if (h < 0 || h > 23 || mi < 0 || mi > 59) return NaN;
  let ms = h * 3_600_000 + mi * 60_000;
  i += 5;
  if (s.charCodeAt(i) === 58) {
    const sec = digits(s, i + 1, 2);
    if (sec < 0 || sec > 59) return NaN;
    ms += sec * 1000;
    i += 3;
    const c = s.charCodeAt(i);
    if (c === 46 || c === 44) {
      // Fraction: keep milliseconds, skip the rest of the digits.
      let scale = 100;
      let j = i + 1;
      for (; dig(s, j) >= 0; j++) {
        if (scale >= 1) ms += dig(s, j) * scale;
        scale /= 10;
      }
      if (j === i + 1) return NaN;
      i = j;
    }
  }
  pos = i;
  return ms;
}

/** A zone at i running to the end of s, in ms east of UTC; NaN when it is not one. */
function zone(s: string, i: number): number {
  const n = s.length - i;
  const c = s.charCodeAt(i);
  if (n === 1 && (c === 90 || c === 122)) return 0; // Z
  if (n === 3 || n === 2) {
    const z = s.slice(i).toUpperCase();
    if (z === 'UTC' || z === 'GMT' || z === 'UT') return 0;
  }
  if (c !== 43 && c !== 45) return NaN;
  const h = digits(s, i + 1, 2);
  let m = 0;
  if (n === 5) m = digits(s, i + 3, 2);
  else if (n === 6 && s.charCodeAt(i + 3) === 58) m = digits(s, i + 4, 2);
  else if (n !== 3) return NaN;
  if (h < 0 || h > 23 || m < 0 || m > 59) return NaN;
  return (c === 45 ? -1 : 1) * (h * 60 + m) * 60_000;
}

function inRange(ms: number): number {
  return ms >= 0 && ms <= MAX_TIME ? ms : NaN;
}

/** yyyy-mm-dd[(T| )hh:mm[:ss[.f]]][zone] and the same with slashes. */
function isoTime(s: string, info: TimeInfo | undefined): number {
  const sep = s.charCodeAt(4);
  if (s.charCodeAt(7) !== sep) return NaN;
  const day = midnight(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2));
  if (s.length === 10 || Number.isNaN(day)) {
    if (info && !Number.isNaN(day)) info.zoneless = true;
    return s.length === 10 ? day : NaN;
  }
  const t = s.charCodeAt(10);
  if (t !== 84 && t !== 116 && t !== 32) return NaN; // T, t or a space
  const ms = clock(s, 11);
  if (Number.isNaN(ms)) return NaN;
  let i = pos;
  if (i === s.length) {
    if (info) info.zoneless = true;
    return inRange(day + ms);
  }
  if (s.charCodeAt(i) === 32) i++;
  return inRange(day + ms - zone(s, i));
}

function monthAt(s: string, i: number): number {
  const m = MONTHS.indexOf(s.slice(i, i + 3).toLowerCase());
  return m < 0 ? -1 : m + 1;
}

/** dd/Mon/yyyy:hh:mm:ss[.f] [zone], as Apache's %t and nginx's $time_local write it. */
function clfTime(s: string, info: TimeInfo | undefined): number {
  if (s.charCodeAt(2) !== 47 || s.charCodeAt(6) !== 47 || s.charCodeAt(11) !== 58) return NaN;
  const day = midnight(digits(s, 7, 4), monthAt(s, 3), digits(s, 0, 2));
  const ms = clock(s, 12);
  if (Number.isNaN(day) || Number.isNaN(ms)) return NaN;
  if (pos === s.length) {
    if (info) info.zoneless = true;
    return inRange(day + ms);
  }
  return s.charCodeAt(pos) === 32 ? inRange(day + ms - zone(s, pos + 1)) : NaN;
}

/** [Wkd, ]d Mon yyyy hh:mm[:ss] zone (RFC 1123 / 2822). */
function httpTime(s: string): number {
  let i = 0;
  const comma = s.indexOf(', ');
  if (comma > 0 && comma <= 9) i = comma + 2;
  const d1 = dig(s, i);
  const d2 = dig(s, i + 1);
  if (d1 < 0) return NaN;
  const twoDigitDay = d2 >= 0;
  const dd = twoDigitDay ? d1 * 10 + d2 : d1;
  i += twoDigitDay ? 2 : 1;
  if (s.charCodeAt(i) !== 32 || s.charCodeAt(i + 4) !== 32 || s.charCodeAt(i + 9) !== 32) return NaN;
  const day = midnight(digits(s, i + 5, 4), monthAt(s, i + 1), dd);
  const ms = clock(s, i + 10);
  if (Number.isNaN(day) || Number.isNaN(ms) || s.charCodeAt(pos) !== 32) return NaN;
  return inRange(day + ms - zone(s, pos + 1));
}

/**
 * Www Mmm d hh:mm:ss[.f] yyyy [zone], as C's asctime/ctime and Apache's error log write it (the
 * day may be padded with a space: `Sun Dec  4 04:47:44 2005`). No zone is UTC, as elsewhere.
 */
function asctimeText(s: string, info: TimeInfo | undefined): number {
  const month = monthAt(s, 4);
  if (month < 0 || s.charCodeAt(7) !== 32) return NaN;
  let i = s.charCodeAt(8) === 32 ? 9 : 8;
  let dd = dig(s, i++);
  const d2 = dig(s, i);
  if (d2 >= 0) {
    dd = dd * 10 + d2;
    i++;
  }
  if (dd < 0 || s.charCodeAt(i) !== 32) return NaN;
  const ms = clock(s, i + 1);
  const yearAt = pos + 1;
  if (Number.isNaN(ms) || s.charCodeAt(pos) !== 32) return NaN;
  const day = midnight(digits(s, yearAt, 4), month, dd);
  const end = yearAt + 4;
  if (Number.isNaN(day)) return NaN;
  if (end === s.length) {
    if (info) info.zoneless = true;
    return inRange(day + ms);
  }
  return s.charCodeAt(end) === 32 ? inRange(day + ms - zone(s, end + 1)) : NaN;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Epoch digits with an optional fraction; the unit follows from the integer part's size. */
function epochText(s: string): number {
  const dot = s.indexOf('.');
  const intEnd = dot === -1 ? s.length : dot;
  if (intEnd === 0 || intEnd > 20) return NaN;
  for (let i = 0; i < s.length; i++) if (i !== dot && dig(s, i) < 0) return NaN;
  if (dot === s.length - 1) return NaN;
  const whole = Number(s.slice(0, intEnd));
  if (whole < 1e11) {
    // Seconds: the fraction's first three digits are the milliseconds, read exactly.
    const frac = dot === -1 ? 0 : Number(s.slice(dot + 1, dot + 4).padEnd(3, '0'));
    return inRange(whole * 1000 + frac);
  }
  if (whole < 1e14) return inRange(whole);
  // µs and ns: drop the digits below a millisecond rather than divide a number past 2^53.
  const cut = whole < 1e17 ? 3 : 6;
  return inRange(Number(s.slice(0, intEnd - cut)));
}

/** An epoch number in s, ms, µs or ns, by magnitude. */
export function readEpoch(n: number): number {
  if (!Number.isFinite(n) || n < 0) return NaN;
  if (!Number.isInteger(n)) return epochText(String(n));
  if (n < 1e11) return inRange(n * 1000);
  if (n < 1e14) return inRange(n);
  if (n < 1e17) return inRange(Math.floor(n / 1e3));
  // Nanoseconds past 2^53 arrive a few hundred ns off (1431857103250000000 parses as
  // ...249999872): round to the microsecond first so the millisecond is the one written.
  return n < 1e20 ? inRange(Math.floor(Math.round(n / 1e3) / 1e3)) : NaN;
}

function trimmed(s: string): string {
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(s.length - 1);
  return a === 32 || a === 9 || b === 32 || b === 9 ? s.trim() : s;
}

/** A time written as text, as epoch ms UTC; NaN when it is none of the forms above. */
export function readTimeText(text: string, info?: TimeInfo): number {
  const s = trimmed(text);
  if (s.length > 64) return NaN;
  if (s.length >= 10 && dig(s, 0) >= 0) {
    const c4 = s.charCodeAt(4);
    if (c4 === 45 || c4 === 47) return isoTime(s, info);
    if (s.charCodeAt(2) === 47) return clfTime(s, info);
  }
  if (s.length >= 20 && s.charCodeAt(3) === 32 && isLetter(s.charCodeAt(0))) {
    const a = asctimeText(s, info);
    if (!Number.isNaN(a)) return a;
  }
  const e = epochText(s);
  if (!Number.isNaN(e)) {
    if (info) info.epoch = true;
    return e;
  }
  return httpTime(s);
}

/** log4j2's JsonLayout `instant`: {epochSecond, nanoOfSecond}; milliseconds kept, finer digits cut. */
function instantTime(v: object): number {
  const { epochSecond, nanoOfSecond = 0 } = v as { epochSecond?: unknown; nanoOfSecond?: unknown };
  if (typeof epochSecond !== 'number' || !Number.isSafeInteger(epochSecond) || typeof nanoOfSecond !== 'number') return NaN;
  if (!Number.isInteger(nanoOfSecond) || nanoOfSecond < 0 || nanoOfSecond >= 1e9) return NaN;
  return inRange(epochSecond * 1000 + Math.floor(nanoOfSecond / 1e6));
}

/** A time from a JSON value or a CSV cell: text as above, an epoch number, or log4j2's instant object. */
export function readTime(v: unknown, info?: TimeInfo): number {
  if (typeof v === 'string') return readTimeText(v, info);
  if (typeof v === 'number') {
    if (info) info.epoch = true;
    return readEpoch(v);
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return instantTime(v);
  return NaN;
}

// ---- Durations ----

/** ms per unit for Go duration units (µ as U+00B5 or U+03BC). */
function unitMs(s: string, i: number, j: number): number {
  switch (s.slice(i, j)) {
    case 'ns':
      return NANOSECOND;
    case 'us':
    case '\u00b5s':
    case '\u03bcs':
      return MICROSECOND;
    case 'ms':
      return MS;
    case 's':
    case 'sec':
      return SECOND;
    case 'm':
    case 'min':
      return 60_000;
    case 'h':
      return 3_600_000;
    default:
      return NaN;
  }
}

/** Keeps µs precision and drops float noise (0.1 + 0.2), which would show in every table. */
function tidy(ms: number): number {
  return ms >= 0 && ms <= MAX_DURATION_MS ? Math.round(ms * 1000) / 1000 : NaN;
}

function isDigitOrDot(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46;
}

/** "12.5" (in `unit` ms each), "12ms", "1.5s", "2m3.5s", "300µs", "12 ms". */
function durationText(text: string, unit: number): number {
  const s = trimmed(text);
  if (s.length === 0 || s.length > 64) return NaN;
  let total = 0;
  let i = 0;
  let parts = 0;
  while (i < s.length) {
    let j = i;
    while (j < s.length && isDigitOrDot(s.charCodeAt(j))) j++;
    if (j === i) return NaN;
    const n = Number(s.slice(i, j));
    if (Number.isNaN(n)) return NaN;
    if (j === s.length && parts === 0) return tidy(n * unit);
    // One space between a number and its unit ("12 ms"), but only in a single-part duration.
    if (s.charCodeAt(j) === 32 && parts === 0) j++;
    let k = j;
    while (k < s.length && !isDigitOrDot(s.charCodeAt(k))) k++;
    const u = unitMs(s, j, k);
    if (Number.isNaN(u) || (j > i && s.charCodeAt(j - 1) === 32 && k < s.length)) return NaN;
    total += n * u;
    parts++;
    i = k;
  }
  return tidy(total);
}

/** A duration in ms from a JSON value or CSV cell; bare numbers are in `unit` ms each. */
export function readDuration(v: unknown, unit: number): number {
  if (typeof v === 'number') return Number.isFinite(v) ? tidy(v * unit) : NaN;
  if (typeof v === 'string') return durationText(v, unit);
  return NaN;
}

const UNIT_SUFFIX = /(?:^|[_\-\s])(ms|msec|millis|milliseconds|us|µs|μs|usec|micros|microseconds|ns|nsec|nanos|nanoseconds|s|sec|secs|seconds)$/i;
const CAMEL_UNIT_SUFFIX = /[a-z0-9](Ms|MS|Msec|Millis|Milliseconds|Us|Usec|Micros|Microseconds|Ns|Nsec|Nanos|Nanoseconds|S|Sec|Secs|Seconds)$/;

/** A unit suffix of a field name (`latency_ms`, `durationMs`, `took_s`): the name without it, and the unit. */
export function unitSuffix(name: string): { base: string; unit: number } | null {
  const last = name.slice(name.lastIndexOf('.') + 1);
  const m = UNIT_SUFFIX.exec(last) ?? CAMEL_UNIT_SUFFIX.exec(last);
  if (!m) return null;
  const word = m[1]!.toLowerCase();
  const unit = word.startsWith('mi') && word !== 'millis' && word !== 'milliseconds' ? MICROSECOND
    : word.startsWith('m') ? MS
    : word.startsWith('u') || word.startsWith('µ') || word.startsWith('μ') ? MICROSECOND
    : word.startsWith('n') ? NANOSECOND
    : SECOND;
  return { base: name.slice(0, name.length - m[1]!.length).replace(/[_\-\s]$/, ''), unit };
}

/**
 * The unit of a bare number in a duration field, from its name: a suffix (_ms, Ms, _us, _ns,
 * _s, Sec, Seconds...) or a name that means seconds by convention (nginx's $request_time and
 * $upstream_*_time, ECS's event.duration in ns). Anything else is ms, the common case
 * (latency_ms, responseTime in pino-http, took in Elasticsearch).
 */
export function durationUnitOf(name: string): number {
  const suffix = unitSuffix(name);
  if (suffix) return suffix.unit;
  const norm = name.toLowerCase().replace(/[_\-\s]/g, '');
  if (norm === 'event.duration') return NANOSECOND;
  if (/^(?:upstream(?:response|connect|header)time|requesttime)$/.test(norm.slice(norm.lastIndexOf('.') + 1))) return SECOND;
  return MS;
}

export function unitName(unit: number): string {
  return unit === SECOND ? 'seconds' : unit === MICROSECOND ? 'microseconds' : unit === NANOSECOND ? 'nanoseconds' : 'milliseconds';
}
