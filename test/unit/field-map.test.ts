import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../shared/events.js';
import type { LineResult } from '../../electron/core/importers/format-types.js';
import {
  chooseMapping, isCandidate, mappingReport, normalizeLevel, normalizeName, timeNotes, type HeadRecord, type Mapping,
} from '../../electron/core/importers/formats/field-map.js';
import { setAttr } from '../../electron/core/importers/formats/json-line.js';
import { recordReader, withoutAddress } from '../../electron/core/importers/formats/json-record.js';
import { testContext } from '../helpers/parse-format.js';

const T0 = Date.UTC(2015, 4, 17, 10, 5, 3);
const rec = (o: Record<string, unknown>): HeadRecord => Object.entries(o);

function eventOf(r: LineResult): NewEvent {
  if (!('ok' in r) || !r.ok || !('event' in r)) throw new Error(`expected one event, got ${JSON.stringify(r)}`);
  return r.event;
}

function read(mapping: Mapping, values: unknown[], attrs: Record<string, unknown> | null = null, raw = 'raw'): LineResult {
  return recordReader(mapping, testContext()).read(values, attrs, raw, 3);
}

describe('normalizeName and isCandidate', () => {
  it('folds case and drops _ - and spaces, keeping dots', () => {
    expect(normalizeName('Status_Code')).toBe('statuscode');
    expect(normalizeName('status-code')).toBe('statuscode');
    expect(normalizeName('Status Code')).toBe('statuscode');
    expect(normalizeName('http.Status_Code')).toBe('http.statuscode');
  });

  it('knows the usual names, and duration names with any unit suffix', () => {
    for (const n of ['timestamp', '@timestamp', 'traceId', 'TRACE_ID', 'http.method', 'latency_s', 'elapsedMicros', 'durationMs']) {
      expect(isCandidate(n), n).toBe(true);
    }
    for (const n of ['hostname', 'pid', 'status_s', 'ms', 'foo']) expect(isCandidate(n), n).toBe(false);
  });
});

describe('normalizeLevel', () => {
  it.each([
    ['INFO', 'info'], ['Information', 'info'], ['notice', 'info'], ['WARNING', 'warn'], ['wrn', 'warn'], ['err', 'error'],
    ['CRITICAL', 'fatal'], ['panic', 'fatal'], ['emerg', 'fatal'], ['dbg', 'debug'], ['verbose', 'trace'], ['E', 'error'],
    [' Warn ', 'warn'], ['audit', 'audit'], ['AUDIT', 'audit'],
  ])('%s -> %s', (v, level) => {
    expect(normalizeLevel(v)).toBe(level);
  });

  it('reads pino/bunyan numbers, also written as text', () => {
    expect([10, 20, 30, 40, 50, 60].map(normalizeLevel)).toEqual(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
    expect(normalizeLevel(35)).toBe('info');
    expect(normalizeLevel('50')).toBe('error');
    expect(normalizeLevel(5)).toBe('5');
    expect(normalizeLevel(100)).toBe('100');
  });

  it('refuses what is not a level', () => {
    expect(normalizeLevel('x'.repeat(33))).toBeUndefined();
    expect(normalizeLevel(1.5)).toBeUndefined();
    expect(normalizeLevel({ level: 'info' })).toBeUndefined();
    expect(normalizeLevel(null)).toBeUndefined();
  });
});

describe('chooseMapping', () => {
  it('picks, for each field, the candidate with the most readable values', () => {
    const m = chooseMapping([
      rec({ ts: '2015-05-17T10:05:03Z', msg: 'a', message: 'b' }),
      rec({ ts: '2015-05-17T10:05:04Z', msg: 'c' }),
      rec({ time: 'not a time', msg: 'd' }),
    ]);
    expect(mappingReport(m)).toEqual({ time: 'ts', message: 'msg' });
  });

  it('breaks a tie by the more usual name', () => {
    const m = chooseMapping([rec({ msg: 'a', message: 'b', timestamp: 1431857103, time: 1431857103 })]);
    expect(mappingReport(m)).toEqual({ time: 'timestamp', message: 'message' });
  });

  it('skips a candidate that holds something else, taking the nested one', () => {
    const m = chooseMapping([rec({ time: 1431857103, user: { id: 'u-1' }, 'user.id': 'u-1' })]);
    expect(m.fields.find((f) => f.field === 'user_id')?.path).toBe('user.id');
  });

  it('maps a field that is only ever empty in the head, so later lines fill it', () => {
    const m = chooseMapping([rec({ time: 1431857103, referer: '-' }), rec({ time: 1431857104, referer: '' })]);
    expect(mappingReport(m).referrer).toBe('referer');
  });

  it('uses each file field once', () => {
    const m = chooseMapping([rec({ time: 1431857103, event: 'signup' })], { message: 'event' });
    expect(mappingReport(m)).toEqual({ time: 'time', message: 'event' });
  });

  it('applies overrides: a name (even one never seen), or null to turn a field off', () => {
    const m = chooseMapping([rec({ time: 1431857103, msg: 'x', level: 'info' })], { level: null, message: 'text', user_id: 'who' });
    expect(mappingReport(m)).toEqual({ time: 'time', message: 'text', user_id: 'who' });
  });

  it('ignores override values that are not names', () => {
    const overrides = JSON.parse('{"time": 5, "level": "", "nonsense": "x"}') as Record<string, unknown>;
    const m = chooseMapping([rec({ time: 1431857103, level: 'info' })], overrides);
    expect(mappingReport(m)).toEqual({ time: 'time', level: 'level' });
  });

  it('ignores overrides that are not an object', () => {
    expect(mappingReport(chooseMapping([rec({ time: 1e9 })], JSON.parse('null') as undefined))).toEqual({ time: 'time' });
  });

  it('does not take a small number under a time-like name for an epoch', () => {
    const m = chooseMapping([rec({ time: 12, ts: '2015-05-17T10:05:03Z' }), rec({ time: 30, ts: '2015-05-17T10:05:04Z' })]);
    expect(mappingReport(m)).toEqual({ time: 'ts' });
    expect(mappingReport(chooseMapping([rec({ time: 1431857103 })]))).toEqual({ time: 'time' });
  });

  it('resolves overrides to the file spelling', () => {
    const m = chooseMapping([rec({ When: 1 })], { time: 'when' }, (p) => (p === 'when' ? 'When' : p));
    expect(mappingReport(m)).toEqual({ time: 'When' });
  });

  it('reports the duration unit and a missing time field in its notes', () => {
    const m = chooseMapping([rec({ request_time: '0.2', msg: 'x' })]);
    expect(m.durationUnit).toBe(1000);
    expect(m.notes.join(' ')).toMatch(/"request_time" are read as seconds/);
    expect(m.notes.join(' ')).toMatch(/No time field was found: looked for timestamp, time, @timestamp, ts and \d+ more/);
  });

  it('notes zoneless and epoch times in the head', () => {
    expect(timeNotes(['2015-05-17 10:05:03', 'junk'], 'ts')).toEqual(['Times in "ts" have no zone; they are read as UTC.']);
    expect(timeNotes([1431857103], 't')[0]).toMatch(/epoch seconds, milliseconds/);
    expect(timeNotes(['2015-05-17T10:05:03Z'], 'ts')).toEqual([]);
  });
});

describe('recordReader', () => {
  const mapping = chooseMapping([
    rec({ time: 1431857103, level: 'info', msg: 'm', status: 200, method: 'GET', url: '/u/1', route: '/u/:id', duration: 1, trace_id: 't',
      span_id: 's', session_id: 'se', user_id: 'us', type: 't', page: 'p', target: 'ta', user_agent: 'ua', referrer: 'r', ip: '1.2.3.4' }),
  ]);
  const at = (over: Record<string, unknown>): unknown[] => mapping.fields.map((f) => (f.path in over ? over[f.path] : undefined));

  it('reads every field, typed', () => {
    const e = eventOf(read(mapping, at({
      time: '2015-05-17T10:05:03Z', level: 'WARNING', msg: 'hello', status: '404', method: 'post', url: '/u/7?x=1', duration: '1.5s',
      trace_id: 'abc', span_id: 12, session_id: 's-1', user_id: 42, page: '/p', target: 'button#buy', user_agent: 'curl', referrer: 'https://r',
    })));
    expect(e).toMatchObject({
      time: T0, kind: 'api', line: 3, level: 'warn', message: 'hello', status: 404, method: 'POST', url: '/u/7?x=1', route: '/u/:id',
      duration_ms: 1500, trace_id: 'abc', span_id: '12', session_id: 's-1', user_id: '42', page: '/p', target: 'button#buy',
      user_agent: 'curl', referrer: 'https://r', attrs: null, raw: 'raw',
    });
  });

  it('keeps a route given by the file', () => {
    expect(eventOf(read(mapping, at({ time: 1, url: '/u/7', route: '/users/{id}' }))).route).toBe('/users/{id}');
  });

  it('chooses the kind: api, user, or log', () => {
    expect(eventOf(read(mapping, at({ time: 1, status: 500 }))).kind).toBe('api');
    expect(eventOf(read(mapping, at({ time: 1, method: 'GET', url: '/' }))).kind).toBe('api');
    expect(eventOf(read(mapping, at({ time: 1, method: 'GET' }))).kind).toBe('log');
    expect(eventOf(read(mapping, at({ time: 1, type: 'signup' }))).kind).toBe('user');
    expect(eventOf(read(mapping, at({ time: 1, type: 'signup', msg: 'x' }))).kind).toBe('log');
    expect(eventOf(read(mapping, at({ time: 1, type: 'signup', level: 'info' }))).kind).toBe('log');
  });

  it('keeps unreadable values in attrs under their own name; "-" and "" are absent', () => {
    const e = eventOf(read(mapping, at({ time: 1, status: 'n/a', duration: 'slow', method: 'G E T', level: { x: 1 }, referrer: '-', page: '' }), { other: 1 }));
    expect(e.status).toBeNull();
    expect(e.referrer).toBeNull();
    expect(e.attrs).toEqual({ other: 1, status: 'n/a', duration: 'slow', method: 'G E T', level: { x: 1 } });
  });

  it('cuts ids at 200 characters and refuses over-long types', () => {
    const e = eventOf(read(mapping, at({ time: 1, session_id: 'x'.repeat(300), type: 'y'.repeat(201) })));
    expect(e.session_id).toHaveLength(200);
    expect(e.type).toBeNull();
    expect(e.attrs).toEqual({ type: 'y'.repeat(201) });
  });

  it('stores the client address only as its hash, in raw too', () => {
    const ctx = testContext();
    const r = recordReader(mapping, ctx).read(at({ time: 1, ip: '203.0.113.9' }), null, '2015-05-17,203.0.113.9,GET,x 203.0.113.9', 1);
    const e = eventOf(r);
    expect(e.ip_hash).toBe(ctx.ipHash('203.0.113.9'));
    expect(e.raw).toBe(`2015-05-17,${e.ip_hash},GET,x ${e.ip_hash}`);
  });

  it('erases only what looks like an address from raw', () => {
    expect(withoutAddress('a unknown b', 'unknown', 'H')).toBe('a unknown b');
    expect(withoutAddress('from 2001:db8::1 and [::1]:80', '2001:db8::1', 'H')).toBe('from H and [::1]:80');
    expect(withoutAddress('x 10.0.0.1, 10.0.0.2', '10.0.0.1, 10.0.0.2', 'H')).toBe('x H');
  });

  it('says why a record has no time', () => {
    expect(read(mapping, at({ msg: 'x' }))).toEqual({ ok: false, reason: 'no time: "time" is missing or empty' });
    expect(read(mapping, at({ time: 'soon' }))).toEqual({ ok: false, reason: '"time" is not a time we can read: "soon"' });
    const long = read(mapping, at({ time: 'z'.repeat(100) }));
    expect('reason' in long && long.reason.length).toBeLessThan(80);
    const none = chooseMapping([rec({ msg: 'x' })]);
    expect(read(none, ['x'])).toEqual({ ok: false, reason: expect.stringMatching(/^no time field \(looked for timestamp, time, @timestamp, ts/) });
  });

  it('redacts secrets as the collector does', () => {
    const e = eventOf(read(mapping, at({ time: 1, url: '/cb?access_token=secret123&x=1' }), { password: 'hunter2' }));
    expect(e.url).not.toContain('secret123');
    expect(JSON.stringify(e.attrs)).not.toContain('hunter2');
  });
});

describe('setAttr', () => {
  it('stores __proto__ as a plain key without touching the prototype', () => {
    const o: Record<string, unknown> = {};
    setAttr(o, '__proto__', { polluted: true });
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.keys(o)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('chooseMapping: units by convention, and a date beside a clock time', () => {
  it("reads Caddy's duration as seconds and says why", () => {
    const m = chooseMapping([rec({ ts: 1431857103.5, logger: 'http.log.access.log0', duration: 0.0176, status: 200 })]);
    expect(m.durationUnit).toBe(1000);
    expect(m.notes.join(' ')).toContain(`"duration" are read as seconds (Caddy's convention)`);
    expect(chooseMapping([rec({ ts: 1431857103.5, 'request.uri': '/', resp_headers: {}, duration: 0.0176 })]).durationUnit).toBe(1000);
  });

  it('keeps duration in milliseconds elsewhere, and says it assumed so', () => {
    const m = chooseMapping([rec({ ts: 1431857103, logger: 'app', duration: 17 })]);
    expect(m.durationUnit).toBe(1);
    expect(m.notes.join(' ')).toContain('(the usual unit when the name does not say)');
  });

  it("tells Cloudflare's OriginResponseTime in ns from the older ms by magnitude", () => {
    const ns = chooseMapping([rec({ EdgeStartTimestamp: 1431857103250000000, OriginResponseTime: 42_000_000 }), rec({ OriginResponseTime: 0 }), rec({ OriginResponseTime: 9_000_000 })]);
    expect(ns.durationUnit).toBe(1e-6);
    expect(ns.notes.join(' ')).toMatch(/"OriginResponseTime" are read as nanoseconds \(Cloudflare's current unit/);
    const ms = chooseMapping([rec({ EdgeStartTimestamp: 1431857103250, OriginResponseTime: 87 })]);
    expect(ms.durationUnit).toBe(1);
    expect(ms.notes.join(' ')).toMatch(/milliseconds \(Cloudflare's older unit/);
  });

  it('maps Cloudflare Logpush field names', () => {
    const m = chooseMapping([rec({
      EdgeStartTimestamp: '2015-05-17T10:05:03Z', ClientRequestMethod: 'GET', ClientRequestURI: '/a?b=1', ClientRequestHost: 'x.test',
      EdgeResponseStatus: 200, ClientIP: '203.0.113.9', ClientRequestUserAgent: 'curl/8', ClientRequestReferer: 'https://x.test/', OriginResponseTime: 5, RayID: '7c9d2e1f8a3b4c5d',
    })]);
    expect(mappingReport(m)).toEqual({
      time: 'EdgeStartTimestamp', method: 'ClientRequestMethod', url: 'ClientRequestURI', status: 'EdgeResponseStatus', ip: 'ClientIP',
      user_agent: 'ClientRequestUserAgent', referrer: 'ClientRequestReferer', duration_ms: 'OriginResponseTime', trace_id: 'RayID',
    });
  });

  it('joins a date-only time field with a clock-time field beside it, and says so', () => {
    const m = chooseMapping([rec({ Date: '2015-05-17', Time: '10:05:03', Content: 'a' }), rec({ Date: '2015-05-17', Time: '10:05:04,250', Content: 'b' })]);
    expect(mappingReport(m)).toEqual({ time: 'Date', message: 'Content' });
    expect(m.clock).toBe('Time');
    expect(m.notes).toContain('Times are the date in "Date" with the clock time in "Time".');
    const r = recordReader(m, testContext()).read(['2015-05-17', 'b', '10:05:04,250'], null, 'raw', 1);
    expect(r).toMatchObject({ ok: true, event: { time: Date.UTC(2015, 4, 17, 10, 5, 4, 250), message: 'b' } });
  });

  it('does not join when the time field holds whole times, or the clock field is not clock times', () => {
    expect(chooseMapping([rec({ date: '2015-05-17T10:05:03Z', time: '10:05:03' })]).clock).toBeUndefined();
    expect(chooseMapping([rec({ date: '2015-05-17', time: 'noon' })]).clock).toBeUndefined();
    expect(chooseMapping([rec({ date: '2015-05-17', time: '10:05:03' })], { time: 'date' }).clock).toBeUndefined();
  });

  it('reads the first value of a header array as text (Caddy)', () => {
    const m = chooseMapping([rec({ ts: 1431857103, 'request.headers.User-Agent': ['curl/8.5.0'] })]);
    expect(mappingReport(m).user_agent).toBe('request.headers.User-Agent');
  });
});
