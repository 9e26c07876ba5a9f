import { describe, expect, it } from 'vitest';
import { parseAccessLine } from '../../electron/core/importers/access-log.js';
import { compileLogFormat, validateLogFormat } from '../../electron/core/importers/log-format/index.js';
import { formatError, parseLine as parse, refusalReason as reason } from '../helpers/log-format.js';
import { testContext } from '../helpers/parse-format.js';

const ctx = testContext();
const COMBINED = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';
const T0 = Date.UTC(2015, 4, 17, 10, 5, 3);
const TL = '17/May/2015:10:05:03 +0000';

describe('nginx combined', () => {
  const line = `83.149.9.216 - - [${TL}] "GET /users/42?tab=1 HTTP/1.1" 200 203023 "http://example.com/" "Mozilla/5.0 (X11)"`;

  it('reads every field the way the default parser does', () => {
    const e = parse(COMBINED, line);
    const d = parseAccessLine(line, 1, ctx.ipHash);
    if (!d.ok) throw new Error(d.reason);
    for (const k of ['time', 'method', 'url', 'route', 'status', 'resp_bytes', 'referrer', 'user_agent', 'ip_hash', 'attrs', 'raw'] as const) {
      expect(e[k], k).toEqual(d.event[k]);
    }
    expect(e).toMatchObject({ time: T0, kind: 'api', method: 'GET', url: '/users/42?tab=1', route: '/users/:id', status: 200 });
  });

  it('never stores the client address, only its hash', () => {
    const e = parse(COMBINED, line);
    expect(e.ip_hash).toBe(ctx.ipHash('83.149.9.216'));
    expect(JSON.stringify({ ...e, raw: '' })).not.toContain('83.149.9.216');
  });

  it('reads "-" as absent and undoes \\" and \\x22 escapes in quoted values, not in the request', () => {
    const e = parse(COMBINED, String.raw`1.2.3.4 - - [${TL}] "GET /a\x22b HTTP/1.1" 200 0 "-" "say \"hi\" \x22x\x22 \\ \xE2"`);
    expect(e.referrer).toBeNull();
    expect(e.user_agent).toBe(String.raw`say "hi" "x" \ \xE2`);
    expect(e.url).toBe(String.raw`/a\x22b`);
    expect(e.attrs).toEqual({ protocol: 'HTTP/1.1' });
  });

  it('keeps what a user agent cut short at the end of the line has', () => {
    expect(parse(COMBINED, `1.2.3.4 - - [${TL}] "GET / HTTP/1.1" 200 1 "-" "Mozilla/5.0 (cut`).user_agent).toBe('Mozilla/5.0 (cut');
  });

  it('keeps "-" and garbage requests in attrs.request', () => {
    expect(parse(COMBINED, `1.2.3.4 - - [${TL}] "-" 408 0 "-" "-"`)).toMatchObject({ method: null, url: null, status: 408, attrs: { request: '-' } });
    const tls = String.raw`\x16\x03\x01\x00`;
    expect(parse(COMBINED, `1.2.3.4 - - [${TL}] "${tls}" 400 0 "-" "-"`).attrs).toEqual({ request: tls });
  });

  it('describes what it recognised', () => {
    const p = compileLogFormat(COMBINED, ctx);
    expect(p.describe?.()).toEqual({
      mapping: {
        time: '$time_local', ip: '$remote_addr', method: '$request', url: '$request', protocol: '$request', status: '$status',
        resp_bytes: '$body_bytes_sent', referrer: '$http_referer', user_agent: '$http_user_agent',
      },
      notes: ['nginx log_format with 8 fields.'],
    });
    expect(validateLogFormat(COMBINED)).toBe('nginx');
  });
});

describe('nginx variables', () => {
  it('maps request parts, sizes and durations', () => {
    const f = '[$time_local] $request_method $scheme://$host$request_uri $server_protocol $status $bytes_sent $request_length $request_time';
    expect(parse(f, `[${TL}] POST https://shop.example.com/cart/9?x=1 HTTP/2.0 201 950 312 0.250`)).toMatchObject({
      method: 'POST', url: '/cart/9?x=1', route: '/cart/:id', status: 201, resp_bytes: 950, req_bytes: 312, duration_ms: 250,
      attrs: { scheme: 'https', host: 'shop.example.com', protocol: 'HTTP/2.0' },
    });
  });

  it('joins $uri, $is_args and $args (or $query_string) into the url', () => {
    const f = '$msec "$uri$is_args$args" $status';
    expect(parse(f, '1431857103 "/s?q=a%20b&p=2" 200').url).toBe('/s?q=a%20b&p=2');
    expect(parse(f, '1431857103 "/s" 200').url).toBe('/s');
    expect(parse('$msec $uri?$query_string $status', '1431857103 /s?q=1 200').url).toBe('/s?q=1');
  });

  it('prefers $request over $request_uri, and $request_time over $upstream_response_time', () => {
    const f = '$msec "$request" $request_uri $request_time $upstream_response_time';
    expect(parse(f, '1431857103 "GET /a HTTP/1.1" /b 0.010 0.008')).toMatchObject({
      url: '/a', duration_ms: 10, attrs: { request_uri: '/b', upstream_response_time: '0.008' },
    });
  });

  it('takes the first number of $upstream_response_time when it is the only duration', () => {
    const f = '$msec $status $upstream_response_time $upstream_addr $upstream_status';
    expect(parse(f, '1431857103 502 0.004, 0.010 : 0.002 10.0.0.1:80, 10.0.0.2:80 : unix:/s 502, 200 : 200')).toMatchObject({
      duration_ms: 4, attrs: { upstream_addr: '10.0.0.1:80, 10.0.0.2:80 : unix:/s', upstream_status: '502, 200 : 200' },
    });
    expect(parse(f, '1431857103 499 - - -').duration_ms).toBeNull();
    expect(parse(f, '1431857103 200 -, 0.020 a -').duration_ms).toBe(20);
  });

  it('keeps plain variables in attrs, numbers as numbers', () => {
    const f = '$msec $server_name:$server_port $connection $connection_requests $pipe $gzip_ratio $request_id $status';
    expect(parse(f, '1431857103.5 api.local:8443 1042 7 p 3.21 5f2b8c1e9d 200')).toMatchObject({
      time: Date.UTC(2015, 4, 17, 10, 5, 3, 500),
      attrs: { server_name: 'api.local', server_port: 8443, connection: 1042, connection_requests: 7, pipe: 'p', gzip_ratio: 3.21, request_id: '5f2b8c1e9d' },
    });
  });

  it('captures unknown variables, ${braced} names and response headers as text', () => {
    const f = '$msec ${status}ms "$my_map_var" "$sent_http_content_type" $cookie_theme';
    expect(parse(f, '1431857103 200ms "two words" "text/html; charset=utf-8" dark')).toMatchObject({
      status: 200, attrs: { my_map_var: 'two words', sent_http_content_type: 'text/html; charset=utf-8', cookie_theme: 'dark' },
    });
  });

  it('reads variable names without regard to case, as nginx does', () => {
    expect(parse('$msec $STATUS', '1431857103 404').status).toBe(404);
  });

  it('takes sessions, users and traces from headers', () => {
    const f = '$msec "$http_x_session_id" "$http_x_user_id" "$http_traceparent" "$http_baggage" $http_x_b3_spanid';
    const tp = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(parse(f, `1431857103 "s-1" "u-9" "${tp}" "session.id=zzz" 00f067aa0ba902b8`)).toMatchObject({
      session_id: 's-1', user_id: 'u-9', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7',
      attrs: { http_baggage: 'session.id=zzz', http_x_b3_spanid: '00f067aa0ba902b8' },
    });
    const g = '$msec "$http_baggage" $http_x_b3_traceid $otel_span_id';
    expect(parse(g, '1431857103 "a=1,session.id=s%2F2;p=1" 80f198ee56343ba8 00f067aa0ba902b7')).toMatchObject({
      session_id: 's/2', trace_id: '000000000000000080f198ee56343ba8', span_id: '00f067aa0ba902b7',
    });
    expect(parse('$msec $http_traceparent', '1431857103 not-a-traceparent')).toMatchObject({ trace_id: null, attrs: { http_traceparent: 'not-a-traceparent' } });
  });

  it('hashes X-Forwarded-For: its first address is the client when $remote_addr is absent', () => {
    const f = '$msec "$http_x_forwarded_for" $status';
    const e = parse(f, '1431857103 "203.0.113.9, 10.0.0.8" 200');
    expect(e.ip_hash).toBe(ctx.ipHash('203.0.113.9'));
    const g = parse(`$remote_addr ${f}`, '10.0.0.1 1431857103 "203.0.113.9, 10.0.0.8" 200');
    expect(g.ip_hash).toBe(ctx.ipHash('10.0.0.1'));
    expect(g.attrs).toEqual({ http_x_forwarded_for_hash: `${ctx.ipHash('203.0.113.9')}, ${ctx.ipHash('10.0.0.8')}` });
    expect(JSON.stringify({ ...g, raw: '' })).not.toMatch(/203\.0|10\.0\.0/);
  });

  it('redacts secrets in headers, in attrs and in raw alike', () => {
    const f = '$msec "$http_authorization" "$http_cookie" "$request"';
    const e = parse(f, '1431857103 "Bearer abc.def.ghi" "sid=s3cr3t; theme=dark" "GET /x?access_token=tok123 HTTP/1.1"');
    expect(e.attrs?.http_authorization).toMatch(/^\[redacted:[0-9a-f]{12}\]$/);
    expect(e.attrs?.http_cookie).toMatch(/^\[redacted:[0-9a-f]{12}\]$/);
    expect(e.raw).toMatch(/^1431857103 "\[redacted:[0-9a-f]{12}\]" "\[redacted:[0-9a-f]{12}\]" "GET \/x\?access_token=\[redacted:[0-9a-f]{12}\] HTTP\/1.1"$/);
    expect(e.url).toMatch(/^\/x\?access_token=\[redacted:/);
    for (const secret of ['abc.def.ghi', 's3cr3t', 'tok123']) expect(JSON.stringify(e)).not.toContain(secret);
  });
});

describe('nginx configuration pasted as is', () => {
  it('joins quoted pieces of a log_format directive', () => {
    const conf = `log_format main escape=default '$remote_addr - $remote_user [$time_local] "$request" '\n      '$status $body_bytes_sent';`;
    expect(parse(conf, `1.2.3.4 - - [${TL}] "GET / HTTP/1.1" 200 5`)).toMatchObject({ status: 200, resp_bytes: 5 });
    expect(parse(`'$msec ' '$status';`, '1431857103 200').status).toBe(200);
  });

  it('reads \\" in a format as a quote', () => {
    expect(parse(String.raw`$msec \"$request\" $status`, '1431857103 "GET / HTTP/1.1" 200').method).toBe('GET');
  });
});

describe('nginx lines that do not match', () => {
  const col = (line: string, part: string) => line.indexOf(part) + 1;
  it.each([
    [`1.2.3.4 - - [${TL}] "GET / HTTP/1.1" 2000 5 "-" "x"`, '2000', (c: number) => `expected a status (3 digits) at column ${c} ($status); found "2000 5 \\"-\\" \\"x\\""`],
    [`1.2.3.4 - - [${TL}] "GET / HTTP/1.1" 200 5`, '\n', (c: number) => `expected " \\"" at column ${c} (after $body_bytes_sent); the line ends there`],
    [`1.2.3.4 - - [${TL}] "GET / HTTP/1.1" 200 5 "-" "x" extra`, ' extra', (c: number) => `unexpected text at column ${c}: " extra"`],
    [`1.2.3.4 - - [31/Apr/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5 "-" "x"`, '31/', (c: number) => `invalid time "31/Apr/2015:10:05:03 +0000" at column ${c} ($time_local)`],
    [`1.2.3.4 - - [-] "GET / HTTP/1.1" 200 5 "-" "x"`, '-]', (c: number) => `the time is missing ("-") at column ${c} ($time_local)`],
    [`1.2.3.4 - - 17/May/2015 "GET / HTTP/1.1" 200 5 "-" "x"`, ' 17', (c: number) => `expected " [" at column ${c} (after $remote_user); found " 17/May/2015 \\"GET / HTTP/1.1\\" 200 5 \\"-\\" …"`],
    ['{"msg":"hello"}', '', (c: number) => `expected " - " at column ${c + 15} (after $remote_addr); the line ends there`],
  ])('%j', (line, part, expected) => {
    expect(reason(COMBINED, line)).toBe(expected(part === '\n' ? line.length + 1 : col(line, part)));
  });

  it('skips blank lines', () => {
    expect(compileLogFormat(COMBINED, ctx).line('   ', 1)).toEqual({ skip: true });
  });

  it('fails fast on long hostile lines', () => {
    const p = compileLogFormat('$remote_addr $http_a:$http_b:$http_c "$http_d" "$http_e" [$time_local] $status', ctx);
    for (const junk of ['a:'.repeat(50_000), '" "'.repeat(30_000), `x ${'\\"'.repeat(40_000)}`, ' '.repeat(100_000)]) {
      const started = performance.now();
      const r = p.line(junk, 1);
      expect('ok' in r && r.ok).toBe(false);
      expect(performance.now() - started).toBeLessThan(500);
    }
  });
});

describe('malformed nginx formats', () => {
  it.each([
    ['', /^The log format is empty/],
    ['   ', /^The log format is empty/],
    ['$remote_addr $ [$time_local]', /^The "\$" at position 14 is not followed by a variable name/],
    ['[$time_local] ${status', /^The "\$\{" at position 15 is never closed by "\}"\.$/],
    ['[$time_local] ${a-b}', /^"\$\{a-b\}" at position 15 is not a variable name/],
    ['$remote_addr "$request" $status', /^The format has no time field \(\$time_local, \$time_iso8601 or \$msec\)/],
    ['$msec\n$status', /line break/],
  ])('%j', (format, expected) => {
    const err = formatError(format);
    expect(err.message).toMatch(expected);
    expect(err.name).toBe('LogFormatError');
  });

  it('points at the position', () => {
    expect(formatError('$remote_addr $ [$time_local]').position).toBe(14);
  });
});
