// OTLP/JSON files: one export request (pretty or not), or the Collector's file exporter output
// (one request per line). Spans and records must come out exactly as the collector maps them.
import { SpanKind } from '@opentelemetry/api';
import { JsonLogsSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { otlpLogsFormat, otlpTracesFormat } from '../../electron/core/collect/formats/otlp.js';
import type { NewEvent } from '../../shared/events.js';
import type { DecodedPayload } from '../../electron/core/collect/ingest-types.js';
import { detectSample } from '../../electron/core/importers/parse-driver.js';
import { otlpFileFormat } from '../../electron/core/importers/formats/otlp-file.js';
import { JSON_REQ, makeLogs, makeSpans, SPAN_ID, START_MS, TRACE_ID } from '../helpers/otlp-fixtures.js';
import { parseWith, testContext } from '../helpers/parse-format.js';

const text = (u: Uint8Array | undefined) => Buffer.from(u ?? new Uint8Array()).toString('utf8');

async function traceExport() {
  const spans = await makeSpans([
    {
      name: 'GET /users/:id',
      kind: SpanKind.SERVER,
      durationNs: 12_500_000,
      attributes: { 'http.request.method': 'GET', 'url.path': '/users/42', 'http.route': '/users/:id', 'http.response.status_code': 404, 'user_agent.original': 'curl/8.5' },
    },
    { name: 'SELECT users', kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql', 'db.statement': 'SELECT * FROM users WHERE id = $1' } },
    { name: 'render', kind: SpanKind.INTERNAL, error: true, exception: new Error('template missing') },
  ]);
  return text(JsonTraceSerializer.serializeRequest(spans));
}

async function logExport() {
  const records = await makeLogs([
    { severityText: 'ERROR', body: 'payment declined: card ending 4242', timestamp: START_MS, traced: true, attributes: { 'order.id': 'o-1' } },
    { severityNumber: 9, body: { step: 'retry', attempt: 2 }, timestamp: START_MS + 5 },
  ]);
  return text(JsonLogsSerializer.serializeRequest(records));
}

/** What the collector makes of the same body, after the pipeline's redaction, as a file import shows it. */
function collectorEvents(d: DecodedPayload, lines: number[]) {
  const ctx = testContext();
  return d.accepted.map((a, i) => ctx.redact({ ...a.event, line: lines[i], ...(a.dedupKey ? { dedup_key: a.dedupKey } : {}) }, a.payload));
}

const strip = ({ at: _at, ...e }: NewEvent & { at: unknown }): NewEvent => e;

describe('OTLP file: one export request', () => {
  it('maps spans exactly as the collector does: an HTTP server span is an api event, others are log events', async () => {
    const body = await traceExport();
    const pretty = JSON.stringify(JSON.parse(body), null, 2);
    const out = parseWith(otlpFileFormat, pretty);
    expect(out.bad).toEqual([]);
    expect(out.events.map(strip)).toEqual(collectorEvents(otlpTracesFormat.decode(Buffer.from(body), JSON_REQ), out.events.map((e) => e.at.line)));
    expect(out.events.map((e) => [e.kind, e.message ?? e.method])).toEqual([['api', 'GET'], ['log', 'SELECT users'], ['log', 'render']]);
    expect(out.events[0]).toMatchObject({ status: 404, route: '/users/:id', trace_id: expect.stringMatching(/^[0-9a-f]{32}$/), duration_ms: 12.5 });
    expect(out.events[2]).toMatchObject({ level: 'error', attrs: { 'exception.message': 'template missing' } });
    expect(out.events[0]!.dedup_key).toMatch(/^otlp-span:[0-9a-f]{32}:[0-9a-f]{16}$/);
    // Each span points at its own bytes, on its own line.
    const file = Buffer.from(pretty);
    for (const e of out.events) {
      const span = JSON.parse(file.subarray(e.at.offset, e.at.offset + e.at.length).toString('utf8')) as { spanId: string };
      expect(e.span_id).toBe(span.spanId);
      expect(pretty.slice(0, e.at.offset).split('\n').length).toBe(e.at.line);
    }
    expect(new Set(out.events.map((e) => e.at.line)).size).toBe(3);
  });

  it('maps log records exactly as the collector does', async () => {
    const body = await logExport();
    const out = parseWith(otlpFileFormat, body);
    expect(out.bad).toEqual([]);
    expect(out.events.map(strip)).toEqual(collectorEvents(otlpLogsFormat.decode(Buffer.from(body), JSON_REQ), [1, 1]));
    expect(out.events[0]).toMatchObject({ kind: 'log', level: 'error', time: START_MS, trace_id: TRACE_ID, span_id: SPAN_ID });
    expect(out.events[1]).toMatchObject({ level: 'info', message: '{"step":"retry","attempt":2}' });
  });

  it('gives each span the resource and scope of its own group', () => {
    const span = (name: string) => ({ name, kind: 1, startTimeUnixNano: '1763900000005000000' });
    const service = (name: string) => ({ attributes: [{ key: 'service.name', value: { stringValue: name } }] });
    const doc = {
      resourceSpans: [
        { resource: service('svc-1'), scopeSpans: [{ scope: { name: 'lib-a' }, spans: [span('a1'), span('a2')] }, { spans: [span('a3')] }] },
        { scopeSpans: [{ spans: [span('b1')] }] },
        { resource: service('svc-3'), scopeSpans: [{ scope: { name: 'lib-c' }, spans: [span('c1')] }] },
      ],
    };
    const out = parseWith(otlpFileFormat, JSON.stringify(doc, null, 2));
    expect(out.events.map((e) => [e.message, e.attrs?.['resource.service.name'], e.attrs?.['scope']])).toEqual([
      ['a1', 'svc-1', 'lib-a'], ['a2', 'svc-1', 'lib-a'], ['a3', 'svc-1', undefined], ['b1', undefined, undefined], ['c1', 'svc-3', 'lib-c'],
    ]);
    expect(out.report).toEqual({});
  });

  it('still imports spans written before their resource, without it, and says so', () => {
    const doc = { resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'early', startTimeUnixNano: '1' }] }], resource: { attributes: [{ key: 'service.name', value: { stringValue: 'late' } }] } }] };
    const out = parseWith(otlpFileFormat, JSON.stringify(doc));
    expect(out.events.map((e) => [e.message, e.attrs?.['resource.service.name']])).toEqual([['early', undefined]]);
    expect(out.report.notes).toEqual(['1 resource or scope blocks came after their spans or records, which were imported without them']);
  });
});

describe('OTLP file: the Collector file exporter (one request per line)', () => {
  it('reads traces and logs lines, in order, each pointing at its line', async () => {
    const input = `${await traceExport()}\n${await logExport()}\n${await traceExport()}\n`;
    const out = parseWith(otlpFileFormat, input);
    expect(out.bad).toEqual([]);
    expect(out.events.map((e) => e.line)).toEqual([1, 1, 1, 2, 2, 3, 3, 3]);
    expect(out.events.map((e) => e.kind)).toEqual(['api', 'log', 'log', 'log', 'log', 'api', 'log', 'log']);
  });

  it('reads concatenated documents with nothing between them', async () => {
    const out = parseWith(otlpFileFormat, `${await logExport()}${await logExport()}`);
    expect(out.events).toHaveLength(4);
  });

  it('reports a broken line and goes on at the next one; a cut last line is reported as cut', async () => {
    const logs = await logExport();
    const input = `${logs}\n${logs.slice(0, 120)}\n${logs}\n${logs.slice(0, 200)}`;
    const out = parseWith(otlpFileFormat, input);
    expect(out.events.map((e) => e.line)).toEqual([1, 1, 3, 3]);
    expect(out.bad.map((b) => b.at.line)).toEqual([2, 4]);
    expect(out.bad[1]!.reason).toMatch(/cut short/);
  });
});

describe('OTLP file: what cannot be imported', () => {
  it('reports a bad span with its path and keeps the others', () => {
    const ok = { name: 'ok', startTimeUnixNano: '1763900000005000000' };
    const doc = { resourceSpans: [{ scopeSpans: [{ spans: [ok, { name: 'bad id', traceId: 'xyz', startTimeUnixNano: '1' }, 'nope', ok] }] }] };
    const out = parseWith(otlpFileFormat, JSON.stringify(doc));
    expect(out.events.map((e) => e.message)).toEqual(['ok', 'ok']);
    expect(out.bad.map((b) => b.reason)).toEqual([
      'resourceSpans[0].scopeSpans[0].spans[1]: traceId must be 32 hex digits (16 bytes)',
      'resourceSpans[0].scopeSpans[0].spans[2]: a span must be an object',
    ]);
    expect(out.bad[0]!.text).toBe('{"name":"bad id","traceId":"xyz","startTimeUnixNano":"1"}');
  });

  it('rejects the items under a bad resource or scope with its reason, as the collector does', () => {
    const spans = [{ name: 'a', startTimeUnixNano: '1' }, { name: 'b', startTimeUnixNano: '1' }];
    const doc = {
      resourceSpans: [
        { resource: { attributes: 'oops' }, scopeSpans: [{ spans }] },
        { scopeSpans: [{ scope: { name: 7 }, spans: spans.slice(0, 1) }, { spans: spans.slice(1) }] },
      ],
    };
    const out = parseWith(otlpFileFormat, JSON.stringify(doc));
    expect(out.events.map((e) => e.message)).toEqual(['b']);
    expect(out.bad.map((b) => b.reason)).toEqual([
      'resourceSpans[0].scopeSpans[0].spans[0]: resource: resource.attributes must be an array',
      'resourceSpans[0].scopeSpans[0].spans[1]: resource: resource.attributes must be an array',
      'resourceSpans[1].scopeSpans[0].spans[0]: scope: scope.name must be a string',
    ]);
  });

  it('refuses a log record without any time rather than dating it by the import', () => {
    const doc = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'when?' } }, { observedTimeUnixNano: '1763900000005000000', body: { stringValue: 'seen' } }] }] }] };
    const out = parseWith(otlpFileFormat, JSON.stringify(doc));
    expect(out.events.map((e) => [e.message, e.time])).toEqual([['seen', START_MS]]);
    expect(out.bad.map((b) => b.reason)).toEqual(['resourceLogs[0].scopeLogs[0].logRecords[0]: the log record has neither timeUnixNano nor observedTimeUnixNano']);
  });

  it('refuses a span nested deeper than the collector allows', () => {
    let value: unknown = { stringValue: 'leaf' };
    for (let i = 0; i < 40; i++) value = { kvlistValue: { values: [{ key: `k${i}`, value }] } };
    const doc = { resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'deep', startTimeUnixNano: '1', attributes: [{ key: 'x', value }] }] }] }] };
    expect(parseWith(otlpFileFormat, JSON.stringify(doc)).bad.map((b) => b.reason)).toEqual([
      'resourceSpans[0].scopeSpans[0].spans[0]: the span nests more than 136 levels deep',
    ]);
  });

  it('names metrics and other JSON as not imported, and lets an empty export pass', () => {
    const input = ['{"resourceMetrics": []}', '{}', '{"hello": "world"}', '[1, 2]', '{"resourceLogs": []}'].join('\n');
    expect(parseWith(otlpFileFormat, input).bad.map((b) => [b.reason, b.at.line])).toEqual([
      ['resourceMetrics are not imported: only traces (resourceSpans) and logs (resourceLogs) are', 1],
      ['not an OTLP export: expected resourceSpans or resourceLogs, found "hello"', 3],
      ['not an OTLP export: expected a JSON object with resourceSpans or resourceLogs', 4],
    ]);
  });

  it('is detected from the envelope key at the start, and not from HAR or other JSON', async () => {
    const score = (t: string) => otlpFileFormat.detect(detectSample(Buffer.from(t)));
    expect(score(JSON.stringify(JSON.parse(await traceExport()), null, 2))).toBe(0.95);
    expect(score(`${await logExport()}\n${await logExport()}\n`)).toBe(0.95);
    expect(score('{"resourceMetrics": [{}]}')).toBe(0.6);
    expect(score('{"log": {"version": "1.2", "entries": []}}')).toBe(0);
    expect(score('{"level": "info", "msg": "resourceSpans"}')).toBe(0);
  });
});
