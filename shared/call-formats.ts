// An API call as the tools a developer pastes it into read it: a cURL command (secrets left out
// unless asked for) and a HAR 1.2 entry (DevTools, Charles, Insomnia import these). The detail
// pane copies them; `logbridge query --format har` writes the entries. Pure.
import type { LogEvent } from './events.js';

type Headers = Record<string, string>;

/** Headers that carry credentials: replaced in a copied command unless secrets are asked for. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-auth-token', 'x-csrf-token']);
export const REDACTED = '<redacted>';

/** A header map as events carry it (values may be lists), flattened to one text per name. */
export function headersOf(value: unknown): Headers {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Headers = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x) => typeof x === 'string').join(', ');
  }
  return out;
}

/** Sizes travel in attrs (DESIGN.md's --json names). */
const size = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

export const bodyText = (body: unknown): string | null => (body === undefined || body === null ? null : typeof body === 'string' ? body : JSON.stringify(body));

/** POSIX shell single quotes: nothing inside is special but the quote itself. */
const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** The request's absolute URL when the event says where it went (its own URL, or the Host header). */
function absoluteUrl(e: LogEvent, headers: Headers): string {
  const url = e.url ?? e.route ?? '/';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  const host = Object.entries(headers).find(([k]) => k.toLowerCase() === 'host')?.[1];
  return host ? `http://${host}${url.startsWith('/') ? '' : '/'}${url}` : url;
}

export function curlOf(e: LogEvent, opts: { secrets?: boolean } = {}): string {
  const headers = headersOf(e.attrs?.request_headers);
  const parts = ['curl', '-X', e.method ?? 'GET', shellQuote(absoluteUrl(e, headers))];
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'host' || name.startsWith(':')) continue;
    const shown = !opts.secrets && SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value;
    parts.push('-H', shellQuote(`${name}: ${shown}`));
  }
  const body = bodyText(e.attrs?.request_body);
  if (body !== null) parts.push('--data-raw', shellQuote(body));
  return parts.join(' ');
}

const pairs = (h: Headers) => Object.entries(h).map(([name, value]) => ({ name, value }));

export function harEntryOf(e: LogEvent): Record<string, unknown> {
  const req = headersOf(e.attrs?.request_headers);
  const resp = headersOf(e.attrs?.response_headers);
  const url = absoluteUrl(e, req);
  let queryString: { name: string; value: string }[] = [];
  try {
    queryString = [...new URL(url, 'http://relative.invalid').searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    // A URL the platform cannot read: no query string rather than no entry.
  }
  const reqBody = bodyText(e.attrs?.request_body);
  const respBody = bodyText(e.attrs?.response_body);
  const type = (h: Headers) => Object.entries(h).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  const wait = e.duration_ms ?? 0;
  const reqBytes = size(e.attrs?.req_bytes);
  const respBytes = size(e.attrs?.resp_bytes);
  return {
    startedDateTime: new Date(e.time).toISOString(),
    time: wait,
    request: {
      method: e.method ?? 'GET', url, httpVersion: 'HTTP/1.1', cookies: [], headers: pairs(req), queryString,
      headersSize: -1, bodySize: reqBytes ?? (reqBody === null ? 0 : -1),
      ...(reqBody === null ? {} : { postData: { mimeType: type(req), text: reqBody } }),
    },
    response: {
      status: e.status ?? 0, statusText: '', httpVersion: 'HTTP/1.1', cookies: [], headers: pairs(resp), redirectURL: '',
      headersSize: -1, bodySize: respBytes ?? -1,
      content: { size: respBytes ?? (respBody?.length ?? 0), mimeType: type(resp), ...(respBody === null ? {} : { text: respBody }) },
    },
    cache: {},
    timings: { send: 0, wait, receive: 0 },
  };
}
