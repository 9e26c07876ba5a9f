// Small decoders for field values; each runs at most once per field per line.

/** Undoes the escapes servers write inside quoted values: Apache's \" and \\, nginx's \x22 and \x5C. */
const ESCAPED = /\\(["\\])|\\x(22|5[cC])/g;

/**
 * Other \xhh escapes (control bytes, bytes of non-ASCII text) are left as written, as the default
 * access-log parser does, so control characters never reach the screen.
 */
export function unescapeText(s: string): string {
  if (s.indexOf('\\') === -1) return s;
  return s.replace(ESCAPED, (_m, ch: string | undefined, hex: string | undefined) =>
    ch ?? (hex === '22' ? '"' : '\\'),
  );
}

export interface RequestLine {
  method: string;
  url: string;
  protocol: string | null;
}

function isMethod(s: string, to: number): boolean {
  if (to < 1 || to > 24) return false;
  for (let i = 0; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || c === 45 || c === 95)) return false;
  }
  return true;
}

/**
 * "METHOD target [PROTOCOL]" as written (the target is not unescaped: it is shown as the server
 * logged it). The target may hold spaces when a client sent them; HTTP/0.9 has no protocol.
 * null when the text is not a request line ("-", a TLS handshake sent to a plain-HTTP port).
 */
export function splitRequest(s: string): RequestLine | null {
  const sp1 = s.indexOf(' ');
  if (sp1 <= 0 || sp1 >= s.length - 1 || !isMethod(s, sp1)) return null;
  const sp2 = s.lastIndexOf(' ');
  if (sp2 > sp1 && s.startsWith('HTTP/', sp2 + 1)) {
    return sp2 > sp1 + 1 ? { method: s.slice(0, sp1), url: s.slice(sp1 + 1, sp2), protocol: s.slice(sp2 + 1) } : null;
  }
  return { method: s.slice(0, sp1), url: s.slice(sp1 + 1), protocol: null };
}

/** Digits as a number; NaN for anything else or for more digits than a double holds exactly. */
export function wholeNumber(s: string): number {
  if (s.length === 0 || s.length > 15) return NaN;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return NaN;
  }
  return Number(s);
}

/** The first item of "a, b" or "a : b" (nginx's upstream lists) that is not "-". */
export function firstOfList(s: string): string | null {
  for (const item of s.split(/,|\s:\s/)) {
    const t = item.trim();
    if (t !== '' && t !== '-') return t;
  }
  return null;
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}/i;
const ZERO_TRACE = /^0+$/;

/** W3C traceparent's trace and span ids (lower case); null when malformed or all zeros. */
export function traceparent(s: string): { trace: string; span: string } | null {
  const m = TRACEPARENT.exec(s);
  if (m === null) return null;
  const trace = (m[1] ?? '').toLowerCase();
  const span = (m[2] ?? '').toLowerCase();
  return ZERO_TRACE.test(trace) || ZERO_TRACE.test(span) ? null : { trace, span };
}

const HEX = /^[0-9a-fA-F]+$/;

/** A hex id of `len` digits; B3's 64-bit trace ids are widened to 128 bits as OpenTelemetry does. */
export function hexId(s: string, len: 16 | 32): string | null {
  if (!HEX.test(s)) return null;
  if (s.length === len) return s.toLowerCase();
  if (len === 32 && s.length === 16) return `0000000000000000${s.toLowerCase()}`;
  return null;
}

/** `session.id` from W3C baggage ("userId=1,session.id=abc;prop=x"), percent-decoded. */
export function baggageSession(s: string): string | null {
  for (const member of s.split(',')) {
    const eq = member.indexOf('=');
    if (eq === -1 || member.slice(0, eq).trim() !== 'session.id') continue;
    const semi = member.indexOf(';', eq);
    const raw = member.slice(eq + 1, semi === -1 ? undefined : semi).trim();
    if (raw === '') return null;
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return null;
}

/** Each address of a list, hashed: who the client was stays joinable, the address does not stay. */
export function hashList(s: string, ipHash: (ip: string) => string): string {
  return s
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '' && a !== '-')
    .map(ipHash)
    .join(', ');
}
