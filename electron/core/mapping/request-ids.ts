// Session, user and trace ids that travel in request headers rather than in the payload, and
// the small value readers every mapper needs.
import type { Headers } from './context.js';
import { MAX_ID_CHARS } from './limits.js';

/** A non-empty string, or a number written as one; anything else is absent. */
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;

/** An id cut to MAX_ID_CHARS. */
export const id = (v: unknown): string | undefined => str(v)?.slice(0, MAX_ID_CHARS);

/** A finite number, or a numeric string; anything else is absent. */
export const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first string among `keys` of `data`, remembered in `used` so it is not repeated in attrs. */
export function pick(data: Record<string, unknown>, keys: readonly string[], used: Set<string>): string | undefined {
  for (const k of keys) {
    const v = str(data[k]);
    if (v !== undefined) {
      used.add(k);
      return v;
    }
  }
  return undefined;
}

export function header(h: Headers, name: string): string | undefined {
  const v = h[name];
  return str(Array.isArray(v) ? v[0] : v);
}

const headerId = (h: Headers, name: string) => header(h, name)?.slice(0, MAX_ID_CHARS);

/** `baggage: session.id=abc,other=1` (W3C baggage), as OpenTelemetry browser SDKs send it. */
function baggageSession(h: Headers): string | undefined {
  const bag = header(h, 'baggage');
  if (!bag) return undefined;
  for (const item of bag.split(',')) {
    const [k, v] = item.split(';')[0]!.split('=');
    if (k?.trim() !== 'session.id' || !v) continue;
    try {
      return decodeURIComponent(v.trim()).slice(0, MAX_ID_CHARS);
    } catch {
      // Badly percent-encoded baggage is the sender's bug; the event still counts, sessionless.
      return undefined;
    }
  }
  return undefined;
}

export function sessionFromHeaders(h: Headers): string | undefined {
  return headerId(h, 'x-session-id') ?? baggageSession(h) ?? headerId(h, 'x-posthog-session-id');
}

export function userFromHeaders(h: Headers): string | undefined {
  return headerId(h, 'x-user-id');
}

/** trace_id and span_id (lower-case hex) from a W3C `traceparent` header. */
export function traceFromHeaders(h: Headers): { trace_id: string; span_id: string } | null {
  const tp = header(h, 'traceparent');
  const m = tp ? /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}/i.exec(tp.trim()) : null;
  return m ? { trace_id: m[1]!.toLowerCase(), span_id: m[2]!.toLowerCase() } : null;
}
