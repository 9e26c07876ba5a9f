// The rules for secrets that text names: `password=X`, `token: X`, `"cvv": "123"`, header lines
// (`Authorization: Bearer X`, `Cookie: a=1`), credentials without their header name (HAProxy's
// captures) and PEM private keys. Every pattern they use is in text-patterns.ts, checked linear.
import {
  BARE_NAME, BASIC, BASIC_HINT, BEARER, BEARER_HINT, COOKIE_HINT, COOKIE_LINE, DIGEST, DIGEST_HINT, HEADER_VALUE_REST, KEY_VALUE,
  PEM_PRIVATE_KEY,
} from './text-patterns.js';

export interface NamedTextDeps {
  markText(secret: string): string;
  isMarker(s: string): boolean;
  isSecretKey(name: string): boolean;
  /** A header's value with its visible shape kept (cookie names, the auth scheme). */
  markHeader(name: string, value: string): string;
}

const COOKIE_NAME = /^(?:set-)?cookies?$/i;

/** The quote around a value matched by KEY_VALUE (`"`, `'`, `\\"` or none) and the text inside it. */
function unquote(val: string): [quote: string, inner: string] {
  const q = val.startsWith('\\"') ? '\\"' : val.startsWith('"') || val.startsWith("'") ? val.charAt(0) : '';
  if (q === '' || val.length < q.length * 2) return ['', val];
  return [q, val.slice(q.length, val.length - q.length)];
}

/** Base64 of `user:password`, as Basic carries it: not a word after "Basic" in prose. */
function isBasicCredential(token: string): boolean {
  if (token.length % 4 !== 0) return false;
  const bytes = Buffer.from(token, 'base64');
  return bytes.toString('base64') === token && bytes.includes(58);
}

export function createNamedTextRules({ markText, isMarker, isSecretKey, markHeader }: NamedTextDeps): (s: string) => string {
  /** `password=X`, `token: X`, `"cvv": "123"`, `Authorization: Bearer X`, `Cookie: a=1; b=2`, bare credentials, PEM keys. */
  const redactNamedText = (s: string): string => {
    let out = s;
    if (out.includes('PRIVATE KEY-----')) {
      out = out.replace(PEM_PRIVATE_KEY, (m, begin: string, body: string, end: string) => (body === '' || isMarker(body) ? m : `${begin}${markText(body)}${end}`));
    }
    if (out.includes(':') && COOKIE_HINT.test(out)) {
      out = out.replace(COOKIE_LINE, (m, name: string, sep: string, val: string) => `${name}${sep}${markHeader(name, val)}`);
    }
    // Before KEY_VALUE, which would take only the first parameter after `Authorization: Digest`.
    if (out.includes('=') && DIGEST_HINT.test(out)) out = out.replace(DIGEST, (m, scheme: string, params: string) => `${scheme}${markText(params)}`);
    if (out.includes('=') || out.includes(':')) out = redactKeyValues(out);
    if (out.length >= 8 && BEARER_HINT.test(out)) out = out.replace(BEARER, (m, scheme: string, token: string) => `${scheme}${markText(token)}`);
    if (out.length >= 10 && BASIC_HINT.test(out)) out = out.replace(BASIC, (m, scheme: string, token: string) => (isBasicCredential(token) ? `${scheme}${markText(token)}` : m));
    return out;
  };
  /*
   * KEY_VALUE by hand rather than with replace: after `name: ` a secret's value may go on past
   * its first word (HEADER_VALUE_REST), and the scan resumes after all of it. Only under secret
   * names: `user: bob password=X` must still reach `password`.
   */
  const redactKeyValues = (s: string): string => {
    let out = '';
    let from = 0;
    KEY_VALUE.lastIndex = 0;
    for (let m = KEY_VALUE.exec(s); m !== null; m = KEY_VALUE.exec(s)) {
      const [whole, open = '', name = '', sep = '', scheme, val = ''] = m;
      let end = m.index + whole.length;
      let replaced: string | undefined;
      if (isMarker(val) || COOKIE_NAME.test(name)) replaced = undefined;
      else if (isSecretKey(name)) {
        let value = val;
        if (scheme === undefined && !sep.includes('=') && unquote(val)[0] === '') {
          HEADER_VALUE_REST.lastIndex = end;
          const rest = HEADER_VALUE_REST.exec(s)?.[0] ?? '';
          value += rest;
          end += rest.length;
        }
        replaced = `${open}${name}${sep}${scheme ?? ''}${markQuoted(value)}`;
      } else {
        const [q, inner] = unquote(val);
        // A quoted value was taken whole, so look inside it here: `"error": "... password=X"`.
        const red = q === '' ? redactChainedWord(inner) : redactNamedText(inner);
        if (red !== inner) replaced = `${open}${name}${sep}${scheme ?? ''}${q}${red}${q}`;
      }
      if (replaced !== undefined) {
        out += s.slice(from, m.index) + replaced;
        from = end;
      }
      // The call inside for a quoted value used the same pattern.
      KEY_VALUE.lastIndex = end;
    }
    return from === 0 ? s : out + s.slice(from);
  };
  /*
   * A bare word under another name can itself be `name=value` (`"/admin": password=X`,
   * `note=token=X`). Rescanning it with KEY_VALUE would be quadratic on `a=b=c=...`, so its
   * links are read once, left to right.
   */
  const redactChainedWord = (word: string): string => {
    let from = 0;
    // Each separator is looked for again only once passed: a missing one is not searched twice.
    let eq = word.indexOf('=');
    let colon = word.indexOf(':');
    for (;;) {
      if (eq !== -1 && eq < from) eq = word.indexOf('=', from);
      if (colon !== -1 && colon < from) colon = word.indexOf(':', from);
      const at = eq === -1 ? colon : colon === -1 ? eq : Math.min(eq, colon);
      if (at === -1 || at === word.length - 1) return word;
      const name = word.slice(from, at);
      if (BARE_NAME.test(name) && isSecretKey(name)) return `${word.slice(0, at + 1)}${markQuoted(word.slice(at + 1))}`;
      from = at + 1;
    }
  };
  /** A quoted value keeps its quotes and is marked by its text, to join with the same value elsewhere. */
  const markQuoted = (val: string): string => {
    const [q, inner] = unquote(val);
    if (q === '') return markText(val);
    return inner === '' || isMarker(inner) ? val : `${q}${markText(inner)}${q}`;
  };

  return redactNamedText;
}
