import { describe, expect, it } from 'vitest';
import { compileLogFormat, validateLogFormat } from '../../electron/core/importers/log-format/index.js';
import { formatError, parseLine as parse, refusalReason as reason } from '../helpers/log-format.js';
import { testContext } from '../helpers/parse-format.js';

const ctx = testContext();
const COMMON = '%h %l %u %t "%r" %>s %b';
const COMBINED = `${COMMON} "%{Referer}i" "%{User-agent}i"`;
const T = '[10/Oct/2000:13:55:36 -0700]';
const T_MS = Date.UTC(2000, 9, 10, 20, 55, 36);

describe('Apache common and combined', () => {
  it('reads the example from the Apache documentation', () => {
    const e = parse(COMMON, `127.0.0.1 - frank ${T} "GET /apache_pb.gif HTTP/1.0" 200 2326`);
    expect(e).toMatchObject({
      time: T_MS, kind: 'api', method: 'GET', url: '/apache_pb.gif', status: 200, resp_bytes: 2326, ip_hash: ctx.ipHash('127.0.0.1'),
      attrs: { remote_user: 'frank', protocol: 'HTTP/1.0' },
    });
    expect(validateLogFormat(COMMON)).toBe('apache');
  });

  it('reads combined with quoted referrer and agent; %b "-" is an empty body', () => {
    const e = parse(COMBINED, `1.2.3.4 - - ${T} "GET / HTTP/1.1" 304 - "http://x/?q=\\"a\\"" "Mozilla/4.08 [en] (Win98; I ;Nav)"`);
    expect(e).toMatchObject({ status: 304, resp_bytes: 0, referrer: 'http://x/?q="a"', user_agent: 'Mozilla/4.08 [en] (Win98; I ;Nav)' });
  });

  it('accepts the LogFormat line pasted from httpd.conf, and the inside of its quotes', () => {
    const line = `1.2.3.4 - - ${T} "GET / HTTP/1.1" 200 5 "-" "curl/8"`;
    const pasted = 'LogFormat "%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\"" combined';
    expect(parse(pasted, line).user_agent).toBe('curl/8');
    expect(parse('%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\"', line).user_agent).toBe('curl/8');
    expect(parse('CustomLog logs/access.log "%h %l %u %t \\"%r\\" %>s %b"', `1.2.3.4 - - ${T} "GET / HTTP/1.1" 200 5`).status).toBe(200);
  });

  it('describes the mapping', () => {
    expect(compileLogFormat(COMBINED, ctx).describe?.()).toEqual({
      mapping: {
        time: '%t', ip: '%h', method: '%r', url: '%r', protocol: '%r', status: '%>s', resp_bytes: '%b', referrer: '%{Referer}i',
        user_agent: '%{User-agent}i',
      },
      notes: ['Apache LogFormat with 9 fields.'],
    });
  });
});

describe('Apache directives', () => {
  it('splits the request with %m %U%q %H and prefers %>s over %s', () => {
    const e = parse('%t "%m %U%q %H" %s %>s', `${T} "GET /items/99?sort=asc HTTP/1.1" 302 200`);
    expect(e).toMatchObject({ method: 'GET', url: '/items/99?sort=asc', route: '/items/:id', status: 200, attrs: { protocol: 'HTTP/1.1', original_status: 302 } });
    expect(parse('%t "%m %U%q %H" %s', `${T} "GET /items HTTP/1.1" 302`)).toMatchObject({ url: '/items', status: 302 });
    expect(parse('%t %<s %>s', `${T} 302 200`)).toMatchObject({ status: 200, attrs: { original_status: 302 } });
  });

  it.each([
    ['%D', '25130', 25.13],
    ['%T', '3', 3000],
    ['%{s}T', '3', 3000],
    ['%{ms}T', '17', 17],
    ['%{us}T', '1500', 1.5],
  ])('reads %s as a duration', (directive, text, ms) => {
    expect(parse(`%t ${directive}`, `${T} ${text}`).duration_ms).toBe(ms);
  });

  it('prefers %D to %T when both are there, keeping the other in attrs', () => {
    expect(parse('%t %T %D', `${T} 2 2500123`)).toMatchObject({ duration_ms: 2500.123, attrs: { duration_s: 2 } });
  });

  it('reads sizes: %B, %I and %O, with %b before %O', () => {
    expect(parse('%t %B %I %O', `${T} 0 420 1310`)).toMatchObject({ resp_bytes: 0, req_bytes: 420, attrs: { bytes_sent: 1310 } });
    expect(parse('%t %I %O %S', `${T} 420 1310 1730`)).toMatchObject({ resp_bytes: 1310, req_bytes: 420, attrs: { bytes_transferred: 1730 } });
  });

  it('keeps server and connection details in attrs with readable names', () => {
    const f = '%v %V %A %p %{remote}p %P %{tid}P %k %X %L %R %l %u %f %t %>s %%';
    const e = parse(f, `www.example.com example.com 10.0.0.5 443 51234 1234 140 3 + Xx9k app-handler ident1 bob /var/www/index.html ${T} 200 %`);
    expect(e.attrs).toEqual({
      vhost: 'www.example.com', server_name: 'example.com', server_addr: '10.0.0.5', server_port: 443, remote_port: 51234, pid: 1234,
      tid: 140, keepalive_requests: 3, connection_status: '+', log_id: 'Xx9k', handler: 'app-handler', ident: 'ident1', remote_user: 'bob',
      filename: '/var/www/index.html',
    });
  });

  it('keeps %X "-" (connection closed), unlike other "-" values', () => {
    expect(parse('%t %X %u', `${T} - -`).attrs).toEqual({ connection_status: '-' });
  });

  it('reads request headers, response headers, environment variables, notes and cookies', () => {
    const f = '%t "%{X-Session-Id}i" "%{X-User-Id}i" "%{traceparent}i" "%{Accept-Language}i" "%{Content-Type}o" %{UNIQUE_ID}e %{theme}C %{n1}n';
    const e = parse(f, `${T} "s-9" "u-1" "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" "en-GB, en;q=0.8" "application/json" YmFy dark v1`);
    expect(e).toMatchObject({
      session_id: 's-9', user_id: 'u-1', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7',
      attrs: { http_accept_language: 'en-GB, en;q=0.8', sent_http_content_type: 'application/json', env_UNIQUE_ID: 'YmFy', cookie_theme: 'dark', note_n1: 'v1' },
    });
  });

  it('hashes every client address: %a first, %{c}a kept only as a hash', () => {
    const e = parse('%a %{c}a %t %>s', `203.0.113.7 10.0.0.2 ${T} 200`);
    expect(e.ip_hash).toBe(ctx.ipHash('203.0.113.7'));
    expect(e.attrs).toEqual({ peer_addr_hash: ctx.ipHash('10.0.0.2') });
    const xff = parse('%{X-Forwarded-For}i %t %>s', `198.51.100.1,10.0.0.1 ${T} 200`);
    expect(xff.ip_hash).toBe(ctx.ipHash('198.51.100.1'));
  });

  it('redacts secret headers and cookies', () => {
    const e = parse('%t "%{Authorization}i" "%{Cookie}i" %{session}C', `${T} "Basic dXNlcjpwYXNz" "a=1" tok`);
    expect(e.attrs?.http_authorization).toMatch(/^\[redacted:[0-9a-f]{12}\]$/);
    expect(e.attrs?.http_cookie).toMatch(/^\[redacted:[0-9a-f]{12}\]$/);
    expect(e.raw).not.toContain('dXNlcjpwYXNz');
  });

  it('accepts modifiers: status conditions, "!" and "<" / ">"', () => {
    const f = '%t %400,501{User-agent}i %!200,304{Referer}i %<s %>s';
    expect(parse(f, `${T} - http://x/ 200 200`)).toMatchObject({ user_agent: null, referrer: 'http://x/', status: 200 });
  });

  it('reads \\t in a format as a tab', () => {
    expect(parse('%t\\t%>s\\t%b', `${T}\t200\t5`)).toMatchObject({ status: 200, resp_bytes: 5 });
  });

  it('reads a request line that is not one into attrs.request', () => {
    expect(parse(COMMON, `1.2.3.4 - - ${T} "-" 408 -`)).toMatchObject({ method: null, status: 408, attrs: { request: '-' } });
  });
});

describe('Apache lines that do not match', () => {
  it('names the field and column', () => {
    const line = `1.2.3.4 - - ${T} "GET / HTTP/1.1" abc 5`;
    expect(reason(COMMON, line)).toBe(`expected a status (3 digits) at column ${line.indexOf('abc') + 1} (%>s); found "abc 5"`);
    const noBracket = `1.2.3.4 - - 10/Oct/2000:13:55:36 -0700 "GET / HTTP/1.1" 200 5`;
    expect(reason(COMMON, noBracket)).toBe(`expected a time like [10/Oct/2000:13:55:36 -0700] at column 13 (%t); found "10/Oct/2000:13:55:36 -0700 \\"GET / HTTP/1…"`);
    expect(reason(COMMON, `1.2.3.4 - - ${T} "GET / HTTP/1.1" 200 12k`)).toMatch(/^expected a whole number at column \d+ \(%b\); found "12k"$/);
  });

  it('rejects an impossible status', () => {
    expect(reason('%t %>s', `${T} 099`)).toBe('invalid status "099" at column 30 (%>s)');
  });
});

describe('malformed Apache formats', () => {
  it.each([
    ['%h %{User-agent', /^The "%\{" at position 4 is never closed by "\}"\.$/],
    ['%h %Q %t', /^"%Q" at position 4 is not an Apache log directive; write %% for a percent sign\.$/],
    ['%t %h %', /^The "%" at position 7 is not followed by a directive letter/],
    ['%t %>', /^The "%" at position 4 is not followed by a directive letter/],
    ['%t %i', /^"%i" at position 4 needs a name in braces, e.g. %\{User-Agent\}i\.$/],
    ['%t %{}o', /^"%\{\}o" at position 4 needs a name in braces/],
    ['%t %{min}T', /^"%\{min\}T" at position 4: %\{UNIT\}T takes s, ms or us\.$/],
    ['%h %>s %b', /^The format has no time field \(%t or %\{\.\.\.\}t\)/],
    ['%t %^tx', /^"%\^tx" at position 4 is not an Apache log directive/],
    ['%t\\n%h', /line break/],
    ['no fields at all', /^The format has no fields/],
  ])('%j', (format, expected) => {
    const err = formatError(format);
    expect(err.message).toMatch(expected);
  });

  it('counts %% as a percent sign, not a directive', () => {
    expect(formatError('%% %h').message).toMatch(/no time field/);
    expect(parse('%t 100%% %>s', `${T} 100% 200`).status).toBe(200);
  });
});
