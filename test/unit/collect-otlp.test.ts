// OTLP/HTTP traces, fed with payloads made by the OpenTelemetry JS SDK and its own serializers.
import { SpanKind } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { otlpLogsFormat, otlpTracesFormat } from '../../electron/core/collect/formats/otlp.js';
import { bytes, JSON_REQ, makeSpans, PROTO_REQ, SPAN_ID, START_MS, TRACE_ID, withoutRaw } from '../helpers/otlp-fixtures.js';

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
