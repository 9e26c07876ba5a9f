// What the user typed, made into a bare format string, and which server's syntax it is in.
// People paste whole configuration lines (`log_format main '...' '...';` from nginx.conf,
// `LogFormat "... \"%r\" ..." combined` from httpd.conf), so those are unwrapped first.
import { LogFormatError } from './errors.js';
import type { Flavour } from './types.js';

const NGINX_DIRECTIVE = /^log_format\s+[^\s'"]+\s+(?:escape=\w+\s+)?/;
const APACHE_DIRECTIVE = /^(?:LogFormat|CustomLog\s+\S+)\s+/i;

/** The text of a quoted config string starting at `open`, escapes kept, and where it ends; null if unclosed. */
function quotedAt(s: string, open: number): { text: string; end: number } | null {
  const q = s[open];
  for (let i = open + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === q) return { text: s.slice(open + 1, i), end: i + 1 };
  }
  return null;
}

/** nginx writes long formats as several quoted pieces, which it joins: `'a ' '"b"'`. */
function joinPieces(s: string): string | null {
  let out = '';
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i] ?? '')) i++;
    if (i >= s.length) break;
    if (s[i] !== "'" && s[i] !== '"') return null;
    const piece = quotedAt(s, i);
    if (piece === null) return null;
    out += piece.text;
    i = piece.end;
  }
  return out;
}

export function unwrapConfig(input: string): string {
  const s = input.trim();
  if (s === '') throw new LogFormatError('The log format is empty: give an nginx log_format or an Apache LogFormat string.');
  const nginx = NGINX_DIRECTIVE.exec(s);
  if (nginx !== null) {
    const rest = s.slice(nginx[0].length).replace(/;\s*$/, '');
    return joinPieces(rest) ?? rest;
  }
  const apache = APACHE_DIRECTIVE.exec(s);
  if (apache !== null) {
    const rest = s.slice(apache[0].length);
    if (rest.startsWith('"')) return quotedAt(rest, 0)?.text ?? rest;
    return rest.split(/\s+/)[0] ?? rest;
  }
  if (s.startsWith("'")) return joinPieces(s.replace(/;\s*$/, '')) ?? s;
  return s;
}

/** nginx when $variables outnumber %directives (nginx prints % as is), Apache otherwise. */
export function flavourOf(format: string): Flavour {
  const vars = format.match(/\$[{A-Za-z0-9_]/g)?.length ?? 0;
  const directives = format.replace(/%%/g, '').match(/%/g)?.length ?? 0;
  if (vars === 0 && directives === 0) {
    if (format.includes('$')) return 'nginx'; // so the stray "$" is reported where it is
    throw new LogFormatError('The format has no fields: use nginx $variables or Apache %directives.');
  }
  return vars >= directives ? 'nginx' : 'apache';
}
