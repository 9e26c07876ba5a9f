// The clients our users already have, unmodified but for their host, sending to a real
// collector; the events are then found with `logbridge query`, as a user would look for them.
import { Analytics } from '@segment/analytics-node';
import { PostHog } from 'posthog-node';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { LoggerProvider, SimpleLogRecordProcessor, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { OTLPTraceExporter as OTLPTraceJson } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPTraceProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPLogExporter as OTLPLogJson } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as OTLPLogProto } from '@opentelemetry/exporter-logs-otlp-proto';
import { describe, expect, it } from 'vitest';
import { main } from '../../electron/cli.js';
import type { LogEvent } from '../../shared/events.js';
import { startCollector } from '../helpers/collector.js';

/** `logbridge query --json` in-process, parsed. */
async function query(db: string, q: string): Promise<(Omit<LogEvent, 'time'> & { time: string })[]> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['query', '--db', db, '--json', '--limit', '1000', q], { out: (l) => out.push(l), err: (l) => err.push(l) });
  expect(err).toEqual([]);
  expect(code).toBe(0);
  return out.map((l) => JSON.parse(l) as Omit<LogEvent, 'time'> & { time: string });
}

describe('real clients', () => {
  it('@segment/analytics-node: track, page and identify with its writeKey as Basic auth', async () => {
    const writeKey = 'segment-write-key-0123456789';
    const { db, server } = await startCollector({ token: writeKey });
    const analytics = new Analytics({ writeKey, host: server.origin, flushAt: 3, maxRetries: 0 });
    analytics.track({ userId: 'seg-user', event: 'Order Completed', properties: { revenue: 42 } });
    analytics.page({ userId: 'seg-user', name: 'Checkout', properties: { url: 'http://localhost:3000/checkout' } });
    analytics.identify({ userId: 'seg-user', traits: { plan: 'pro' } });
    await analytics.closeAndFlush({ timeout: 10_000 });
    const events = await query(db, 'user:seg-user');
    expect(events.map((e) => e.type).sort()).toEqual(['Order Completed', 'identify', 'page_view']);
    expect(events.find((e) => e.type === 'Order Completed')!.attrs).toMatchObject({ revenue: 42 });
  });

  it('posthog-node: captures and an identify, with $session_id as the session', async () => {
    const { db, server } = await startCollector();
    const posthog = new PostHog('phc_test_project_key', { host: server.origin, flushAt: 2, flushInterval: 0, disableGeoip: true });
    posthog.capture({ distinctId: 'ph-user', event: '$pageview', properties: { $current_url: 'http://localhost:3000/cart', $session_id: 'ph-session' } });
    posthog.capture({ distinctId: 'ph-user', event: 'checkout_started', properties: { $session_id: 'ph-session', items: 3 } });
    posthog.identify({ distinctId: 'ph-user', properties: { email_domain: 'example.test' } });
    await posthog.shutdown();
    const events = await query(db, 'user:ph-user');
    expect(events.map((e) => e.type).sort()).toEqual(['checkout_started', 'identify', 'page_view']);
    expect(events.find((e) => e.type === 'page_view')).toMatchObject({ session_id: 'ph-session', page: 'http://localhost:3000/cart' });
  });

  for (const [encoding, TraceExporter, LogExporter] of [
    ['JSON', OTLPTraceJson, OTLPLogJson],
    ['protobuf', OTLPTraceProto, OTLPLogProto],
  ] as const) {
    it(`OpenTelemetry JS SDK with the OTLP/HTTP ${encoding} exporters: spans and log records`, async () => {
      const { db, server } = await startCollector();
      const spanExporter: SpanExporter = new TraceExporter({ url: `${server.origin}/v1/traces` });
      const tracing = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
      const tracer = tracing.getTracer('shop-api');
      const serverSpan = tracer.startSpan('GET /users/:id', {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': 'GET', 'url.path': '/users/42', 'http.route': '/users/:id', 'http.response.status_code': 503, 'session.id': `otel-${encoding}` },
      });
      const child = tracer.startSpan('SELECT users', { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql' } }, trace.setSpan(context.active(), serverSpan));
      child.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
      child.end();
      serverSpan.end();
      await tracing.forceFlush();
      await tracing.shutdown();

      const logExporter: LogRecordExporter = new LogExporter({ url: `${server.origin}/v1/logs` });
      const logging = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: logExporter })] });
      logging.getLogger('shop-api').emit({ severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: `payment declined ${encoding}`, attributes: { 'session.id': `otel-${encoding}`, order: 7 } });
      await logging.forceFlush();
      await logging.shutdown();

      const api = await query(db, `kind:api session:otel-${encoding}`);
      expect(api).toHaveLength(1);
      expect(api[0]).toMatchObject({ method: 'GET', route: '/users/:id', status: 503, trace_id: serverSpan.spanContext().traceId, span_id: serverSpan.spanContext().spanId });
      expect(api[0]!.duration_ms).toBeGreaterThanOrEqual(0);
      const logs = await query(db, 'kind:log');
      expect(logs.map((e) => e.message).sort()).toEqual(['SELECT users', `payment declined ${encoding}`]);
      expect(logs.find((e) => e.message === 'SELECT users')).toMatchObject({ level: 'error', trace_id: serverSpan.spanContext().traceId });
      expect(logs.find((e) => e.message?.startsWith('payment'))).toMatchObject({ level: 'error', session_id: `otel-${encoding}` });
    });
  }
});
