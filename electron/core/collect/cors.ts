// Which web pages may send events. Browsers send an Origin header with every POST, sendBeacon
// and simple text/plain requests included, so refusing unknown origins here is what stops an
// arbitrary site the user visits from writing into their store (CORS alone only stops it from
// reading our answer). Default: any page served from this machine (localhost, 127/8, ::1),
// which is where apps under development run.
import type { IncomingMessage } from 'node:http';
import { isLoopbackHost } from '../net/guard.js';

export interface CorsPolicy {
  /** Null when the request may proceed (no Origin, or an allowed one); else the one-line reason. */
  refusal(req: IncomingMessage): string | null;
  /** Headers for an allowed origin's answers. */
  headers(req: IncomingMessage): Record<string, string>;
  /** Headers answering an OPTIONS preflight from an allowed origin. */
  preflight(req: IncomingMessage): Record<string, string>;
}

/** Headers real clients set: ours, W3C trace context and baggage, PostHog's, compression. */
const ALLOWED_HEADERS = [
  'content-type', 'content-encoding', 'authorization', 'x-session-id', 'x-user-id', 'traceparent',
  'tracestate', 'baggage', 'x-posthog-session-id', 'x-posthog-window-id',
];

/** The origin is trusted already; any header name it asks for is fine, but only header names. */
function requestedHeaders(req: IncomingMessage): string[] {
  const asked = req.headers['access-control-request-headers'] ?? '';
  return asked
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => /^[a-z0-9!#$%&'*+.^_`|~-]{1,100}$/.test(h));
}

export class CorsConfigError extends Error {
  override name = 'CorsConfigError';
}

/** Origins as the user typed them (`http://localhost:3000`, `*`), normalised. */
export function parseAllowedOrigins(list: readonly string[]): string[] {
  return list.map((o) => {
    // `localhost` keeps the default (loopback pages) beside the origins listed.
    if (o === '*' || o === 'null' || o === 'localhost') return o;
    let url: URL;
    try {
      url = new URL(o);
    } catch {
      throw new CorsConfigError(`--allow-origin ${JSON.stringify(o)} is not an origin; write it as scheme://host[:port], e.g. http://localhost:3000.`);
    }
    if (url.origin === 'null') throw new CorsConfigError(`--allow-origin ${JSON.stringify(o)} has no origin; use http(s)://host[:port].`);
    return url.origin;
  });
}

/** `allowed` empty means the default: loopback origins only. */
export function createCorsPolicy(allowed: readonly string[] = []): CorsPolicy {
  const any = allowed.includes('*');
  const set = new Set(allowed);
  const isAllowed = (origin: string): boolean => {
    if (any || set.has(origin)) return true;
    if (allowed.length > 0 && !set.has('localhost')) return false;
    try {
      const url = new URL(origin);
      return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname);
    } catch {
      return false;
    }
  };
  const originOf = (req: IncomingMessage) => req.headers.origin;
  const headers = (req: IncomingMessage): Record<string, string> => {
    const origin = originOf(req);
    if (origin === undefined || !isAllowed(origin)) return {};
    return { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'retry-after', vary: 'Origin' };
  };
  return {
    refusal(req) {
      const origin = originOf(req);
      if (origin === undefined || isAllowed(origin)) return null;
      return `Origin ${origin} may not send events here; start Logbridge with --allow-origin ${origin} to allow it.`;
    },
    headers,
    preflight(req) {
      const base = headers(req);
      if (!base['access-control-allow-origin']) return {};
      const out: Record<string, string> = {
        ...base,
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': [...new Set([...ALLOWED_HEADERS, ...requestedHeaders(req)])].join(', '),
        'access-control-max-age': '600',
      };
      // Chrome's Private Network Access: a public page asking for a loopback address must be told yes.
      if (req.headers['access-control-request-private-network'] === 'true') out['access-control-allow-private-network'] = 'true';
      return out;
    },
  };
}
