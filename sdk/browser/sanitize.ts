// Keeps what the SDK sends within the collector's limits whatever the app hands to track():
// long strings are cut, deep or circular objects are flattened, and an event that is still too
// big loses its properties rather than the whole batch being refused.

/** The collector refuses events over 32 KB; stay clear of it (UTF-8 bytes of the JSON). */
export const MAX_EVENT_BYTES = 30 * 1024;
export const MAX_STRING = 1_000;
const MAX_DEPTH = 6;
const MAX_KEYS = 100;

/** UTF-8 length without TextEncoder allocations: the SDK measures every event. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    // A surrogate pair is one 4-byte character; each half counts 2.
    else if (c >= 0xd800 && c <= 0xdfff) n += 2;
    else n += 3;
  }
  return n;
}

/** Cuts to `max` characters without splitting a surrogate pair, marking the cut. */
export function cut(s: string, max = MAX_STRING): string {
  if (s.length <= max) return s;
  let end = max;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${s.slice(0, end)}…`;
}

/** Error-ish values to one readable line. */
export function messageOf(v: unknown): string {
  if (v instanceof Error) return v.message || v.name;
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    const m = (v as { message?: unknown }).message;
    if (typeof m === 'string') return m;
    try {
      return JSON.stringify(v) ?? String(v);
    } catch {
      return Object.prototype.toString.call(v);
    }
  }
  return String(v);
}

/**
 * A JSON-safe copy: strings cut to maxString, depth, key and item counts bounded, cycles
 * replaced, functions and symbols dropped, Dates as ISO strings and Errors as their message.
 */
export function clean(value: unknown, maxString = MAX_STRING, depth = 0, seen: object[] = []): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') return cut(value, maxString);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Error) return cut(messageOf(value), maxString);
  if (seen.includes(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[nested]';
  seen.push(value);
  try {
    if (Array.isArray(value)) {
      return value.slice(0, MAX_KEYS).map((v) => clean(v, maxString, depth + 1, seen) ?? null);
    }
    const out: Record<string, unknown> = {};
    let n = 0;
    for (const key of Object.keys(value)) {
      if (n++ >= MAX_KEYS) break;
      let v: unknown;
      try {
        v = (value as Record<string, unknown>)[key];
      } catch {
        continue; // A throwing getter is the app's business, not a reason to lose the event.
      }
      const c = clean(v, maxString, depth + 1, seen);
      if (c !== undefined) out[cut(key, 200)] = c;
    }
    return out;
  } finally {
    seen.pop();
  }
}

/** event_data as a plain object. */
export function cleanProps(props: unknown, maxString = MAX_STRING): Record<string, unknown> {
  const c = clean(props, maxString);
  return c && typeof c === 'object' && !Array.isArray(c) ? (c as Record<string, unknown>) : {};
}

/**
 * Makes an event fit MAX_EVENT_BYTES: first by cutting its data's strings harder, then by
 * dropping the data and saying so. Returns the event and its JSON.
 */
export function fitEvent<T extends { event_data: Record<string, unknown> }>(ev: T): { event: T; json: string } {
  let json = JSON.stringify(ev);
  if (utf8Length(json) <= MAX_EVENT_BYTES) return { event: ev, json };
  const smaller = { ...ev, event_data: cleanProps(ev.event_data, 100) };
  json = JSON.stringify(smaller);
  if (utf8Length(json) <= MAX_EVENT_BYTES) return { event: smaller, json };
  const bare = { ...ev, event_data: { truncated: true } };
  return { event: bare, json: JSON.stringify(bare) };
}
