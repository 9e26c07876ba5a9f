// Apache `LogFormat`: literal text and %directives, read the way mod_log_config reads them:
// `%` [modifiers] [`{`argument`}`] letter, where modifiers are `<` / `>` (original or final
// request) and status conditions (`400,501`, `!200`). Conditions only make Apache print "-" on
// other lines, which reads as "absent" anyway, so they are accepted and ignored.
import { LogFormatError } from './errors.js';
import {
  HOST, INT, PATH, REQUEST, STATUS, TEXT, TOKEN, address, attr, bytes, duration, headerKey, requestHeader, role, secretAttr, time,
  type Spec,
} from './fields.js';
import { splitFormat } from './split.js';
import { apacheTime } from './strftime.js';
import type { Segment, Shape } from './types.js';

const QUERY: Shape = { kind: 'typed', source: String.raw`(?:\?[^\s"]*)?`, expect: 'a query string like ?a=1' };
const CONNECTION_STATUS: Shape = { kind: 'typed', source: '[X+-]', expect: 'a connection status (X, + or -)' };

const NEEDS_ARG = new Set(['C', 'e', 'i', 'n', 'o', 'x', 'c', '^ti', '^to']);

interface Directive {
  letter: string;
  arg: string | undefined;
  /** The `>` modifier: the final request, after internal redirects. */
  final: boolean;
  at: number;
  label: string;
}

function needArg(d: Directive): string {
  if (d.arg === undefined || d.arg === '') {
    throw new LogFormatError(`"${d.label}" at position ${d.at} needs a name in braces, e.g. %{User-Agent}${d.letter}.`, d.at);
  }
  return d.arg;
}

function directive(d: Directive): Spec {
  const arg = d.arg;
  if (NEEDS_ARG.has(d.letter)) needArg(d);
  const name = arg ?? '';
  switch (d.letter) {
    case 'a':
      return arg === 'c' ? address('peer_addr', 1) : address('client_addr', 0);
    case 'h':
      return arg === 'c' ? address('peer_host', 1) : address('remote_host', 0);
    case 'A':
      return attr('server_addr');
    case 'b':
      return bytes('response_bytes', 'resp_bytes', 0, true);
    case 'B':
      return bytes('response_bytes', 'resp_bytes', 0);
    case 'O':
      return bytes('bytes_sent', 'resp_bytes', 1);
    case 'I':
      return bytes('bytes_received', 'req_bytes', 0);
    case 'S':
      return attr('bytes_transferred', 'int', INT);
    case 'C':
      return secretAttr(`cookie_${name}`, TOKEN);
    case 'D':
      return duration('duration_us', 0.001, 0, INT);
    case 'T': {
      const unit = arg === undefined || arg === 's' ? 1000 : arg === 'ms' ? 1 : arg === 'us' ? 0.001 : NaN;
      if (Number.isNaN(unit)) throw new LogFormatError(`"${d.label}" at position ${d.at}: %{UNIT}T takes s, ms or us.`, d.at);
      // The finer unit wins when a format logs both (%T and %D).
      return duration(unit === 1000 ? 'duration_s' : unit === 1 ? 'duration_ms' : 'duration_us', unit, unit === 1000 ? 2 : unit === 1 ? 1 : 0, INT);
    }
    case 'e':
      return secretAttr(`env_${name}`);
    case 'f':
      return attr('filename', 'text', TEXT);
    case 'H':
      return role('protocol', { kind: 'protocol' }, TOKEN);
    case 'i':
      return requestHeader(headerKey(name), `http_${headerKey(name)}`);
    case 'k':
      return attr('keepalive_requests', 'int', INT);
    case 'l':
      return attr('ident');
    case 'L':
      return attr('log_id');
    case 'm':
      return role('method', { kind: 'method' }, TOKEN);
    case 'n':
      return secretAttr(`note_${name}`);
    case 'o':
      return secretAttr(`sent_http_${headerKey(name)}`);
    case 'p':
      return attr(arg === 'local' ? 'local_port' : arg === 'remote' ? 'remote_port' : 'server_port', 'int', INT);
    case 'P':
      return arg === 'hextid' ? attr('tid') : attr(arg === 'tid' ? 'tid' : 'pid', 'int', INT);
    case 'q':
      return role('query', { kind: 'query', mark: true }, QUERY);
    case 'r':
      return { ...role('request', { kind: 'request' }, REQUEST), dashIsValue: true };
    case 'R':
      return attr('handler');
    case 's':
      return d.final ? role('status', { kind: 'status', rank: 0 }, STATUS) : role('original_status', { kind: 'status', rank: 1 }, STATUS);
    case 't': {
      const spec = apacheTime(arg, d.at);
      return time(spec.side === 'end' ? 'end_time' : 'time', spec);
    }
    case 'u':
      return attr('remote_user');
    case 'U':
      return role('path', { kind: 'path' }, PATH);
    case 'v':
      return attr('vhost', 'text', HOST);
    case 'V':
      return attr('server_name', 'text', HOST);
    case 'X':
      return { ...attr('connection_status', 'text', CONNECTION_STATUS), dashIsValue: true };
    case '^ti':
      return secretAttr(`trailer_${headerKey(name)}`);
    case '^to':
      return secretAttr(`sent_trailer_${headerKey(name)}`);
    case 'x':
    case 'c':
      // mod_ssl's variables (SSL_PROTOCOL, SSL_CLIENT_S_DN, ...), by their own names.
      return secretAttr(name);
  }
  throw new LogFormatError(`"${d.label}" at position ${d.at} is not an Apache log directive; write %% for a percent sign.`, d.at);
}

const LITERAL_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', t: '\t', n: '\n' };

/** Splits an Apache format into literals and fields; \" \\ \t \n are read as Apache reads them. */
export function readApache(format: string): Segment[] {
  return splitFormat(format, '%', LITERAL_ESCAPES, (i, at) => {
    if (format[i + 1] === '%') return { lit: '%', end: i + 1 };
    let arg: string | undefined;
    let final = false;
    let j = i + 1;
    for (; j < format.length; j++) {
      const m = format[j] ?? '';
      if (m === '<' || m === '>') final = m === '>';
      else if (m === '!' || m === ',' || (m >= '0' && m <= '9')) continue;
      else if (m === '{') {
        const close = format.indexOf('}', j + 1);
        if (close === -1) throw new LogFormatError(`The "%{" at position ${at} is never closed by "}".`, at);
        arg = format.slice(j + 1, close);
        j = close;
      } else break;
    }
    if (j >= format.length) {
      throw new LogFormatError(`The "%" at position ${at} is not followed by a directive letter; write %% for a percent sign.`, at);
    }
    let letter = format[j] ?? '';
    if (letter === '^') {
      letter = format.slice(j, j + 3);
      j += 2;
    }
    const label = format.slice(i, j + 1);
    return { field: { label, ...directive({ letter, arg, final, at, label }) }, end: j };
  });
}
