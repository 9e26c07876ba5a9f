// OTLP/JSON samples that double as tests (test/unit/format-samples.test.ts): an export request
// as an SDK's JSON exporter writes it, and the OpenTelemetry Collector's file exporter output.
import type { FormatSample } from '../format-types.js';

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const START_NS = '1741079702512000000'; // 2025-03-04T09:15:02.512Z
const END_NS = '1741079702537500000'; // 25.5 ms later

const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'shop-api' } }] };
const scope = { name: 'shop.http', version: '2.1.0' };

const traces = {
  resourceSpans: [
    {
      resource,
      scopeSpans: [
        {
          scope,
          spans: [
            {
              traceId: TRACE_ID,
              spanId: 'eee19b7ec3c1b174',
              name: 'GET /api/orders/:id',
              kind: 2,
              startTimeUnixNano: START_NS,
              endTimeUnixNano: END_NS,
              attributes: [
                { key: 'http.request.method', value: { stringValue: 'GET' } },
                { key: 'url.path', value: { stringValue: '/api/orders/1042' } },
                { key: 'http.route', value: { stringValue: '/api/orders/:id' } },
                { key: 'http.response.status_code', value: { intValue: '503' } },
              ],
              status: { code: 2, message: 'upstream timeout' },
            },
            {
              traceId: TRACE_ID,
              spanId: 'eee19b7ec3c1b175',
              parentSpanId: 'eee19b7ec3c1b174',
              name: 'SELECT orders',
              kind: 3,
              startTimeUnixNano: START_NS,
              endTimeUnixNano: END_NS,
              attributes: [{ key: 'db.system', value: { stringValue: 'postgresql' } }],
            },
          ],
        },
      ],
    },
  ],
};

const logLine = (body: string, severityText: string, timeUnixNano: string) =>
  JSON.stringify({
    resourceLogs: [
      {
        resource,
        scopeLogs: [{ scope, logRecords: [{ timeUnixNano, severityNumber: 17, severityText, body: { stringValue: body }, traceId: TRACE_ID }] }],
      },
    ],
  });

export const OTLP_FILE_SAMPLES: readonly FormatSample[] = [
  {
    title: 'A pretty-printed ExportTraceServiceRequest: an HTTP server span is an API call, a client span a log line',
    input: JSON.stringify(traces, null, 2),
    events: [
      {
        kind: 'api',
        time: Date.UTC(2025, 2, 4, 9, 15, 2, 512),
        method: 'GET',
        url: '/api/orders/1042',
        route: '/api/orders/:id',
        status: 503,
        duration_ms: 25.5,
        trace_id: TRACE_ID,
        span_id: 'eee19b7ec3c1b174',
      },
      { kind: 'log', level: 'info', message: 'SELECT orders', trace_id: TRACE_ID, span_id: 'eee19b7ec3c1b175' },
    ],
  },
  {
    title: "The OpenTelemetry Collector's file exporter: one ExportLogsServiceRequest per line",
    input: `${logLine('payment declined', 'ERROR', '1741079702600000000')}\n${logLine('retrying payment', 'WARN', '1741079703600000000')}\n`,
    events: [
      { kind: 'log', level: 'error', message: 'payment declined', time: Date.UTC(2025, 2, 4, 9, 15, 2, 600), trace_id: TRACE_ID, line: 1 },
      { kind: 'log', level: 'warn', message: 'retrying payment', time: Date.UTC(2025, 2, 4, 9, 15, 3, 600), line: 2 },
    ],
  },
  {
    title: 'A span without a start time is reported; metrics are named as not imported',
    input: [
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'no start', traceId: TRACE_ID, spanId: 'eee19b7ec3c1b176' }] }] }] }),
      JSON.stringify({ resourceMetrics: [{ scopeMetrics: [] }] }),
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'ok', kind: 1, startTimeUnixNano: START_NS }] }] }] }),
    ].join('\n'),
    events: [{ kind: 'log', message: 'ok', line: 3 }],
    bad: [/startTimeUnixNano is required/, /resourceMetrics are not imported/],
  },
];
