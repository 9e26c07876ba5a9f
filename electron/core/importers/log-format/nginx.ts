// nginx `log_format`: literal text and $variables (or ${variable} when letters follow directly).
// Every variable compiles, known or not: an unknown one (a map, a module's variable) is kept as
// text in attrs under its own name, so any working nginx format can be read back.
import { LogFormatError } from './errors.js';
import {
  DECIMAL, HOST, INT, IS_ARGS, LIST, PATH, REQUEST, SECONDS, STATUS, TEXT, TIME_LIST, TOKEN, address, attr, bytes, duration,
  hexId, requestHeader, role, secretAttr, time, type Spec,
} from './fields.js';
import { splitFormat } from './split.js';
import { epochTime, clfTime, isoTime } from './time.js';
import type { Segment } from './types.js';

const NAME = /^[A-Za-z0-9_]+$/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** The spec of one variable; called once per variable per format, so the time readers are fresh. */
function variable(name: string): Spec {
  switch (name) {
    case 'remote_addr':
      return address(name, 0);
    case 'realip_remote_addr':
      return address(name, 1);
    case 'binary_remote_addr':
      return address(name, 4);
    case 'proxy_add_x_forwarded_for':
      return address(name, 3, true);
    case 'remote_user':
      return attr(name);
    case 'remote_port':
    case 'server_port':
    case 'realip_remote_port':
    case 'connection':
    case 'connection_requests':
    case 'pid':
      return attr(name, 'int', INT);
    case 'gzip_ratio':
      return attr(name, 'number', DECIMAL);
    case 'time_local':
      return time(name, clfTime(false));
    case 'time_iso8601':
      return time(name, isoTime());
    case 'msec':
      return time(name, epochTime(1000, true));
    case 'request':
      // "-" (a connection closed before its request line) is shown as written, as the default parser does.
      return { ...role(name, { kind: 'request' }, REQUEST), dashIsValue: true };
    case 'request_method':
      return role(name, { kind: 'method' }, TOKEN);
    case 'request_uri':
      return role(name, { kind: 'target' }, TOKEN);
    case 'uri':
    case 'document_uri':
      return role(name, { kind: 'path' }, PATH);
    case 'args':
    case 'query_string':
      return role(name, { kind: 'query', mark: false }, TOKEN);
    case 'is_args':
      return role(name, { kind: 'ignore' }, IS_ARGS);
    case 'server_protocol':
      return role(name, { kind: 'protocol' }, TOKEN);
    case 'status':
      return role(name, { kind: 'status', rank: 0 }, STATUS);
    case 'body_bytes_sent':
      return bytes(name, 'resp_bytes', 0);
    case 'bytes_sent':
      return bytes(name, 'resp_bytes', 1);
    case 'request_length':
      return bytes(name, 'req_bytes', 0);
    case 'request_time':
      return duration(name, 1000, 0, SECONDS);
    case 'upstream_response_time':
      return duration(name, 1000, 1, TIME_LIST, true);
    case 'upstream_connect_time':
    case 'upstream_header_time':
    case 'upstream_addr':
    case 'upstream_status':
    case 'upstream_bytes_received':
    case 'upstream_bytes_sent':
    case 'upstream_response_length':
      return attr(name, 'text', LIST);
    case 'otel_trace_id':
    case 'opentelemetry_trace_id':
      return hexId(name, 'trace_id', 0);
    case 'otel_span_id':
    case 'opentelemetry_span_id':
      return hexId(name, 'span_id', 0);
    case 'request_body':
      return secretAttr(name);
    case 'host':
    case 'hostname':
    case 'server_name':
      return attr(name, 'text', HOST);
    case 'server_addr':
    case 'scheme':
    case 'https':
    case 'pipe':
    case 'request_id':
    case 'request_completion':
    case 'upstream_cache_status':
    case 'ssl_protocol':
    case 'ssl_cipher':
    case 'nginx_version':
      return attr(name);
  }
  if (name.startsWith('http_')) return requestHeader(name.slice(5), name);
  // Response headers, cookies and query arguments can all carry tokens.
  if (name.startsWith('sent_http_') || name.startsWith('cookie_') || name.startsWith('arg_')) return secretAttr(name);
  return secretAttr(name, TEXT);
}

const LITERAL_ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\' };

/**
 * Splits an nginx format into literals and fields. `\"`, `\'` and `\\` are read as the
 * characters, as nginx's configuration parser would have (people paste from nginx.conf).
 */
export function readNginx(format: string): Segment[] {
  return splitFormat(format, '$', LITERAL_ESCAPES, (i, at) => {
    let name: string;
    let end: number;
    if (format[i + 1] === '{') {
      end = format.indexOf('}', i + 2);
      if (end === -1) throw new LogFormatError(`The "\${" at position ${at} is never closed by "}".`, at);
      name = format.slice(i + 2, end);
      if (!NAME.test(name)) {
        throw new LogFormatError(`"\${${name}}" at position ${at} is not a variable name: use letters, digits and "_".`, at);
      }
    } else {
      let j = i + 1;
      while (j < format.length && NAME_CHAR.test(format[j] ?? '')) j++;
      name = format.slice(i + 1, j);
      if (name === '') {
        throw new LogFormatError(`The "$" at position ${at} is not followed by a variable name: write $name or \${name}.`, at);
      }
      end = j - 1;
    }
    // nginx reads variable names without regard to case.
    return { field: { label: `$${name}`, ...variable(name.toLowerCase()) }, end };
  });
}
