// Values written in the search language (electron/core/query/tokenize.ts and parse.ts) so that
// they read back as exactly themselves: the dashboard's drill-downs and the core's own query
// text (the echo filter the dashboard's figures apply) both write them. Pure.
import { routeTemplate } from './route.js';

/**
 * The tokenizer refuses these anywhere in a query (tokenize.ts CONTROL): a value holding one
 * can only be approached with a wildcard in its place.
 */
const QUERY_CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]+/g;
const HAS_QUERY_CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/;

/** Values written bare (`method:POST`, `route:/api/cart`): nothing in them the tokenizer reads specially. */
const BARE = /^[A-Za-z0-9_/][A-Za-z0-9_./-]*$/;

/** Characters an unquoted value must escape. */
const SPECIAL = /[\\"()*:<>\s]/g;

/**
 * A text value as the language reads it back unchanged: bare when it is a plain token, else a
 * quoted phrase (only `\"` and `\\` are escapes there, and a quoted `*` is a literal star). A
 * value with characters the tokenizer refuses becomes an unquoted pattern with `*` in their place
 * and every other special character escaped; null when even that cannot be said (it would also
 * need a literal `*`, or it would be nothing but wildcards, which means "has the field" rather
 * than this value).
 */
export function quoteValue(value: string): string | null {
  if (BARE.test(value)) return value;
  if (!HAS_QUERY_CONTROL.test(value)) return `"${value.replace(/[\\"]/g, '\\$&')}"`;
  if (value.includes('*')) return null;
  const pattern = value
    .split(QUERY_CONTROL)
    .map((part) => part.replace(SPECIAL, '\\$&'))
    .join('*');
  return /^\*+$/.test(pattern) ? null : pattern;
}

/**
 * A field's exact value. A bare concrete path would also find its route template's events (the
 * language helps a user who pastes one), so such a route is quoted.
 */
export function fieldValueText(field: string, value: string): string | null {
  if (field === 'route' && BARE.test(value) && routeTemplate(value) !== value) return `"${value}"`;
  return quoteValue(value);
}

/** A `*` pattern as an unquoted value: its stars stay wildcards, everything else is literal; null when it cannot be said. */
export function patternText(pattern: string): string | null {
  if (HAS_QUERY_CONTROL.test(pattern) || /^\*+$/.test(pattern) || pattern === '') return null;
  return pattern
    .split('*')
    .map((part) => part.replace(SPECIAL, '\\$&'))
    .join('*');
}
