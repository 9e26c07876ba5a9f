// OTLP/HTTP logs, fed with payloads made by the OpenTelemetry JS SDK and its own serializers.
import type { LogBody } from '@opentelemetry/api-logs';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { otlpLogsFormat } from '../../electron/core/collect/formats/otlp.js';
import { payloadError } from '../helpers/ingest-request.js';
import { bytes, JSON_REQ, makeLogs, NOW, PROTO_REQ, req, SPAN_ID, START_MS, TRACE_ID, withoutRaw } from '../helpers/otlp-fixtures.js';

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
