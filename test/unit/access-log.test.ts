import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../shared/events.js';
import { looksLikeAccessLog, parseAccessLine } from '../../electron/core/importers/access-log.js';
import { createIpHasher } from '../../electron/core/privacy/ip-hash.js';
import { SAMPLE_ACCESS_LOG as SAMPLE } from '../fixtures/samples.js';

const ipHash = createIpHasher('unit-test-key-0123456789abcdef');

function parse(line: string, lineNo = 1): NewEvent {
  const r = parseAccessLine(line, lineNo, ipHash);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(line)} to parse, got: ${r.reason}`);
  return r.event;
}

function reason(line: string): string {
  const r = parseAccessLine(line, 1, ipHash);
  if (r.ok) throw new Error(`expected ${JSON.stringify(line)} to be rejected`);
  return r.reason;
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('parseAccessLine on the 10k-line Apache sample', () => {
  const text = readFileSync(SAMPLE, 'utf8');
  const lines = text.split('\n').filter((l) => l !== '');
  const events = lines.map((l, i) => parseAccessLine(l, i + 1, ipHash));

  it('parses every line', () => {
    expect(lines).toHaveLength(10_000);
    const failed = events.flatMap((r, i) => (r.ok ? [] : [`${i + 1}: ${r.reason}`]));
    expect(failed).toEqual([]);
  });

  it('counts 404s the same way grep does', () => {
    const expected = lines.filter((l) => l.includes('" 404 ')).length;
    const got = events.filter((r) => r.ok && r.event.status === 404).length;
    expect(expected).toBeGreaterThan(0);
    expect(got).toBe(expected);
  });

  it('reads the first line field by field', () => {
    const r = events[0];
    expect(r?.ok).toBe(true);
    if (!r?.ok) return;
    const e = r.event;
    expect(iso(e.time)).toBe('2015-05-17T10:05:03.000Z');
    expect(e.kind).toBe('api');
    expect(e.line).toBe(1);
    expect(e.method).toBe('GET');
    expect(e.url).toBe('/presentations/logstash-monitorama-2013/images/kibana-search.png');
    expect(e.route).toBe('/presentations/logstash-monitorama-2013/images/kibana-search.png');
    expect(e.status).toBe(200);
    expect(e.resp_bytes).toBe(203023);
    expect(e.referrer).toBe('http://semicomplete.com/presentations/logstash-monitorama-2013/');
    expect(e.user_agent).toBe(
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36',
    );
    expect(e.ip_hash).toBe(ipHash('83.149.9.216'));
    expect(e.attrs).toEqual({ protocol: 'HTTP/1.1' });
    expect(e.raw).toBe(lines[0]);
  });

  it('reads a 404 with a query string and no referrer (line 63)', () => {
    const e = parse(lines[62] ?? '', 63);
    expect(iso(e.time)).toBe('2015-05-17T10:05:22.000Z');
    expect(e.url).toBe('/doc/index.html?org/elasticsearch/action/search/SearchResponse.html');
    expect(e.route).toBe('/doc/index.html');
    expect(e.status).toBe(404);
    expect(e.resp_bytes).toBe(294);
    expect(e.referrer).toBeNull();
    expect(e.user_agent).toBe('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)');
    expect(e.line).toBe(63);
  });

  it('reads "-" bytes as 0 and "-" user agent as absent (lines 86 and 44)', () => {
    const e86 = parse(lines[85] ?? '');
    expect(e86.status).toBe(304);
    expect(e86.resp_bytes).toBe(0);
    expect(e86.url).toBe('/projects/xdotool/xdotool.xhtml');
    const e44 = parse(lines[43] ?? '');
    expect(e44.url).toBe('/reset.css');
    expect(e44.referrer).toBeNull();
    expect(e44.user_agent).toBeNull();
  });

  it('reads a POST over HTTP/1.0 (line 5009)', () => {
    const e = parse(lines[5008] ?? '');
    expect(iso(e.time)).toBe('2015-05-19T04:05:16.000Z');
    expect(e.method).toBe('POST');
    expect(e.url).toBe('/blog/geekery/xvfb-firefox');
    expect(e.attrs).toEqual({ protocol: 'HTTP/1.0' });
    expect(e.resp_bytes).toBe(10975);
  });

  it('never stores the client address', () => {
    for (const r of events.slice(0, 500)) {
      if (!r.ok) continue;
      const ip = r.event.raw.slice(0, r.event.raw.indexOf(' '));
      const { raw: _raw, ...stored } = r.event;
      expect(JSON.stringify(stored)).not.toContain(ip);
      expect(r.event.ip_hash).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('recognises the sample as an access log', () => {
    expect(looksLikeAccessLog(lines.slice(0, 50))).toBe(true);
  });
});

describe('parseAccessLine formats and fields', () => {
  it('reads the common format (no referrer or user agent) with ident and user', () => {
    const e = parse('127.0.0.1 user-identifier frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326');
    expect(iso(e.time)).toBe('2000-10-10T20:55:36.000Z');
    expect(e.method).toBe('GET');
    expect(e.url).toBe('/apache_pb.gif');
    expect(e.status).toBe(200);
    expect(e.resp_bytes).toBe(2326);
    expect(e.referrer).toBeNull();
    expect(e.user_agent).toBeNull();
    expect(e.attrs).toEqual({ protocol: 'HTTP/1.0', ident: 'user-identifier', remote_user: 'frank' });
  });

  it.each([
    ['+0000', '2015-05-17T10:05:03.000Z'],
    ['+0200', '2015-05-17T08:05:03.000Z'],
    ['-0700', '2015-05-17T17:05:03.000Z'],
    ['+0530', '2015-05-17T04:35:03.000Z'],
    ['-0930', '2015-05-17T19:35:03.000Z'],
  ])('honours the %s offset', (offset, expected) => {
    const e = parse(`1.2.3.4 - - [17/May/2015:10:05:03 ${offset}] "GET / HTTP/1.1" 200 1 "-" "-"`);
    expect(iso(e.time)).toBe(expected);
  });

  it('crosses day, month and year boundaries through the offset', () => {
    expect(iso(parse('1.2.3.4 - - [01/Jan/2016:01:00:00 +0200] "GET / HTTP/1.1" 200 1').time)).toBe('2015-12-31T23:00:00.000Z');
    expect(iso(parse('1.2.3.4 - - [29/Feb/2016:23:30:00 -0100] "GET / HTTP/1.1" 200 1').time)).toBe('2016-03-01T00:30:00.000Z');
  });

  it('does not let the time cache leak between different timestamps', () => {
    const a = parse('1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1');
    const b = parse('1.2.3.4 - - [17/May/2015:10:05:03 +0100] "GET / HTTP/1.1" 200 1');
    const c = parse('1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1');
    expect(a.time - b.time).toBe(3_600_000);
    expect(c.time).toBe(a.time);
  });

  it('keeps milliseconds when the time has a fraction', () => {
    expect(iso(parse('1.2.3.4 - - [17/May/2015:10:05:03.25 +0000] "GET / HTTP/1.1" 200 1').time)).toBe('2015-05-17T10:05:03.250Z');
  });

  it('keeps the request target as written and templates the route', () => {
    const e = parse('1.2.3.4 - - [17/May/2015:10:05:03 +0000] "DELETE /users/123/orders/9f8e7d6c5b4a39281706f5e4d3c2b1a0?force=1 HTTP/2.0" 204 -');
    expect(e.method).toBe('DELETE');
    expect(e.url).toBe('/users/123/orders/9f8e7d6c5b4a39281706f5e4d3c2b1a0?force=1');
    expect(e.route).toBe('/users/:id/orders/:id');
    expect(e.resp_bytes).toBe(0);
    expect(e.attrs).toEqual({ protocol: 'HTTP/2.0' });
  });

  it('reads a request without a protocol (HTTP/0.9) and a proxy-style absolute target', () => {
    const old = parse('1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /index.html" 200 10');
    expect(old.url).toBe('/index.html');
    expect(old.attrs).toEqual({});
    const proxy = parse('1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET http://example.com/a/42 HTTP/1.1" 200 10');
    expect(proxy.url).toBe('http://example.com/a/42');
    expect(proxy.route).toBe('/a/:id');
  });

  it('imports "-" and binary garbage requests, keeping the request in attrs.request', () => {
    const dash = parse('1.2.3.4 - - [17/May/2015:10:05:03 +0000] "-" 408 -');
    expect(dash.status).toBe(408);
    expect(dash.method).toBeNull();
    expect(dash.url).toBeNull();
    expect(dash.route).toBeNull();
    expect(dash.attrs).toEqual({ request: '-' });
    const tls = parse(String.raw`1.2.3.4 - - [17/May/2015:10:05:03 +0000] "\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" 400 226 "-" "-"`);
    expect(tls.status).toBe(400);
    expect(tls.method).toBeNull();
    expect(tls.attrs).toEqual({ request: String.raw`\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03` });
    const lower = parse('1.2.3.4 - - [17/May/2015:10:05:03 +0000] "get / HTTP/1.1" 400 0');
    expect(lower.attrs).toEqual({ request: 'get / HTTP/1.1' });
  });

  it('undoes \\" escapes in referrer and user agent but not in the url', () => {
    const line = String.raw`1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /a\"b HTTP/1.1" 200 5 "http://x/\"q\"" "Agent \"quoted\" \\ done"`;
    const e = parse(line);
    expect(e.url).toBe(String.raw`/a\"b`);
    expect(e.referrer).toBe('http://x/"q"');
    expect(e.user_agent).toBe('Agent "quoted" \\ done');
    expect(e.raw).toBe(line);
  });

  it('accepts a leading virtual host and ignores trailing nginx fields', () => {
    const e = parse('www.example.com:443 1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8.0" "10.0.0.9, 10.0.0.8" 0.005');
    expect(e.attrs).toEqual({ protocol: 'HTTP/1.1', vhost: 'www.example.com:443' });
    expect(e.user_agent).toBe('curl/8.0');
    expect(e.ip_hash).toBe(ipHash('1.2.3.4'));
    expect(JSON.stringify({ ...e, raw: '' })).not.toContain('10.0.0.9');
  });

  it('tolerates a trailing carriage return and IPv6 clients', () => {
    const e = parse('2001:db8::1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8.0"\r');
    expect(e.user_agent).toBe('curl/8.0');
    expect(e.ip_hash).toBe(ipHash('2001:db8::1'));
  });

  it('keeps a user agent cut short by line truncation', () => {
    expect(parse('1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5 "-" "Mozilla/5.0 (cut').user_agent).toBe('Mozilla/5.0 (cut');
  });
});

describe('parseAccessLine rejections', () => {
  // The valid line the mutation test starts from.
  const ok = '1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5';

  it.each([
    ['', 'the line is empty'],
    ['   ', 'the line is empty'],
    ['{"level":"info","msg":"hello"}', 'not an access-log line: expected client, ident and user fields followed by a [time]'],
    ['1.2.3.4 [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5', 'not an access-log line: expected client, ident and user fields followed by a [time]'],
    ['1.2.3.4 - - [17/May/2015:10:05:03 +0000 "GET / HTTP/1.1" 200 5', 'not an access-log line: the [time] is never closed by "]"'],
    ['1.2.3.4 - - [17/May/2015:10:05:03 +0000', 'not an access-log line: the [time] is never closed by "]"'],
    ['1.2.3.4 - - [17/Foo/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5', 'invalid time "17/Foo/2015:10:05:03 +0000"'],
    ['1.2.3.4 - - [31/Apr/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5', 'invalid time "31/Apr/2015:10:05:03 +0000"'],
    ['1.2.3.4 - - [29/Feb/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5', 'invalid time "29/Feb/2015:10:05:03 +0000"'],
    ['1.2.3.4 - - [17/May/2015:24:05:03 +0000] "GET / HTTP/1.1" 200 5', 'invalid time "17/May/2015:24:05:03 +0000"'],
    ['1.2.3.4 - - [17/May/2015:10:05:03] "GET / HTTP/1.1" 200 5', 'invalid time "17/May/2015:10:05:03"'],
    ['1.2.3.4 - - [2015-05-17T10:05:03Z] "GET / HTTP/1.1" 200 5', 'invalid time "2015-05-17T10:05:03Z"'],
    ['1.2.3.4 - - [17/May/2015:10:05:03 +0000] GET / HTTP/1.1 200 5', 'not an access-log line: expected a quoted request after the time'],
    ['1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1 200 5', 'not an access-log line: the quoted request is never closed'],
    ['1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1"', 'not an access-log line: expected a status and a response size after the request'],
    ['1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200', 'not an access-log line: expected a status and a response size after the request'],
    ['1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" abc 5', 'invalid status "abc"'],
    ['1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 2000 5', 'invalid status "2000"'],
    ['1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 099 5', 'invalid status "099"'],
    ['1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 12k', 'invalid response size "12k"'],
  ])('rejects %j', (line, expected) => {
    expect(reason(line)).toBe(expected);
  });

  it('cuts long values in reasons', () => {
    const r = reason(`1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" ${'9'.repeat(200)} 5`);
    expect(r.length).toBeLessThan(80);
  });

  it('never throws on arbitrary input', () => {
    const alphabet = fc.constantFrom(...' -[]/:+"\\0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefMayJan\r\t\x00é'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 120 }), (s) => {
        const r = parseAccessLine(s, 1, ipHash);
        return typeof r.ok === 'boolean';
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => typeof parseAccessLine(s, 1, ipHash).ok === 'boolean'),
      { numRuns: 2000 },
    );
  });

  it('never throws on mutations of a real line', () => {
    fc.assert(
      fc.property(fc.nat({ max: ok.length }), fc.nat({ max: ok.length }), fc.string({ maxLength: 5 }), (a, b, ins) => {
        const line = ok.slice(0, Math.min(a, b)) + ins + ok.slice(Math.max(a, b));
        const r = parseAccessLine(line, 1, ipHash);
        if (r.ok) expect(Number.isSafeInteger(r.event.time)).toBe(true);
        return true;
      }),
      { numRuns: 3000 },
    );
  });
});

describe('looksLikeAccessLog', () => {
  const good = '1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5';
  it('is true when most non-empty lines parse', () => {
    expect(looksLikeAccessLog([good, '', good, 'garbage', good])).toBe(true);
  });
  it('is false for other formats, mostly-bad samples and empty samples', () => {
    expect(looksLikeAccessLog(['{"a":1}', '{"a":2}'])).toBe(false);
    expect(looksLikeAccessLog([good, 'x', 'y'])).toBe(false);
    expect(looksLikeAccessLog(['', '  '])).toBe(false);
    expect(looksLikeAccessLog([])).toBe(false);
  });
});

describe('a client field holding an X-Forwarded-For list', () => {
  const rest = ' - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 5 "-" "curl/8.0"';

  it('reads the line, the first address being the client (hashed), and keeps the line as raw', () => {
    for (const list of ['10.0.0.2, 10.0.0.1, 127.0.0.1', '10.0.0.2, 127.0.0.1', '10.0.0.2,10.0.0.1, 127.0.0.1']) {
      const e = parse(list + rest);
      expect(e.ip_hash, list).toBe(ipHash('10.0.0.2'));
      expect(e).toMatchObject({ method: 'GET', url: '/a', status: 200, resp_bytes: 5, user_agent: 'curl/8.0', raw: list + rest });
    }
  });

  it('does not take a two-address list for a virtual host and a client', () => {
    expect(parse(`10.0.0.2, 10.0.0.1${rest}`).attrs).not.toHaveProperty('vhost');
  });

  it('still refuses a list that never reaches the ident and user fields', () => {
    expect(reason('10.0.0.2, 10.0.0.1, [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5')).toMatch(/^not an access-log line/);
  });
});
