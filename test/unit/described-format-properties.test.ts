// Properties every format described as data keeps, whatever the input: no throw escapes, chunk
// boundaries (even inside a UTF-8 sequence) change nothing, and lines written the format's way
// read back to the values that were written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FormatDefinition } from '../../electron/core/importers/format-types.js';
import { DESCRIBED_FORMATS } from '../../electron/core/importers/formats/described/index.js';
import { detectFormat } from '../../electron/core/importers/formats/index.js';
import type { NewEvent } from '../../shared/events.js';
import { detectionSample, parseWith, type Parsed } from '../helpers/parse-format.js';

const chunkSizes = fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1 });
const byName = (n: string) => DESCRIBED_FORMATS.find((f) => f.name === n)!;

function noParserFailure(r: Parsed): void {
  for (const b of r.bad) expect(b.reason).not.toMatch(/the parser failed/);
}

/** Pieces of every described layout, so random joins come near each grammar. */
const fragment = fc.oneof(
  fc.constantFrom('#Fields: date time c-ip cs-method cs-uri-stem sc-status time-taken', '#Fields: date time x-edge-location', '#', '\t', ' ', '\n', '"', '\\', '=', '[', ']', '{', '}', ':', '/', ', '),
  fc.constantFrom('2024-01-02 03:04:05', '2024-01-02\t03:04:05', '2024/01/02 03:04:05 [error] 1#1: ', '[Sun Dec 04 04:47:44.123 2005] [core:error] [pid 1] ', '[client ::1:80] '),
  fc.constantFrom('http 2024-01-02T03:04:05Z app/lb 1.2.3.4:5 - ', '-1 ', '0.001 ', '1.2.3.4:5 [06/Feb/2009:12:14:14.655] ', '0/0/-1/+5 ', 'haproxy[1]: '),
  fc.constantFrom('ts=2024-01-02T03:04:05Z ', 'msg="', 'level=', 'duration=1.5s ', 'fwd="1.2.3.4, ::1" ', 'heroku[router]: ', ', client: ', ', referer: ', 'request: "GET / HTTP/1.1"'),
  fc.constantFrom('é', '😀', '\u0000', '\r', '%', '%2', '+', '\ud800'),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);

describe('no throw escapes a described format', () => {
  it('on arbitrary bytes, in any chunks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), chunkSizes, (bytes, sizes) => {
        const input = Buffer.from(bytes);
        for (const f of DESCRIBED_FORMATS) {
          noParserFailure(parseWith(f, input, { chunkSizes: sizes }));
          const score = f.detect(detectionSample(input.toString('latin1')));
          expect(score >= 0 && score <= 1).toBe(true);
        }
      }),
    );
  });

  it('on near-miss text made of the layouts\' own pieces', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 60 }), chunkSizes, (parts, sizes) => {
        const input = parts.join('');
        for (const f of DESCRIBED_FORMATS) {
          noParserFailure(parseWith(f, input, { chunkSizes: sizes }));
          f.detect(detectionSample(input));
        }
      }),
    );
  });
});

// ---- Lines written the format's way ----

interface Req {
  time: number;
  ip: string;
  method: string;
  path: string;
  status: number;
  ms: number;
  agent: string;
  text: string;
}

const T0 = Date.UTC(2020, 0, 1);
const req = fc.record({
  time: fc.integer({ min: 0, max: 365 * 86_400 }).map((s) => T0 + s * 1000),
  ip: fc.oneof(fc.ipV4(), fc.constantFrom('2001:db8::1', '::1')),
  method: fc.constantFrom('GET', 'POST', 'DELETE', 'PATCH'),
  path: fc.constantFrom('/', '/users/42', '/api/orders/9f8e7d6c5b4a39281706f5e4d3c2b1a0', '/é/😀', '/a.b/c-d_e'),
  status: fc.integer({ min: 100, max: 599 }),
  ms: fc.integer({ min: 0, max: 600_000 }),
  agent: fc.constantFrom('curl/8.0', 'Mozilla/5.0 (X11; Linux x86_64)', 'okhttp/4.9 "q"', 'é😀'),
  text: fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, ' ')),
});

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const d = (t: number) => new Date(t);
const ymd = (t: number, sep = '-') => `${d(t).getUTCFullYear()}${sep}${pad(d(t).getUTCMonth() + 1)}${sep}${pad(d(t).getUTCDate())}`;
const hms = (t: number) => `${pad(d(t).getUTCHours())}:${pad(d(t).getUTCMinutes())}:${pad(d(t).getUTCSeconds())}`;
const quoted = (s: string) => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
const port = (ip: string) => (ip.includes(':') ? `[${ip}]:5555` : `${ip}:5555`);

/** How each format writes a request, and what must come back. */
const WRITERS: Record<string, { head?: string; line: (r: Req) => string; expect: (r: Req) => Partial<NewEvent> }> = {
  w3c: {
    head: '#Software: Microsoft Internet Information Services 10.0\n#Fields: date time c-ip cs-method cs-uri-stem sc-status time-taken cs(User-Agent)\n',
    line: (r) => `${ymd(r.time)} ${hms(r.time)} ${r.ip} ${r.method} ${encodeURI(r.path)} ${r.status} ${r.ms} ${r.agent.replaceAll(' ', '+')}`,
    expect: (r) => ({ time: r.time, method: r.method, url: encodeURI(r.path), status: r.status, duration_ms: r.ms, user_agent: r.agent }),
  },
  cloudfront: {
    head: '#Version: 1.0\n#Fields: date time x-edge-location c-ip cs-method cs-uri-stem sc-status cs(User-Agent) time-taken\n',
    line: (r) => [ymd(r.time), hms(r.time), 'LHR50-C1', r.ip, r.method, encodeURI(r.path), r.status, encodeURIComponent(r.agent), (r.ms / 1000).toFixed(3)].join('\t'),
    expect: (r) => ({ time: r.time, method: r.method, status: r.status, duration_ms: r.ms, user_agent: r.agent }),
  },
  alb: {
    line: (r) => `https ${d(r.time).toISOString()} app/lb/1 ${port(r.ip)} 10.0.0.1:80 0.000 ${(r.ms / 1000).toFixed(3)} 0.000 ${r.status} ${r.status} 10 20 ${quoted(`${r.method} https://x.test:443${r.path} HTTP/1.1`)} ${quoted(r.agent)}`,
    expect: (r) => ({ time: r.time, method: r.method, url: `https://x.test:443${r.path}`, status: r.status, duration_ms: r.ms, user_agent: r.agent }),
  },
  haproxy: {
    line: (r) => `${r.ip}:5555 [${pad(d(r.time).getUTCDate())}/${MON[d(r.time).getUTCMonth()]}/${d(r.time).getUTCFullYear()}:${hms(r.time)}.000] fe be/s1 0/0/1/2/${r.ms} ${r.status} 100 - - ---- 1/1/1/1/0 0/0 "${r.method} ${r.path} HTTP/1.1"`,
    expect: (r) => ({ time: r.time, method: r.method, url: r.path, status: r.status, duration_ms: r.ms }),
  },
  'apache-error': {
    line: (r) => `[${DAY[d(r.time).getUTCDay()]} ${MON[d(r.time).getUTCMonth()]} ${pad(d(r.time).getUTCDate())} ${hms(r.time)}.000000 ${d(r.time).getUTCFullYear()}] [core:error] [pid 9] [client ${port(r.ip)}] ${r.text}`,
    expect: (r) => ({ time: r.time, level: 'error', message: r.text }),
  },
  'nginx-error': {
    line: (r) => `${ymd(r.time, '/')} ${hms(r.time)} [warn] 9#9: *1 ${r.text.replaceAll(', client: ', ' ')}, client: ${r.ip}, server: s, request: "${r.method} ${r.path} HTTP/1.1"`,
    expect: (r) => ({ time: r.time, level: 'warn', method: r.method, url: r.path, message: r.text.replaceAll(', client: ', ' ') }),
  },
  logfmt: {
    line: (r) => `time=${d(r.time).toISOString()} level=info msg=${quoted(r.text)} method=${r.method} path=${r.path} status=${r.status} duration=${r.ms}ms fwd=${quoted(r.ip)}`,
    expect: (r) => ({ time: r.time, level: 'info', message: r.text, method: r.method, url: r.path, status: r.status, duration_ms: r.ms }),
  },
};

describe('lines written the format\'s way', () => {
  it('every described format has a writer here', () => {
    expect(Object.keys(WRITERS).sort()).toEqual(DESCRIBED_FORMATS.map((f) => f.name).sort());
  });

  for (const [name, w] of Object.entries(WRITERS)) {
    const input = fc
      .tuple(fc.array(req, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
      .map(([reqs, eol, last]) => ({ reqs, text: (w.head ?? '').replaceAll('\n', eol) + reqs.map(w.line).join(eol) + (last ? eol : '') }));

    it(`${name}: read back to what was written, and detected as ${name}`, () => {
      const f: FormatDefinition = byName(name);
      fc.assert(
        fc.property(input, ({ reqs, text }) => {
          const r = parseWith(f, text);
          expect(r.bad.map((b) => `${b.reason} @ ${b.text}`)).toEqual([]);
          expect(r.events).toHaveLength(reqs.length);
          reqs.forEach((q, i) => expect(r.events[i]).toMatchObject(w.expect(q)));
          expect(detectFormat(detectionSample(text)).name).toBe(name);
        }),
      );
    });

    it(`${name}: any chunking gives the same events, bad lines and notes`, () => {
      const f = byName(name);
      fc.assert(
        fc.property(input, fc.array(fragment, { maxLength: 4 }), chunkSizes, ({ text }, noise, sizes) => {
          // Noise lines between good ones: bad lines must come out the same too.
          const mixed = text.replace('\n', `\n${noise.join('').replace(/[\r\n]/g, ' ')}\n`);
          const whole = parseWith(f, mixed);
          const pieces = parseWith(f, mixed, { chunkSizes: sizes });
          expect(pieces.events).toEqual(whole.events);
          expect(pieces.bad).toEqual(whole.bad);
          expect(pieces.report).toEqual(whole.report);
          noParserFailure(whole);
        }),
      );
    });
  }
});
