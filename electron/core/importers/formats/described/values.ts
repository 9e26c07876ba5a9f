// Values as the described formats write them: escaped text, addresses with
// ports, and attrs names and numbers that search well.
import { trimUnderscores } from '../../../privacy/redaction-rules.js';

/** IIS writes a space in a value as +; CloudFront URL-encodes. Undecodable text is kept as written. */
export function decodeValue(v: string, how: 'plus' | 'percent' | undefined): string {
  if (how === 'plus') return v.includes('+') ? v.replaceAll('+', ' ') : v;
  if (how === 'percent' && v.includes('%')) {
    try {
      return decodeURIComponent(v);
    } catch {
      return v;
    }
  }
  return v;
}

/** `1.2.3.4:5678`, `[2001:db8::1]:443` or `2001:db8::1:443` -> the address without its port. */
export function withoutPort(v: string): string {
  if (v.charCodeAt(0) === 91) {
    const close = v.indexOf(']');
    return close > 0 ? v.slice(1, close) : v;
  }
  const colon = v.lastIndexOf(':');
  return colon > 0 ? v.slice(0, colon) : v;
}

/** The first address of a forwarded-for list (`203.0.113.9, 10.0.0.1`): the end user's. */
export function firstAddress(v: string): string {
  const comma = v.indexOf(',');
  return (comma === -1 ? v : v.slice(0, comma)).trim();
}

/** The addresses of a forwarded-for list. */
export function addresses(v: string): string[] {
  return v.split(',').map((a) => a.trim()).filter((a) => a !== '' && a !== '-');
}

/** Field names as attrs keys the search language reads: `cs(User-Agent)` -> `cs_user_agent`; letters of any script kept. */
const attrNames = new Map<string, string>();
export function attrName(name: string): string {
  let out = attrNames.get(name);
  if (out !== undefined) return out;
  out = trimUnderscores(name.toLowerCase().replace(/[^\p{L}\p{N}_.]+/gu, '_')) || 'field';
  if (attrNames.size < 4096) attrNames.set(name, out);
  return out;
}

const PLAIN_NUMBER = /^-?(?:0|[1-9]\d{0,14})(?:\.\d{1,9})?$/;

/** Plain decimal numbers become numbers (so `bytes>1000` works); ids with leading zeros stay text. */
export function attrValue(v: string): string | number {
  return v.length <= 26 && PLAIN_NUMBER.test(v) ? Number(v) : v;
}
