// Reading ids and sizes from request and response headers. The SDK ships on its own, so it
// carries its own copy of these rules rather than importing the collector's; both follow
// DESIGN.md (X-Session-Id, then W3C baggage session.id, then PostHog's header).
import type { IncomingHttpHeaders } from 'node:http';

/** The collector cuts ids to this length; cutting here keeps oversized ids off the wire. */
export const MAX_ID_CHARS = 200;

type HeaderValue = string | readonly string[] | number | undefined;
/** Node's, Express's and Fastify's header objects all fit this. */
export type HeaderBag = Record<string, HeaderValue>;

function first(v: HeaderValue): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  if (typeof s === 'number') return String(s);
  return typeof s === 'string' && s !== '' ? s : undefined;
}

/** A usable id from whatever a header or a user's callback produced, or undefined. */
export function cleanId(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  return s === '' ? undefined : s.slice(0, MAX_ID_CHARS);
}

function baggageSession(bag: string | undefined): string | undefined {
  if (!bag) return undefined;
  for (const member of bag.split(',')) {
    // Members look like `key=value;property`; only the key/value pair matters here.
    const pair = member.split(';')[0] ?? '';
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== 'session.id') continue;
    try {
      return cleanId(decodeURIComponent(pair.slice(eq + 1).trim()));
    } catch {
      // Malformed percent-encoding is the sender's bug: the request is still worth a record.
      return undefined;
    }
  }
  return undefined;
}

export function sessionFromHeaders(h: IncomingHttpHeaders): string | undefined {
  return cleanId(first(h['x-session-id'])) ?? baggageSession(first(h['baggage'])) ?? cleanId(first(h['x-posthog-session-id']));
}

export function userFromHeaders(h: IncomingHttpHeaders): string | undefined {
  return cleanId(first(h['x-user-id']));
}

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}/i;

/** trace_id and span_id from a W3C `traceparent`; the all-zero ids it forbids count as absent. */
export function traceFromHeaders(h: IncomingHttpHeaders): { trace_id: string; span_id: string } | undefined {
  const m = TRACEPARENT.exec(first(h['traceparent'])?.trim() ?? '');
  if (!m) return undefined;
  const trace = m[1]!.toLowerCase();
  const span = m[2]!.toLowerCase();
  if (/^0+$/.test(trace) || /^0+$/.test(span)) return undefined;
  return { trace_id: trace, span_id: span };
}

/** A Content-Length header as a byte count, when it is a sane one. */
export function contentLength(v: HeaderValue): number | undefined {
  const s = first(v);
  if (s === undefined || !/^\d{1,15}$/.test(s.trim())) return undefined;
  return Number(s.trim());
}

// The collector redacts these too; blanking them here means they never even leave the process.
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);
const MAX_HEADER_CHARS = 2048;

/** Headers as plain strings (lists joined), secrets replaced, long values cut. */
export function flattenHeaders(h: HeaderBag): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(h)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const text = Array.isArray(value) ? value.map(String).join(', ') : String(value);
    out[key] = SECRET_HEADERS.has(key) ? '[redacted]' : text.slice(0, MAX_HEADER_CHARS);
  }
  return out;
}
