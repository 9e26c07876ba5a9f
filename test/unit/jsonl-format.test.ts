import { describe, expect, it } from 'vitest';
import { jsonlFormat } from '../../electron/core/importers/formats/jsonl.js';
import { checkSamples, detectionSample as sample, jsonLines as lines, parseWith } from '../helpers/parse-format.js';

const T0 = Date.UTC(2015, 4, 17, 10, 5, 3);

describe('jsonlFormat samples', () => checkSamples(jsonlFormat));

describe('jsonlFormat.detect', () => {
  it('is sure of JSON log lines, less so without a time field', () => {
    expect(jsonlFormat.detect(sample(lines({ ts: 1431857103, msg: 'a' }, { ts: 1431857104, msg: 'b' })))).toBeCloseTo(0.9);
    expect(jsonlFormat.detect(sample(lines({ a: 1 }, { b: 2 })))).toBeCloseTo(0.8);
  });

  it('scores by the share of lines that are JSON objects', () => {
    const mixed = jsonlFormat.detect(sample(lines({ time: 1 }, { time: 2 }, { time: 3 }, 'not json')));
    expect(mixed).toBeGreaterThan(0.5);
    expect(mixed).toBeLessThan(0.9);
    expect(jsonlFormat.detect(sample(lines({ time: 1 }, 'a', 'b', 'c')))).toBe(0);
    expect(jsonlFormat.detect(sample(lines([1, 2], '"x"', 42)))).toBe(0);
  });

  it('leans to JSON lines when the first line is longer than the sample', () => {
    const huge = `{"time":1431857103,"msg":"${'x'.repeat(70_000)}"}\n{"time":1431857104}\n`;
    expect(jsonlFormat.detect(sample(huge))).toBeCloseTo(0.55);
    expect(jsonlFormat.detect(sample(`{"resourceSpans":[${'{},'.repeat(30_000)}{}]}\n`))).toBe(0);
    const r = parseWith(jsonlFormat, huge);
    expect(r.report.mapping).toEqual({ time: 'time', message: 'msg' });
    expect(r.events.map((e) => e.time)).toEqual([T0, T0 + 1000]);
  });

  it('does not claim access logs, CSV, or whole OTLP and HAR documents', () => {
    expect(jsonlFormat.detect(sample('83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 203 "-" "curl"\n'))).toBe(0);
    expect(jsonlFormat.detect(sample('time,msg\n2015-05-17T10:05:03Z,a\n'))).toBe(0);
    expect(jsonlFormat.detect(sample(lines({ resourceSpans: [] }, { resourceLogs: [] })))).toBe(0);
    expect(jsonlFormat.detect(sample(lines({ log: { version: '1.2', entries: [] } })))).toBe(0);
    expect(jsonlFormat.detect(sample(''))).toBe(0);
  });
});

describe('jsonlFormat mapping', () => {
  it('reports the mapping it chose and its notes', () => {
    const r = parseWith(jsonlFormat, lines({ ts: '2015-05-17 10:05:03', msg: 'a', latency_ms: 3 }));
    expect(r.report.mapping).toEqual({ time: 'ts', message: 'msg', duration_ms: 'latency_ms' });
    expect(r.report.notes).toContain('Times in "ts" have no zone; they are read as UTC.');
  });

  it('chooses from the head sample, so later lines use the same fields', () => {
    const r = parseWith(jsonlFormat, lines({ time: 1431857103, msg: 'a' }, { time: 1431857104, message: 'b', msg: 'c' }));
    expect(r.events.map((e) => [e.message, e.attrs])).toEqual([['a', null], ['c', { message: 'b' }]]);
  });

  it('reads literal dotted keys and nested objects through the same path', () => {
    const r = parseWith(jsonlFormat, lines(
      { time: 1431857103, 'http.method': 'GET', 'http.url': '/a' },
      { time: 1431857104, http: { method: 'PUT', url: '/b', version: '2' } },
    ));
    expect(r.report.mapping).toMatchObject({ method: 'http.method', url: 'http.url' });
    expect(r.events.map((e) => [e.method, e.url, e.attrs])).toEqual([['GET', '/a', null], ['PUT', '/b', { http: { version: '2' } }]]);
  });

  it('drops a parent object emptied by mapping, and keeps other values of the same names', () => {
    const r = parseWith(jsonlFormat, lines({ time: 1431857103, user: { id: 'u-1' }, tags: ['a'], extra: null }));
    expect(r.events[0]).toMatchObject({ user_id: 'u-1', attrs: { tags: ['a'], extra: null } });
    expect(r.events[0]!.attrs).not.toHaveProperty('user');
  });

  it('keeps hostile key names as plain attrs', () => {
    const r = parseWith(jsonlFormat, '{"time":1431857103,"__proto__":{"polluted":1},"constructor":"c","toString":"t"}\n');
    const attrs = r.events[0]!.attrs!;
    expect(Object.getPrototypeOf(attrs)).toBe(Object.prototype);
    expect(Object.keys(attrs).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('finds nothing for a mapping to an inherited property name', () => {
    const r = parseWith(jsonlFormat, lines({ time: 1431857103, msg: 'x' }), { options: { mapping: { message: 'constructor', user_id: 'toString' } } });
    expect(r.events[0]).toMatchObject({ message: null, user_id: null, attrs: { msg: 'x' } });
  });

  it('keeps a kind the record names (an export read back), and infers it otherwise', () => {
    const r = parseWith(jsonlFormat, lines(
      { time: 1431857103, kind: 'user', type: 'error_encountered', message: 'Payment failed', page: '/checkout', session_id: 's1' },
      { time: 1431857104, kind: 'log', method: 'GET', url: '/x', message: 'a log that mentions a call' },
      { time: 1431857105, kind: 'banana', type: 'error_encountered', message: 'no kind of ours' },
    ));
    expect(r.events.map((e) => [e.kind, e.message, e.attrs])).toEqual([
      ['user', 'Payment failed', null],
      ['log', 'a log that mentions a call', null],
      ['log', 'no kind of ours', { kind: 'banana' }],
    ]);
  });

  it('turns a field off with null, and can map a field named like another candidate', () => {
    const r = parseWith(jsonlFormat, lines({ time: 1431857103, status: 'active', level: 'info' }), { options: { mapping: { status: null, message: 'status' } } });
    expect(r.events[0]).toMatchObject({ kind: 'log', status: null, message: 'active', attrs: null });
  });
});

describe('jsonlFormat lines', () => {
  it('skips blank lines and reads CRLF files, with line numbers and byte ranges', () => {
    const input = '\r\n{"time":1431857103,"msg":"a"}\r\n   \r\n{"time":1431857104,"msg":"é"}\r\n';
    const r = parseWith(jsonlFormat, input);
    expect(r.bad).toEqual([]);
    expect(r.events.map((e) => [e.line, e.at.line, e.message, e.raw])).toEqual([
      [2, 2, 'a', '{"time":1431857103,"msg":"a"}'],
      [4, 4, 'é', '{"time":1431857104,"msg":"é"}'],
    ]);
    expect(r.events[1]!.at).toMatchObject({ offset: 38, length: 32 });
  });

  it('reads a file that starts with a byte-order mark', () => {
    expect(parseWith(jsonlFormat, '\ufeff{"time":1431857103}\n').events[0]).toMatchObject({ time: T0 });
  });

  it('keeps raw as the line, with the client address replaced by its hash', () => {
    const line = '{"time":1431857103,"remote_addr":"198.51.100.7","path":"/x","note":"from 198.51.100.7"}';
    const r = parseWith(jsonlFormat, `${line}\n`);
    const e = r.events[0]!;
    expect(e.ip_hash).toMatch(/^[0-9a-f]+$/);
    expect(e.raw).not.toContain('198.51.100.7');
    expect(e.raw).toContain(`"note":"from ${e.ip_hash}"`);
    // An address in free text never reaches the disk either (issue 9); there it is a keyed marker.
    expect(e.attrs).toEqual({ note: expect.stringMatching(/^from \[redacted:[0-9a-f]{12}\]$/) });
    const plain = parseWith(jsonlFormat, '{"time":1431857103,"peer":"198.51.100.7:443"}\n', { options: { mapping: { ip: 'peer' } } });
    expect(plain.events[0]!.raw).not.toContain('198.51.100.7');
  });

  it('redacts secrets in attrs and raw as the collector does', () => {
    const r = parseWith(jsonlFormat, lines({ time: 1431857103, url: '/login?token=abc123xyz', headers: { authorization: 'Bearer abc.def.ghi' } }));
    const text = JSON.stringify(r.events[0]);
    expect(text).not.toContain('abc123xyz');
    expect(text).not.toContain('abc.def.ghi');
  });

  it('reports every bad line with a reason and goes on', () => {
    const r = parseWith(jsonlFormat, lines({ time: 1431857103 }, '{', 'null', '"str"', { time: true }, { time: 1431857104 }));
    expect(r.events.map((e) => e.line)).toEqual([1, 6]);
    expect(r.bad.map((b) => [b.at.line, b.reason])).toEqual([
      [2, expect.stringMatching(/^not a JSON object: invalid JSON/)],
      [3, 'not a JSON object'],
      [4, 'not a JSON object'],
      [5, '"time" is not a time we can read: "true"'],
    ]);
  });

  it('makes every line bad, saying why, when the file has no time field', () => {
    const r = parseWith(jsonlFormat, lines({ msg: 'a' }, { msg: 'b' }));
    expect(r.events).toEqual([]);
    expect(r.bad.map((b) => b.reason)).toEqual([expect.stringMatching(/^no time field \(looked for timestamp, time, @timestamp, ts/), expect.any(String)]);
    expect(r.report.notes?.join(' ')).toMatch(/No time field was found/);
  });

  it('maps docker json-file logs and Serilog compact JSON', () => {
    const docker = parseWith(jsonlFormat, lines({ log: 'listening on :80\n', stream: 'stdout', time: '2015-05-17T10:05:03.123456789Z' }));
    expect(docker.events[0]).toMatchObject({ time: T0 + 123, message: 'listening on :80\n', attrs: { stream: 'stdout' } });
    const serilog = parseWith(jsonlFormat, lines({ '@t': '2015-05-17T10:05:03Z', '@mt': 'User {Id} logged in', '@l': 'Warning', Id: 7 }));
    expect(serilog.events[0]).toMatchObject({ time: T0, message: 'User {Id} logged in', level: 'warn', attrs: { Id: 7 } });
  });

  it('cuts an over-long line and still reports it', () => {
    const r = parseWith(jsonlFormat, `{"time":1431857103,"msg":"${'x'.repeat(200)}"}\n{"time":1431857104}\n`, { maxLineBytes: 64 });
    expect(r.truncated).toBe(1);
    expect(r.bad[0]!.reason).toMatch(/^not a JSON object: invalid JSON/);
    expect(r.events.map((e) => e.time)).toEqual([T0 + 1000]);
  });
});
