// OTLP payloads made by the OpenTelemetry JS SDK itself (spans, log records) for the format
// tests, so they speak exactly what a real exporter sends.
import { context, SpanStatusCode, trace, TraceFlags, type HrTime, type SpanKind } from '@opentelemetry/api';
import type { LogBody, LogAttributes } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { DecodedPayload, IngestRequest } from '../../electron/core/collect/ingest-types.js';
import { ingestRequest } from './ingest-request.js';

export const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
export const START: HrTime = [1_763_900_000, 5_000_000]; // 2025-11-23T12:13:20.005Z
export const START_MS = 1_763_900_000_005;
export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
export const SPAN_ID = '00f067aa0ba902b7';

export function req(contentType: string | undefined, headers: Record<string, string> = {}): IngestRequest {
  return ingestRequest('/v1/traces', { contentType, headers, now: NOW });
}
export const JSON_REQ = req('application/json');
export const PROTO_REQ = req('application/x-protobuf');

export interface SpanSpec {
  name: string;
  kind: SpanKind;
  attributes?: Record<string, string | number | boolean>;
  durationNs?: number;
  error?: boolean;
  exception?: Error;
}

export async function makeSpans(specs: SpanSpec[]): Promise<ReadableSpan[]> {
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

export interface LogSpec {
  body?: LogBody;
  severityText?: string;
  severityNumber?: number;
  attributes?: LogAttributes;
  timestamp?: number;
  traced?: boolean;
}

export async function makeLogs(specs: LogSpec[]) {
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

export const bytes = (u: Uint8Array | undefined): Buffer => {
  if (!u) throw new Error('serializer produced nothing');
  return Buffer.from(u);
};

/** The accepted events as the encodings must agree on them: raw and payload differ by design. */
export const withoutRaw = (d: DecodedPayload) => d.accepted.map(({ event: { raw: _raw, ...event }, payload: _payload, ...rest }) => ({ ...rest, event }));
