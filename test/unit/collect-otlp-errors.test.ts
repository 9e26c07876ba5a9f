// OTLP requests refused as a whole, and the answers the OTel exporters read back.
import { SpanKind } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { otlpLogsFormat, otlpTracesFormat } from '../../electron/core/collect/formats/otlp.js';
import type { IngestRequest } from '../../electron/core/collect/ingest-types.js';
import { ingestRequest, payloadError } from '../helpers/ingest-request.js';

function req(contentType: string | undefined): IngestRequest {
  return ingestRequest('/v1/traces', { contentType, now: Date.UTC(2026, 10, 23) });
}
const JSON_REQ = req('application/json');
const PROTO_REQ = req('application/x-protobuf');

async function oneSpanExport(): Promise<Buffer> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.getTracer('t').startSpan('x', { kind: SpanKind.INTERNAL }).end();
  await provider.forceFlush();
  return Buffer.from(ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!);
}

describe('OTLP whole-request errors', () => {
  it('refuses content types other than JSON and protobuf with 415, naming the accepted ones', () => {
    for (const r of [req('text/plain'), req(undefined)]) {
      const err = payloadError(() => otlpTracesFormat.decode(Buffer.from('{}'), r));
      expect(err.status).toBe(415);
      expect(err.message).toContain('application/x-protobuf');
      expect(err.message).toContain('application/json');
    }
  });

  it('refuses malformed JSON and JSON of the wrong shape with 400', () => {
    for (const text of ['{"resourceSpans": [', '', '[1,2]', 'null', '{"resourceSpans": 5}', '{"resourceSpans": [{"scopeSpans": [{"spans": {}}]}]}']) {
      const err = payloadError(() => otlpTracesFormat.decode(Buffer.from(text), JSON_REQ));
      expect(err.status).toBe(400);
    }
    const err = payloadError(() => otlpLogsFormat.decode(Buffer.from('{"resourceLogs": [{"scopeLogs": 3}]}'), JSON_REQ));
    expect(err.details).toEqual([{ path: 'resourceLogs.0.scopeLogs', message: expect.any(String) }]);
  });

  it('says where a body of another signal belongs instead of storing nothing', () => {
    const err = payloadError(() => otlpLogsFormat.decode(Buffer.from('{"resourceSpans": []}'), JSON_REQ));
    expect(err.status).toBe(400);
    expect(err.message).toBe('The body holds resourceSpans, which OTLP/HTTP sends to /v1/traces; this endpoint takes resourceLogs.');
    // An empty export is valid OTLP and simply stores nothing.
    expect(otlpLogsFormat.decode(Buffer.from('{}'), JSON_REQ)).toEqual({ accepted: [], rejected: [] });
  });

  it('refuses malformed protobuf with 400', async () => {
    const good = await oneSpanExport();
    const broken = [
      good.subarray(0, good.length - 3), // truncated inside a message
      Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), // a length far past the end
      Buffer.from([0x0b]), // wire type 3 (a group)
      Buffer.from([0x08, 0x01]), // resource_spans as a varint
      Buffer.from([0x10, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), // an 11-byte varint
      Buffer.from([0x00, 0x00]), // field number 0
    ];
    for (const body of broken) {
      const err = payloadError(() => otlpTracesFormat.decode(body, PROTO_REQ));
      expect(err.status).toBe(400);
      expect(err.message).toMatch(/^The protobuf body is malformed/);
    }
    // An empty body is a valid, empty ExportTraceServiceRequest.
    expect(otlpTracesFormat.decode(Buffer.alloc(0), PROTO_REQ)).toEqual({ accepted: [], rejected: [] });
  });
});

describe('OTLP answers', () => {
  it('answers a full success with an empty response in the request encoding', () => {
    const outcome = { ids: [{ index: 0, id: '1' }], rejected: [] };
    expect(otlpTracesFormat.answer?.(outcome, JSON_REQ)).toEqual({ status: 200, contentType: 'application/json', body: '{}' });
    const proto = otlpTracesFormat.answer?.(outcome, PROTO_REQ);
    expect(proto?.status).toBe(200);
    expect(proto?.contentType).toBe('application/x-protobuf');
    expect(ProtobufTraceSerializer.deserializeResponse(Buffer.from(proto!.body))).toEqual({});
  });

  it('reports rejected items as a partial success that the OTel exporters can read', () => {
    const outcome = {
      ids: [{ index: 1, id: '10' }],
      rejected: [
        { index: 2, reason: 'rate limited' },
        { index: 0, reason: 'startTimeUnixNano is required' },
      ],
    };
    const tracesProto = otlpTracesFormat.answer!(outcome, PROTO_REQ);
    const decoded = ProtobufTraceSerializer.deserializeResponse(Buffer.from(tracesProto.body));
    expect(Number(decoded.partialSuccess?.rejectedSpans)).toBe(2);
    expect(decoded.partialSuccess?.errorMessage).toBe('2 of 3 spans rejected: #0: startTimeUnixNano is required; #2: rate limited.');

    const logsProto = otlpLogsFormat.answer!(outcome, req('application/x-protobuf'));
    const logs = ProtobufLogsSerializer.deserializeResponse(Buffer.from(logsProto.body));
    expect(Number(logs.partialSuccess?.rejectedLogRecords)).toBe(2);
    expect(logs.partialSuccess?.errorMessage).toContain('log records rejected');

    const tracesJson = otlpTracesFormat.answer!(outcome, JSON_REQ);
    expect(tracesJson.contentType).toBe('application/json');
    expect(JsonTraceSerializer.deserializeResponse(Buffer.from(tracesJson.body))).toEqual({
      partialSuccess: { rejectedSpans: 2, errorMessage: expect.stringContaining('#0: startTimeUnixNano is required') },
    });
    const logsJson = otlpLogsFormat.answer!(outcome, JSON_REQ);
    expect(JSON.parse(logsJson.body.toString())).toMatchObject({ partialSuccess: { rejectedLogRecords: 2 } });
  });

  it('keeps the error message short when many items are rejected', () => {
    const rejected = Array.from({ length: 50 }, (_, index) => ({ index, reason: 'rate limited' }));
    const body = JSON.parse(otlpLogsFormat.answer!({ ids: [], rejected }, JSON_REQ).body.toString()) as {
      partialSuccess: { errorMessage: string };
    };
    expect(body.partialSuccess.errorMessage).toBe(
      '50 of 50 log records rejected: #0: rate limited; #1: rate limited; #2: rate limited; and 47 more.',
    );
  });
});
