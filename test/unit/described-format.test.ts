// The formats described as data (importers/formats/described/), together: detection tells them
// from each other and from every other format, survives odd lines at the top of a file, and
// every one keeps the client only as its hash and says which duration unit it assumed.
import { describe, expect, it } from 'vitest';
import type { FormatDefinition } from '../../electron/core/importers/format-types.js';
import { DESCRIBED_FORMATS } from '../../electron/core/importers/formats/described/index.js';
import { describedFormat } from '../../electron/core/importers/formats/described/engine.js';
import { FORMATS, detectFormat } from '../../electron/core/importers/formats/index.js';
import { detectionSample, parseWith, testContext } from '../helpers/parse-format.js';

/** A sample's input when it holds only good records and needs no options. */
function cleanInputs(f: FormatDefinition): string[] {
  return f.samples.filter((s) => !s.options && (s.bad?.length ?? 0) === 0 && (s.events?.length ?? 0) > 0).map((s) => s.input);
}

describe('detection', () => {
  it.each(DESCRIBED_FORMATS.map((f) => [f.name, f] as const))('%s is sure of its own clean samples', (_n, f) => {
    for (const input of cleanInputs(f)) expect(f.detect(detectionSample(input))).toBeGreaterThanOrEqual(0.85);
  });

  it.each(DESCRIBED_FORMATS.map((f) => [f.name, f] as const))('%s claims no other format\'s samples, good or bad', (_n, f) => {
    for (const other of FORMATS) {
      if (other === f) continue;
      for (const s of other.samples) expect(f.detect(detectionSample(s.input)), `${other.name}: ${s.title}`).toBeLessThan(0.5);
    }
  });

  it.each(DESCRIBED_FORMATS.map((f) => [f.name, f] as const))('%s is still recognised under a few odd lines at the top', (_n, f) => {
    const [input] = cleanInputs(f);
    const lines = input!.split('\n').filter((l) => l !== '');
    const header = lines.filter((l) => l.startsWith('#'));
    const data = lines.filter((l) => !l.startsWith('#'));
    const body = Array.from({ length: 12 }, (_, i) => data[i % data.length]!);
    const odd = ['Starting log rotation at boot', '{"note": "copied from a ticket"}', '=== 2024-01-02 ==='];
    expect(detectFormat(detectionSample([...odd, ...header, ...body].join('\n') + '\n')).name).toBe(f.name);
  });

  it('an odd line does not become an event', () => {
    const logfmt = DESCRIBED_FORMATS.find((f) => f.name === 'logfmt')!;
    const r = parseWith(logfmt, 'Starting up\nts=2024-01-02T03:04:05Z level=info msg=ok\n');
    expect(r.events).toHaveLength(1);
    expect(r.bad.map((b) => b.at.line)).toEqual([1]);
  });
});

describe('privacy', () => {
  const lines: Record<string, string> = {
    w3c: '#Fields: date time c-ip cs-method cs-uri-stem sc-status cs(X-Forwarded-For)\n2024-01-02 03:04:05 203.0.113.9 GET / 200 198.51.100.4,10.1.1.1\n',
    cloudfront: '#Fields: date time x-edge-location c-ip cs-method cs-uri-stem sc-status x-forwarded-for\n2024-01-02\t03:04:05\tLHR\t203.0.113.9\tGET\t/\t200\t198.51.100.4\n',
    alb: 'http 2024-01-02T03:04:05.000000Z app/lb/1 203.0.113.9:5555 - 0.001 0.002 0.003 200 200 1 2 "GET / HTTP/1.1"\n',
    haproxy: '203.0.113.9:5555 [02/Jan/2024:03:04:05.000] fe be/s1 0/0/0/1/1 200 2 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"\n',
    'apache-error': '[Tue Jan 02 03:04:05.000001 2024] [core:error] [pid 1:tid 2] [client 203.0.113.9:5555] boom\n',
    'nginx-error': '2024/01/02 03:04:05 [error] 1#1: *1 boom, client: 203.0.113.9, server: x, request: "GET / HTTP/1.1"\n',
    logfmt: 'ts=2024-01-02T03:04:05Z level=info msg=ok fwd="203.0.113.9, 10.1.1.1"\n',
  };

  it('covers every described format', () => {
    expect(Object.keys(lines).sort()).toEqual(DESCRIBED_FORMATS.map((f) => f.name).sort());
  });

  it.each(DESCRIBED_FORMATS.map((f) => [f.name, f] as const))('%s keeps the client only as its hash', (name, f) => {
    const r = parseWith(f, lines[name]!);
    expect(r.bad).toEqual([]);
    const [e] = r.events;
    expect(e!.ip_hash).toBe(testContext().ipHash('203.0.113.9'));
    const stored = JSON.stringify(e);
    for (const ip of ['203.0.113.9', '198.51.100.4', '10.1.1.1']) expect(stored).not.toContain(ip);
    // In raw the address is replaced by its hash, so the line still reads and joins.
    expect(e!.raw).toContain(e!.ip_hash);
  });

  it('every address of a forwarded-for list is replaced by its hash in raw', () => {
    const logfmt = DESCRIBED_FORMATS.find((f) => f.name === 'logfmt')!;
    const [e] = parseWith(logfmt, lines.logfmt!).events;
    const h = testContext().ipHash;
    expect(e!.raw).toContain(`${h('203.0.113.9')}, ${h('10.1.1.1')}`);
  });

  it('a second address of the user is kept as its hash', () => {
    const w3c = DESCRIBED_FORMATS.find((f) => f.name === 'w3c')!;
    const [e] = parseWith(w3c, lines.w3c!).events;
    const h = testContext().ipHash;
    expect(e!.attrs).toMatchObject({ cs_x_forwarded_for_hash: `${h('198.51.100.4')}, ${h('10.1.1.1')}` });
  });

  it('cookies are redacted in attrs and in raw', () => {
    const w3c = DESCRIBED_FORMATS.find((f) => f.name === 'w3c')!;
    const [e] = parseWith(w3c, '#Fields: date time cs-method cs-uri-stem sc-status cs(Cookie)\n2024-01-02 03:04:05 GET / 200 sid=abcdef123456\n').events;
    expect(String(e!.attrs?.cs_cookie)).toMatch(/^\[redacted:/);
    expect(e!.raw).not.toContain('abcdef123456');
  });
});

describe('notes', () => {
  const runs: [string, string, RegExp][] = [
    ['w3c', '#Fields: date time cs-uri-stem time-taken\n2024-01-02 03:04:05 / 12\n', /"time-taken".*milliseconds \(IIS/],
    ['cloudfront', '#Fields: date time x-edge-location cs-uri-stem time-taken\n2024-01-02\t03:04:05\tLHR\t/\t0.5\n', /"time-taken".*seconds \(CloudFront/],
    ['alb', 'http 2024-01-02T03:04:05.000000Z app/lb/1 1.2.3.4:5 - 0.001 0.002 0.003 200 200 1 2 "GET / HTTP/1.1"\n', /"request_processing_time".*seconds \(AWS/],
    ['haproxy', '1.2.3.4:5 [02/Jan/2024:03:04:05.000] fe be/s1 0/0/0/1/1 200 2 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"\n', /"t_active".*milliseconds \(HAProxy/],
    ['logfmt', 'ts=2024-01-02T03:04:05Z msg=ok elapsed_s=2\n', /"elapsed_s".*seconds/],
  ];

  it.each(runs)('%s says which unit its durations were read in', (name, input, note) => {
    const f = DESCRIBED_FORMATS.find((x) => x.name === name)!;
    const r = parseWith(f, input);
    expect(r.events[0]!.duration_ms).not.toBeNull();
    expect(r.report.notes!.some((n) => note.test(n)), JSON.stringify(r.report.notes)).toBe(true);
  });

  it('a logfmt time without a zone is noted as read in UTC', () => {
    const f = DESCRIBED_FORMATS.find((x) => x.name === 'logfmt')!;
    const r = parseWith(f, 'time="2024-01-02 03:04:05" msg=ok\n');
    expect(r.events[0]!.time).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(r.report.notes).toContain('Times written without a zone are read as UTC.');
  });
});

describe('a new format is a small description', () => {
  it('reads lines by its pattern and rules, with unnamed fields in attrs', () => {
    const f = describedFormat({
      name: 'tiny',
      title: 'tiny log',
      layout: { kind: 'pattern', patterns: [/^(?<at>\S+) (?<code>\d{3}) (?<took>\d+)us (?<rest>.*)$/] },
      fields: { at: 'time', code: 'status', took: { to: 'duration', unit: 0.001 } },
      confidence: 0.9,
      notes: [],
      samples: [],
    });
    const r = parseWith(f, '2024-01-02T03:04:05Z 200 1500us hello\n');
    expect(r.events[0]).toMatchObject({ time: Date.UTC(2024, 0, 2, 3, 4, 5), kind: 'api', status: 200, duration_ms: 1.5, attrs: { rest: 'hello' } });
    expect(f.detect(detectionSample('2024-01-02T03:04:05Z 200 1500us hello\n'))).toBeCloseTo(0.9);
  });
});
