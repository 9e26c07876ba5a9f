// OTLP/HTTP traces and logs, fed with payloads made by the OpenTelemetry JS SDK and its own
// serializers, so the test speaks exactly what a real exporter sends.
import { context, SpanKind, SpanStatusCode, trace, TraceFlags, type HrTime } from '@opentelemetry/api';
import type { LogBody, LogAttributes } from '@opentelemetry/api-logs';
import {
  JsonLogsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { otlpLogsFormat, otlpTracesFormat } from '../../electron/core/collect/formats/otlp.js';
import type { DecodedPayload, IngestRequest } from '../../electron/core/collect/ingest-types.js';
import { ingestRequest, payloadError } from '../helpers/ingest-request.js';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const START: HrTime = [1_763_900_000, 5_000_000]; // 2025-11-23T12:13:20.005Z
const START_MS = 1_763_900_000_005;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

function req(contentType: string | undefined, headers: Record<string, string> = {}): IngestRequest {
  return ingestRequest('/v1/traces', { contentType, headers, now: NOW });
}
const JSON_REQ = req('application/json');
const PROTO_REQ = req('application/x-protobuf');

interface SpanSpec {
  name: string;
  kind: SpanKind;
  attributes?: Record<string, string | number | boolean>;
  durationNs?: number;
  error?: boolean;
  exception?: Error;
}

async function makeSpans(specs: SpanSpec[]): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'shop-api', 'session.id': 'resource-session' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('shop.http', '2.1.0');
  for (const s of specs) {
    const span = tracer.startSpan(s.name, { kind: s.kind, attributes: s.attributes ?? {}, startTime: START });
    if (s.error) span.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
    if (s.exception) span.recordException(s.exception, START);
    span.end([START[0], START[1] + (s.durationNs ?? 1_000_000)]);
  }
  await provider.forceFlush(); // the processor hands spans over asynchronously
  return exporter.getFinishedSpans();
}

interface LogSpec {
  body?: LogBody;
  severityText?: string;
  severityNumber?: number;
  attributes?: LogAttributes;
  timestamp?: number;
  traced?: boolean;
}

async function makeLogs(specs: LogSpec[]) {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'shop-web' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('shop.logger');
  const traced = trace.setSpanContext(context.active(), { traceId: TRACE_ID.toUpperCase(), spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });
  for (const { traced: withTrace, ...record } of specs) logger.emit({ ...record, ...(withTrace ? { context: traced } : {}) });
  await provider.forceFlush();
  return exporter.getFinishedLogRecords();
}

const bytes = (u: Uint8Array | undefined): Buffer => {
  if (!u) throw new Error('serializer produced nothing');
  return Buffer.from(u);
};

const withoutRaw = (d: DecodedPayload) => d.accepted.map(({ event: { raw: _raw, ...event }, ...rest }) => ({ ...rest, event }));

describe('OTLP traces', () => {
  it('declares its path and the large body limit', () => {
    expect(otlpTracesFormat.paths).toEqual(['/v1/traces']);
    expect(otlpLogsFormat.paths).toEqual(['/v1/logs']);
    expect(otlpTracesFormat.bodyLimit).toBe(1024 * 1024);
    expect(otlpLogsFormat.bodyLimit).toBe(1024 * 1024);
  });

  it('turns an HTTP server span into an api event (current semantic conventions)', async () => {
    const spans = await makeSpans([
      {
        name: 'GET /users/:id',
        kind: SpanKind.SERVER,
        durationNs: 12_500_000,
        attributes: {
          'http.request.method': 'GET',
          'url.path': '/users/42',
          'url.query': 'tab=orders',
          'http.route': '/users/:id',
          'http.response.status_code': 404,
          'user_agent.original': 'curl/8.5',
          'http.response.body.size': 321,
          'user.id': 'u-7',
          'server.address': 'shop.local',
        },
      },
    ]);
    const out = otlpTracesFormat.decode(bytes(JsonTraceSerializer.serializeRequest(spans)), JSON_REQ);
    expect(out.rejected).toEqual([]);
    expect(out.accepted).toHaveLength(1);
    const { index, event, dedupKey } = out.accepted[0]!;
    const span = spans[0]!.spanContext();
    expect(index).toBe(0);
    expect(event).toMatchObject({
      kind: 'api',
      time: START_MS,
      method: 'GET',
      url: '/users/42?tab=orders',
      route: '/users/:id',
      status: 404,
      duration_ms: 12.5,
      resp_bytes: 321,
      user_agent: 'curl/8.5',
      trace_id: span.traceId,
      span_id: span.spanId,
      user_id: 'u-7',
      session_id: 'resource-session',
    });
    expect(event.trace_id).toMatch(/^[\da-f]{32}$/);
    expect(event.span_id).toMatch(/^[\da-f]{16}$/);
    expect(dedupKey).toBe(`otlp-span:${span.traceId}:${span.spanId}`);
    expect(event.attrs).toEqual({
      'resource.service.name': 'shop-api',
      scope: 'shop.http',
      'scope.version': '2.1.0',
      'server.address': 'shop.local',
      'span.kind': 'server',
      'span.name': 'GET /users/:id',
    });
    expect(JSON.parse(event.raw)).toMatchObject({ name: 'GET /users/:id', traceId: span.traceId, kind: 2 });
  });

  it('reads the older HTTP conventions and templates the route itself when http.route is missing', async () => {
    const spans = await makeSpans([
      {
        name: 'POST',
        kind: SpanKind.SERVER,
        attributes: { 'http.method': 'POST', 'http.target': '/orders/9f8e7d6c5b4a39281706f5e4d3c2b1a0/items?x=1', 'http.status_code': 201 },
      },
    ]);
    const [a] = otlpTracesFormat.decode(bytes(ProtobufTraceSerializer.serializeRequest(spans)), PROTO_REQ).accepted;
    expect(a?.event).toMatchObject({
      kind: 'api',
      method: 'POST',
      url: '/orders/9f8e7d6c5b4a39281706f5e4d3c2b1a0/items?x=1',
      route: '/orders/:id/items',
      status: 201,
      duration_ms: 1,
    });
    expect(a?.event.attrs).not.toHaveProperty('http.method');
  });

  it('turns client, internal and non-HTTP server spans into log events, with the level from the status', async () => {
    const spans = await makeSpans([
      { name: 'GET', kind: SpanKind.CLIENT, attributes: { 'http.request.method': 'GET', 'url.full': 'https://pay.example/v1/charge' } },
      { name: 'render cart', kind: SpanKind.INTERNAL, durationNs: 2_250_000 },
      { name: 'grpc Charge', kind: SpanKind.SERVER, error: true, exception: new TypeError('card declined') },
    ]);
    const out = otlpTracesFormat.decode(bytes(JsonTraceSerializer.serializeRequest(spans)), JSON_REQ);
    expect(out.accepted.map((a) => a.index)).toEqual([0, 1, 2]);
    const [client, internal, failed] = out.accepted.map((a) => a.event);
    expect(client).toMatchObject({ kind: 'log', level: 'info', message: 'GET', duration_ms: 1 });
    expect(client?.method ?? null).toBeNull();
    // Not an API call of ours, so the HTTP attributes stay searchable in attrs.
    expect(client?.attrs).toMatchObject({ 'http.request.method': 'GET', 'url.full': 'https://pay.example/v1/charge', 'span.kind': 'client' });
    expect(internal).toMatchObject({ kind: 'log', level: 'info', message: 'render cart', duration_ms: 2.25, time: START_MS });
    expect(failed).toMatchObject({ kind: 'log', level: 'error', message: 'grpc Charge' });
    expect(failed?.attrs).toMatchObject({
      'span.status': 'error',
      'span.status_message': 'boom',
      'exception.type': 'TypeError',
      'exception.message': 'card declined',
    });
  });

  it('gives the same events from the JSON and the protobuf encoding of the same spans', async () => {
    const spans = await makeSpans([
      { name: 'GET /a/:id', kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET', 'url.path': '/a/1', 'http.response.status_code': 200, ratio: 0.25, ok: true, big: 2 ** 40 } },
      { name: 'db query', kind: SpanKind.CLIENT, error: true },
    ]);
    const fromJson = otlpTracesFormat.decode(bytes(JsonTraceSerializer.serializeRequest(spans)), JSON_REQ);
    const fromProto = otlpTracesFormat.decode(bytes(ProtobufTraceSerializer.serializeRequest(spans)), PROTO_REQ);
    expect(fromJson.accepted).toHaveLength(2);
    expect(withoutRaw(fromProto)).toEqual(withoutRaw(fromJson));
    expect(fromProto.accepted[0]?.event.attrs).toMatchObject({ ratio: 0.25, ok: true, big: 2 ** 40 });
    // A protobuf span's raw is its OTLP/JSON form: hex ids, 64-bit times as strings.
    const raw = JSON.parse(fromProto.accepted[0]!.event.raw) as Record<string, unknown>;
    expect(raw).toMatchObject({
      traceId: spans[0]!.spanContext().traceId,
      spanId: spans[0]!.spanContext().spanId,
      name: 'GET /a/:id',
      kind: 2,
      startTimeUnixNano: '1763900000005000000',
    });
  });

  it('rejects a span with a bad start time and keeps the others, indexed across the whole request', () => {
    const span = (name: string, start: unknown) => ({ traceId: TRACE_ID, spanId: SPAN_ID, name, kind: 1, startTimeUnixNano: start, endTimeUnixNano: '1763900000105000000' });
    const body = {
      resourceSpans: [
        { resource: { attributes: [] }, scopeSpans: [{ scope: { name: 'a' }, spans: [span('first', '1763900000005000000')] }] },
        {
          scopeSpans: [
            { spans: [span('bad', 'yesterday'), span('third', 1763900000005000000)] },
            { spans: [span('missing', null), { ...span('backwards', '1763900000205000000') }] },
          ],
        },
      ],
    };
    const out = otlpTracesFormat.decode(Buffer.from(JSON.stringify(body)), JSON_REQ);
    expect(out.accepted.map((a) => [a.index, a.event.message])).toEqual([
      [0, 'first'],
      [2, 'third'],
    ]);
    expect(out.rejected).toEqual([
      { index: 1, reason: expect.stringContaining('startTimeUnixNano') },
      { index: 3, reason: 'startTimeUnixNano is required' },
      { index: 4, reason: 'endTimeUnixNano is before startTimeUnixNano' },
    ]);
    // A JSON number cannot hold nanoseconds since 1970 exactly; a string can.
    expect(out.accepted[1]?.event.duration_ms).toBeCloseTo(100, 3);
  });

  it('rejects items with bad ids or attributes, and every item under a broken resource', () => {
    const good = { traceId: TRACE_ID, spanId: SPAN_ID, name: 'ok', startTimeUnixNano: '1763900000005000000' };
    const body = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                { ...good, traceId: 'xyz' },
                { ...good, attributes: [{ key: 7, value: { stringValue: 'x' } }] },
                { ...good, attributes: [{ key: 'n', value: { intValue: 'many' } }] },
                'not a span',
                { ...good, traceId: '00000000000000000000000000000000', spanId: '' },
              ],
            },
          ],
        },
        { resource: { attributes: 'oops' }, scopeSpans: [{ spans: [good, good] }] },
      ],
    };
    const out = otlpTracesFormat.decode(Buffer.from(JSON.stringify(body)), JSON_REQ);
    expect(out.rejected.map((r) => r.index)).toEqual([0, 1, 2, 3, 5, 6]);
    expect(out.rejected[0]?.reason).toBe('traceId must be 32 hex digits (16 bytes)');
    expect(out.rejected[1]?.reason).toBe('attributes[0].key must be a string');
    expect(out.rejected[2]?.reason).toBe('attributes[0].value.intValue must be a 64-bit integer');
    expect(out.rejected[4]?.reason).toBe('resource.attributes must be an array');
    // All-zero and empty ids mean "no id" in OTLP.
    expect(out.accepted).toHaveLength(1);
    expect(out.accepted[0]).toMatchObject({ index: 4, event: { trace_id: null, span_id: null } });
    expect(out.accepted[0]).not.toHaveProperty('dedupKey');
  });

  it('keeps attribute values as plain JSON, with awkward keys as data', () => {
    const body = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  name: 'x',
                  startTimeUnixNano: '1763900000005000000',
                  attributes: [
                    { key: '__proto__', value: { stringValue: 'polluted?' } },
                    { key: 'huge', value: { intValue: '9223372036854775807' } },
                    { key: 'list', value: { arrayValue: { values: [{ intValue: 1 }, { stringValue: 'two' }, {}] } } },
                    { key: 'map', value: { kvlistValue: { values: [{ key: 'a', value: { boolValue: false } }] } } },
                    { key: 'nan', value: { doubleValue: 'NaN' } },
                    { key: 'bin', value: { bytesValue: 'AQID' } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const [a] = otlpTracesFormat.decode(Buffer.from(JSON.stringify(body)), JSON_REQ).accepted;
    const attrs = a?.event.attrs ?? {};
    expect(Object.getPrototypeOf(attrs)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(attrs, '__proto__')?.value).toBe('polluted?');
    expect(attrs['huge']).toBe('9223372036854775807');
    expect(attrs['list']).toEqual([1, 'two', null]);
    expect(attrs['map']).toEqual({ a: false });
    expect(attrs['nan']).toBe('NaN');
    expect(attrs['bin']).toBe('AQID');
  });
});

describe('OTLP logs', () => {
  it('maps log records to log events with level, message, ids and time', async () => {
    const records = await makeLogs([
      { severityText: 'WARNING', severityNumber: 13, body: 'disk almost full', timestamp: START_MS, traced: true, attributes: { 'session.id': 's-1', 'enduser.id': 'alice', disk: '/var' } },
      { severityNumber: 21, body: { order: 42, items: ['a', 'b'] }, timestamp: START_MS + 1 },
      { severityText: 'Information', body: 'hello', timestamp: START_MS + 2 },
      { severityText: 'AUDIT', body: 'custom level', timestamp: START_MS + 3 },
      { severityNumber: 6, body: 'debugging', timestamp: START_MS + 4 },
    ]);
    const out = otlpLogsFormat.decode(bytes(JsonLogsSerializer.serializeRequest(records)), req('application/json; charset=utf-8', { 'x-session-id': 'header-session' }));
    expect(out.rejected).toEqual([]);
    const events = out.accepted.map((a) => a.event);
    expect(events[0]).toMatchObject({
      kind: 'log',
      time: START_MS,
      level: 'warn',
      message: 'disk almost full',
      trace_id: TRACE_ID,
      span_id: SPAN_ID,
      session_id: 's-1',
      user_id: 'alice',
      attrs: { disk: '/var', scope: 'shop.logger', 'resource.service.name': 'shop-web', 'log.severity_number': 13 },
    });
    expect(events[0]?.attrs).not.toHaveProperty('session.id');
    expect(events[1]).toMatchObject({ level: 'fatal', message: '{"order":42,"items":["a","b"]}', session_id: 'header-session', trace_id: null });
    expect(events[2]).toMatchObject({ level: 'info', message: 'hello' });
    expect(events[3]).toMatchObject({ level: 'audit' });
    expect(events[4]).toMatchObject({ level: 'debug', time: START_MS + 4 });
    expect(out.accepted.map((a) => a.dedupKey)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('gives the same events from the JSON and the protobuf encoding of the same records', async () => {
    const records = await makeLogs([
      { severityText: 'ERROR', body: 'payment declined', timestamp: START_MS, traced: true, attributes: { amount: 12.5, retries: 3, tags: ['a', 'b'] } },
      { severityNumber: 9, body: { nested: { deeper: [1, { x: null }] } }, timestamp: START_MS },
    ]);
    const fromJson = otlpLogsFormat.decode(bytes(JsonLogsSerializer.serializeRequest(records)), JSON_REQ);
    const fromProto = otlpLogsFormat.decode(bytes(ProtobufLogsSerializer.serializeRequest(records)), PROTO_REQ);
    expect(fromJson.accepted).toHaveLength(2);
    expect(withoutRaw(fromProto)).toEqual(withoutRaw(fromJson));
    expect(fromProto.accepted[0]?.event).toMatchObject({ trace_id: TRACE_ID, span_id: SPAN_ID, level: 'error' });
    expect(JSON.parse(fromProto.accepted[0]!.event.raw)).toMatchObject({ severityText: 'ERROR', body: { stringValue: 'payment declined' }, traceId: TRACE_ID });
  });

  it('falls back to the observed time, then to the receive time', () => {
    const body = {
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                { observedTimeUnixNano: '1763900000005000000', body: { stringValue: 'observed' } },
                { timeUnixNano: '0', body: { stringValue: 'unknown time' }, severityNumber: 'SEVERITY_NUMBER_ERROR' },
                { eventName: 'browser.page_view' },
              ],
            },
          ],
        },
      ],
    };
    const events = otlpLogsFormat.decode(Buffer.from(JSON.stringify(body)), req('application/json')).accepted.map((a) => a.event);
    expect(events.map((e) => e.time)).toEqual([START_MS, NOW, NOW]);
    expect(events[1]?.level).toBe('error');
    expect(events[2]).toMatchObject({ message: 'browser.page_view', level: null, attrs: { 'log.event_name': 'browser.page_view' } });
  });

  it('refuses a deeply nested body: the record in JSON, the request in protobuf', async () => {
    const nest = (levels: number): LogBody => {
      let body: LogBody = 'bottom';
      for (let i = 0; i < levels; i++) body = { next: body };
      return body;
    };
    // 29 maps around a string: 30 AnyValue levels, the most we keep.
    const deepest = await makeLogs([{ body: nest(29), timestamp: START_MS }]);
    expect(otlpLogsFormat.decode(bytes(ProtobufLogsSerializer.serializeRequest(deepest)), PROTO_REQ).accepted).toHaveLength(1);
    expect(otlpLogsFormat.decode(bytes(JsonLogsSerializer.serializeRequest(deepest)), JSON_REQ).accepted).toHaveLength(1);

    const records = await makeLogs([{ body: nest(30), timestamp: START_MS }, { body: 'fine', timestamp: START_MS }]);
    const fromJson = otlpLogsFormat.decode(bytes(JsonLogsSerializer.serializeRequest(records)), JSON_REQ);
    expect(fromJson.rejected).toEqual([{ index: 0, reason: expect.stringContaining('nested more than 30 levels deep') }]);
    expect(fromJson.accepted.map((a) => a.event.message)).toEqual(['fine']);
    const err = payloadError(() => otlpLogsFormat.decode(bytes(ProtobufLogsSerializer.serializeRequest(records)), PROTO_REQ));
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/nested more than 30 levels deep/);
  });

  it('rejects a record whose unread fields nest absurdly deep, without exhausting the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const text = `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"x"},"extra":${deep}},{"body":{"stringValue":"ok"}}]}]}]}`;
    const out = otlpLogsFormat.decode(Buffer.from(text), JSON_REQ);
    expect(out.rejected).toEqual([{ index: 0, reason: expect.stringMatching(/^the log record nests more than \d+ levels deep$/) }]);
    expect(out.accepted.map((a) => a.event.message)).toEqual(['ok']);
  });
});
