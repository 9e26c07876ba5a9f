import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FormatOptions } from '../../electron/core/importers/format-types.js';
import { accessFormat } from '../../electron/core/importers/formats/access.js';
import { compileLogFormat, LogFormatError } from '../../electron/core/importers/log-format/index.js';
import { detectSample } from '../../electron/core/importers/parse-driver.js';
import { parseWith, testContext, type Parsed } from '../helpers/parse-format.js';
import { SAMPLE_ACCESS_LOG as SAMPLE } from '../fixtures/samples.js';

const APACHE_COMBINED = '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"';
const NGINX_MAIN =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for" $request_time';
const CUSTOM = '%v %a [%{%Y-%m-%dT%H:%M:%S}t.%{msec_frac}t%{%z}t] "%m %U%q %H" %>s %I %O %D "%{X-Session-Id}i" "%{User-Agent}i"';
const ctx = testContext();

/** Default parser first, then compiled ones. */
const OPTIONS: FormatOptions[] = [{}, { logFormat: APACHE_COMBINED }, { logFormat: NGINX_MAIN }, { logFormat: CUSTOM }];

const GOOD = [
  '83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /a/1?x=y HTTP/1.1" 200 203 "http://x/" "Mozilla/5.0 (X11; \\"é\\")"',
  'h.example 1.2.3.4 - - [17/May/2015:10:05:03.5 -0130] "-" 408 - "-" "-" "10.0.0.1, 10.0.0.2" 0.003',
  'api.example.com 203.0.113.5 [2015-05-17T10:05:03.042+0200] "PUT /c/9 HTTP/2.0" 204 10 20 3100 "s-1" "curl/8 ☃"',
  '10.0.0.2, 10.0.0.1, 127.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET /x HTTP/1.1" 200 5 "-" "curl/8.0"',
  '[17/May/2015:10:05:03 +0000] 10.0.0.1 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 "GET /index.html HTTP/1.1" 1234',
];
const MOD_SSL = GOOD[GOOD.length - 1]!;

/** Bad reasons that mean a parser threw: the driver turns a throw into this. */
const threw = (p: Parsed) => p.bad.filter((b) => b.reason.startsWith('the parser failed'));

describe('any input through the access format', () => {
  const lineish = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: fc.constantFrom(...' -[]/:+."\\\n\r\t0123456789MayJanGETHTTP%$éø☃'.split('')), maxLength: 200 }),
    fc.tuple(fc.constantFrom(...GOOD), fc.nat(), fc.nat(), fc.string({ maxLength: 6 })).map(([g, a, b, ins]) => {
      const i = a % (g.length + 1);
      const j = b % (g.length + 1);
      return g.slice(0, Math.min(i, j)) + ins + g.slice(Math.max(i, j));
    }),
  );
  const text = fc.array(lineish, { maxLength: 8 }).map((ls) => ls.join('\n'));

  it.each(OPTIONS.map((o) => [o.logFormat ?? 'default', o] as const))('never throws on any text (%s)', (_name, options) => {
    fc.assert(
      fc.property(text, (t) => {
        const r = parseWith(accessFormat, t, { options });
        expect(threw(r)).toEqual([]);
        for (const e of r.events) expect(Number.isSafeInteger(e.time)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it.each(OPTIONS.map((o) => [o.logFormat ?? 'default', o] as const))('never throws on any bytes (%s)', (_name, options) => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        expect(threw(parseWith(accessFormat, Buffer.from(bytes), { options }))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it.each(OPTIONS.map((o) => [o.logFormat ?? 'default', o] as const))('reads the same whatever the chunk boundaries (%s)', (_name, options) => {
    const lines = fc.array(fc.oneof(fc.constantFrom(...GOOD, '', 'garbage ☃ line'), lineish), { maxLength: 10 });
    fc.assert(
      fc.property(lines, fc.constantFrom('\n', '\r\n'), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 12 }), (ls, nl, chunkSizes) => {
        const input = Buffer.from(ls.join(nl), 'utf8');
        const whole = parseWith(accessFormat, input, { options });
        const chunked = parseWith(accessFormat, input, { options, chunkSizes });
        expect(chunked.events).toEqual(whole.events);
        expect(chunked.bad).toEqual(whole.bad);
      }),
      { numRuns: 200 },
    );
  });
});

describe('layouts found by detection (mod_ssl), and forwarded-for clients', () => {
  it('reads a mostly mod_ssl file the same whatever the chunk boundaries, never throwing', () => {
    const lines = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constant(MOD_SSL) }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...GOOD, '', 'garbage'), fc.string({ maxLength: 80 })) }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(lines, fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 12 }), (ls, chunkSizes) => {
        const input = Buffer.from(ls.join('\n'), 'utf8');
        const whole = parseWith(accessFormat, input);
        const chunked = parseWith(accessFormat, input, { chunkSizes });
        expect(threw(whole)).toEqual([]);
        expect(chunked.events).toEqual(whole.events);
        expect(chunked.bad).toEqual(whole.bad);
      }),
      { numRuns: 200 },
    );
  });

  it('takes the first address of any forwarded-for list as the client', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.ipV4(), fc.ipV6()), { minLength: 2, maxLength: 5 }), fc.constantFrom(', ', ','), (ips, sep) => {
        const line = `${ips.join(sep).replace(/^([^,]*),(?! )/, '$1, ')} - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5`;
        const r = parseWith(accessFormat, line);
        expect(r.bad).toEqual([]);
        expect(r.events[0]!.ip_hash).toBe(ctx.ipHash(ips[0]!));
      }),
      { numRuns: 300 },
    );
  });
});

describe('compileLogFormat on any string', () => {
  const formatish = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.string({ unit: fc.constantFrom(...'$%{}<>!,^0123456789 "\'\\[]:-_tTabhHiIlmnoOpPqrRsSuUvVXkDeCLA'.split('')), maxLength: 40 }),
    fc.array(fc.constantFrom('$time_local', '$msec', '$status', '${request}', '$http_x', '%t', '%>s', '%{%F %T}t', '%{sec}t', '%{', '%', '$', ' ', '"', '[', ']', '%{end:%s}t', 'x'), { maxLength: 10 }).map((a) => a.join('')),
  );

  it('returns a parser or throws LogFormatError, never anything else', () => {
    fc.assert(
      fc.property(formatish, fc.string({ maxLength: 80 }), (format, line) => {
        let parser;
        try {
          parser = compileLogFormat(format, ctx);
        } catch (err) {
          expect(err).toBeInstanceOf(LogFormatError);
          expect((err as Error).message.length).toBeGreaterThan(0);
          return;
        }
        // A format that compiles reads any line without throwing.
        const r = parser.line(line, 1);
        expect(typeof r).toBe('object');
      }),
      { numRuns: 2000 },
    );
  });
});

// ---- Round trips: render random values with a format, read them back ----

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
const zone = (min: number, colon = false) => `${min < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(min) / 60))}${colon ? ':' : ''}${pad(Math.abs(min) % 60)}`;
/** The wall clock at `ms` in a zone `offset` minutes east of UTC. */
const wall = (ms: number, offset: number) => new Date(ms + offset * 60_000);
const clf = (ms: number, offset: number) => {
  const d = wall(ms, offset);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${zone(offset)}`;
};
/** How Apache and nginx write a value between double quotes. */
const quote = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
const absent = (s: string) => (s === '' || s === '-' ? null : s);

const arb = {
  time: fc.integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2035, 0, 1) / 1000 }).map((s) => s * 1000),
  offset: fc.integer({ min: -12 * 60, max: 14 * 60 }),
  ip: fc.oneof(fc.ipV4(), fc.ipV6()),
  user: fc.oneof(fc.constant('-'), fc.stringMatching(/^[a-z][a-z0-9._]{0,11}$/)),
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
  path: fc.stringMatching(/^\/[A-Za-z0-9._~%/-]{0,30}$/),
  // Names no redaction rule takes for a secret: `ip=`, `token=` and the like come back as markers
  // (privacy/redact.ts), which the redaction tests cover.
  query: fc.oneof(
    fc.constant(''),
    fc.array(fc.tuple(fc.constantFrom('q', 'page', 'sort', 'lang', 'x'), fc.stringMatching(/^[a-z0-9%]{0,8}$/)), { minLength: 1, maxLength: 3 }).map((ps) => ps.map(([k, v]) => `${k}=${v}`).join('&')),
  ),
  protocol: fc.constantFrom('HTTP/1.0', 'HTTP/1.1', 'HTTP/2.0'),
  status: fc.integer({ min: 100, max: 599 }),
  size: fc.nat({ max: 2_000_000_000 }),
  text: fc.string({ maxLength: 40 }).filter((s) => !/[\r\n]/.test(s)),
};

describe('round trips', () => {
  it('nginx main: every value comes back', () => {
    const p = compileLogFormat(NGINX_MAIN, ctx);
    fc.assert(
      fc.property(
        fc.record({ ...arb, referrer: arb.text, agent: arb.text, xff: fc.array(fc.ipV4(), { maxLength: 3 }), seconds: fc.nat({ max: 600_000 }) }),
        (v) => {
          const url = v.query === '' ? v.path : `${v.path}?${v.query}`;
          const xff = v.xff.length === 0 ? '-' : v.xff.join(', ');
          const rt = `${Math.trunc(v.seconds / 1000)}.${pad(v.seconds % 1000, 3)}`;
          const line =
            `${v.ip} - ${v.user} [${clf(v.time, v.offset)}] "${v.method} ${url} ${v.protocol}" ${v.status} ${v.size} ` +
            `"${quote(v.referrer)}" "${quote(v.agent)}" "${xff}" ${rt}`;
          const r = p.line(line, 7);
          expect(r).toEqual({
            ok: true,
            event: expect.objectContaining({
              time: v.time, kind: 'api', line: 7, method: v.method, url, status: v.status, resp_bytes: v.size, duration_ms: v.seconds,
              referrer: absent(v.referrer), user_agent: absent(v.agent), ip_hash: ctx.ipHash(v.ip), raw: line,
            }),
          });
          if ('event' in r) {
            expect(r.event.attrs).toEqual({
              protocol: v.protocol,
              ...(v.user === '-' ? {} : { remote_user: v.user }),
              ...(v.xff.length === 0 ? {} : { http_x_forwarded_for_hash: v.xff.map(ctx.ipHash).join(', ') }),
            });
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a custom Apache format: every value comes back', () => {
    const p = compileLogFormat(CUSTOM, ctx);
    fc.assert(
      fc.property(
        fc.record({ ...arb, ms: fc.nat({ max: 999 }), vhost: fc.domain(), us: fc.nat({ max: 10 ** 9 }), req: arb.size, session: fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/), agent: arb.text }),
        (v) => {
          const d = wall(v.time, v.offset);
          const t = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(v.ms, 3)}${zone(v.offset)}`;
          const q = v.query === '' ? '' : `?${v.query}`;
          const line = `${v.vhost} ${v.ip} [${t}] "${v.method} ${v.path}${q} ${v.protocol}" ${v.status} ${v.req} ${v.size} ${v.us} "${v.session}" "${quote(v.agent)}"`;
          const r = p.line(line, 1);
          expect(r).toEqual({
            ok: true,
            event: expect.objectContaining({
              time: v.time + v.ms, method: v.method, url: v.path + q, status: v.status, req_bytes: v.req, resp_bytes: v.size,
              duration_ms: v.us / 1000, session_id: absent(v.session), user_agent: absent(v.agent), ip_hash: ctx.ipHash(v.ip),
              attrs: { vhost: v.vhost, protocol: v.protocol },
            }),
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the 10k-line Apache sample', () => {
  const text = readFileSync(SAMPLE, 'utf8');
  const byDefault = parseWith(accessFormat, text);
  const compiled = parseWith(accessFormat, text, { options: { logFormat: APACHE_COMBINED } });

  it('is detected as an access log', () => {
    expect(accessFormat.detect(detectSample(Buffer.from(text.slice(0, 64 * 1024))))).toBe(1);
    expect(accessFormat.detect(detectSample(Buffer.from('{"a":1}\n{"a":2}\n')))).toBe(0);
  });

  it('parses 10,000/10,000 lines with the default parser and with the compiled LogFormat', () => {
    expect(byDefault.bad).toEqual([]);
    expect(compiled.bad).toEqual([]);
    expect(byDefault.events).toHaveLength(10_000);
    expect(compiled.events).toHaveLength(10_000);
  });

  it('reads the same time, status, url, size, agent, referrer and client from both', () => {
    const keys = ['time', 'status', 'url', 'route', 'method', 'resp_bytes', 'user_agent', 'referrer', 'ip_hash', 'line', 'at'] as const;
    const pick = (e: (typeof byDefault.events)[number]) => keys.map((k) => e[k]);
    const differ = byDefault.events.flatMap((e, i) => {
      const c = compiled.events[i];
      return c !== undefined && JSON.stringify(pick(e)) === JSON.stringify(pick(c)) ? [] : [i + 1];
    });
    expect(differ).toEqual([]);
  });
});
