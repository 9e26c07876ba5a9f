// Readers for the loosely typed values of a HAR file. Browsers and proxies each bend the spec
// (-1 for "unknown", numbers as strings, fields missing), so a value of the wrong type is read
// as absent rather than failing its entry; only what an event cannot do without is required.
import { parseTimeValue } from '../../../../shared/time.js';

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at `key` if it is a record, else an empty one. */
export function record(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const v = Object.hasOwn(obj, key) ? obj[key] : undefined;
  return isRecord(v) ? v : {};
}

/** A non-empty string, else undefined. */
export function text(obj: Record<string, unknown>, key: string): string | undefined {
  const v = Object.hasOwn(obj, key) ? obj[key] : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A finite number >= 0 (HAR writes -1 for unknown), else undefined. */
export function amount(obj: Record<string, unknown>, key: string): number | undefined {
  const v = Object.hasOwn(obj, key) ? obj[key] : undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** A whole byte count >= 0, else undefined. */
export function byteCount(obj: Record<string, unknown>, key: string): number | undefined {
  const n = amount(obj, key);
  return n !== undefined && Number.isSafeInteger(n) ? n : undefined;
}

/** startedDateTime as epoch ms; null when it is not an ISO 8601 date-time with a time of day. */
export function isoMs(v: unknown): number | null {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/i.test(v)) return null;
  return parseTimeValue(v)?.start ?? null;
}

/** A short, safe rendering of a wrong value for a reason. */
export function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/**
 * Cuts text to at most `maxBytes` of UTF-8 (at a character boundary) and says how much went,
 * the way the collector caps bodies.
 */
export function cutText(s: string, maxBytes: number): string {
  if (s.length * 3 <= maxBytes) return s; // even all-CJK text fits
  const head = s.slice(0, maxBytes);
  const buf = Buffer.from(head, 'utf8');
  if (buf.length <= maxBytes && head.length === s.length) return s;
  let end = Math.min(maxBytes, buf.length);
  while (end > 0 && end < buf.length && (buf[end]! & 0xc0) === 0x80) end--; // not inside a sequence
  const kept = buf.toString('utf8', 0, end);
  if (kept.length === s.length) return s;
  return `${kept}… [${s.length - kept.length} more characters cut]`;
}

const MAX_HEADERS = 100;
const MAX_HEADER_CHARS = 4096;

export type HeaderMap = Record<string, string | string[]>;

/**
 * HAR's [{name, value}] list as an object with lower-case names, as node:http spells them;
 * repeated names (set-cookie) become lists. HTTP/2 pseudo-headers (:path, :authority) only
 * repeat the method and URL, so they are left out.
 */
export function headerMap(list: unknown): HeaderMap {
  const out = new Map<string, string | string[]>();
  if (!Array.isArray(list)) return {};
  for (const h of list) {
    if (out.size >= MAX_HEADERS) break;
    if (!isRecord(h) || typeof h.name !== 'string' || h.name === '' || h.name.startsWith(':')) continue;
    const raw = typeof h.value === 'string' ? h.value : typeof h.value === 'number' ? String(h.value) : undefined;
    if (raw === undefined) continue;
    const value = raw.length > MAX_HEADER_CHARS ? cutText(raw, MAX_HEADER_CHARS) : raw;
    const name = h.name.toLowerCase();
    const prev = out.get(name);
    out.set(name, prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value]);
  }
  // fromEntries defines own properties, so a header named __proto__ stays data.
  return Object.fromEntries(out);
}

export function firstHeader(h: HeaderMap, name: string): string | undefined {
  const v = Object.hasOwn(h, name) ? h[name] : undefined;
  const s = Array.isArray(v) ? v[0] : v;
  return s === '' ? undefined : s;
}

const MAX_COOKIES = 50;

/** Cookie names only: the values are secrets, and the redacted cookie headers still show which ones joined. */
export function cookieNames(list: unknown): string[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const names = new Set<string>();
  for (const c of list) {
    if (names.size >= MAX_COOKIES) break;
    if (isRecord(c) && typeof c.name === 'string' && c.name !== '') names.add(c.name.slice(0, 200));
  }
  return names.size > 0 ? [...names] : undefined;
}

/**
 * Cuts every string longer than `maxBytes` in a parsed item, in place (the item is ours, freshly
 * parsed): data: URLs, WebSocket frames and stack traces must not make `raw` huge.
 */
export function capStrings(v: unknown, maxBytes: number): unknown {
  if (typeof v === 'string') return v.length * 3 > maxBytes ? cutText(v, maxBytes) : v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = capStrings(v[i], maxBytes);
  } else if (isRecord(v)) {
    for (const k of Object.keys(v)) {
      const c = v[k];
      if (typeof c === 'object' || typeof c === 'string') {
        const r = capStrings(c, maxBytes);
        if (r !== c) setOwn(v, k, r);
      }
    }
  }
  return v;
}

/** Plain assignment to `__proto__` would set the prototype; JSON.parse made it an own key. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
