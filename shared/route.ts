// Route templates: `/users/123/orders/9f8e…` -> `/users/:id/orders/:id`, so that stats and
// percentiles group by endpoint rather than by the one customer who called it.
// Isomorphic: no node:*, no electron, no DOM. Runs once per imported line, so the segment
// test is a single character scan rather than a battery of regexes.

export const ID_PLACEHOLDER = ':id';

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;

/** Random tokens change character class (digit, lower, upper) every ~2 characters; words and
 *  camelCase names run 4+ characters between changes. Tokens averaging less than this many
 *  characters per run are treated as random. */
const MAX_RANDOM_RUN = 3.2;
const MIN_RANDOM_TOKEN = 20;
const MIN_HEX_ID = 16;

// Character classes for the randomness test (plain numbers: const enums do not survive
// per-file transpilers).
const NONE = 0;
const DIGIT = 1;
const LOWER = 2;
const UPPER = 3;

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isUuid(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!isHex(c)) return false;
  }
  return true;
}

// Crockford base32 as used by ULIDs: digits and letters except I, L, O, U. The first
// character encodes the top bits of a 48-bit timestamp, so it is at most 7.
function isUlid(s: string): boolean {
  if (s.length !== 26) return false;
  const first = s.charCodeAt(0);
  if (first < 48 || first > 55) return false;
  for (let i = 1; i < 26; i++) {
    const c = s.charCodeAt(i) | 0x20; // fold letters to lower case; digits are unchanged
    const digit = c >= 48 && c <= 57;
    const letter = c >= 97 && c <= 122 && c !== 105 && c !== 108 && c !== 111 && c !== 117;
    if (!digit && !letter) return false;
  }
  return true;
}

/** True when a path segment is a value (an id, a hash, a token) rather than part of the route. */
export function isIdSegment(seg: string): boolean {
  const n = seg.length;
  if (n === 0) return false;
  let digits = 0;
  let letters = 0;
  let hex = 0;
  let seps = 0;
  // Class changes inside a run of alphanumerics; an upper->lower change is a word start
  // in camelCase ("getUser"), not a sign of randomness, so it does not count.
  let changes = 0;
  let prev = NONE;
  for (let i = 0; i < n; i++) {
    const c = seg.charCodeAt(i);
    let cls: number;
    if (c >= 48 && c <= 57) cls = DIGIT;
    else if (c >= 97 && c <= 122) cls = LOWER;
    else if (c >= 65 && c <= 90) cls = UPPER;
    else if (c === 45 || c === 95) {
      seps++;
      prev = NONE;
      continue;
    } else return false; // dots, %, ~, etc.: a file name or something readable; keep it
    if (cls === DIGIT) digits++;
    else letters++;
    if (isHex(c)) hex++;
    if (prev !== NONE && prev !== cls && !(prev === UPPER && cls === LOWER)) changes++;
    prev = cls;
  }
  if (digits === n) return true;
  if (seps === 0 && hex === n && n >= MIN_HEX_ID) return true; // hashes, Mongo ObjectIds, dashless UUIDs
  if (seps === 4 && isUuid(seg)) return true;
  if (digits === 0 || letters === 0) return false;
  if (seps === 0 && isUlid(seg)) return true;
  if (n < MIN_RANDOM_TOKEN) return false;
  return digits + letters < (changes + 1) * MAX_RANDOM_RUN;
}

/**
 * Normalises a request target or URL to its route template: scheme, host, query string and
 * fragment are dropped, duplicate slashes collapse, and id-like segments become `:id`.
 * A trailing slash is kept because `/dir/` and `/dir` are different resources on most
 * servers (the second usually redirects). Segments containing a dot (file names, versions,
 * addresses) are never ids.
 */
export function routeTemplate(pathOrUrl: string): string {
  let end = pathOrUrl.length;
  const q = pathOrUrl.indexOf('?');
  if (q !== -1) end = q;
  const h = pathOrUrl.indexOf('#');
  if (h !== -1 && h < end) end = h;

  let start = 0;
  const sch = pathOrUrl.indexOf('://');
  if (sch > 0 && sch < end && SCHEME.test(pathOrUrl.slice(0, sch))) {
    const slash = pathOrUrl.indexOf('/', sch + 3);
    if (slash === -1 || slash >= end) return '/';
    start = slash;
  }
  if (start >= end) return '/';

  const path = pathOrUrl.slice(start, end);
  const parts = path.split('/');
  let out = '';
  let kept = 0;
  for (const seg of parts) {
    if (seg === '') continue;
    out += (kept === 0 && path.charCodeAt(0) !== 47 ? '' : '/') + (isIdSegment(seg) ? ID_PLACEHOLDER : seg);
    kept++;
  }
  if (kept === 0) return path.charCodeAt(0) === 47 ? '/' : path;
  if (path.charCodeAt(path.length - 1) === 47) out += '/';
  return out;
}
