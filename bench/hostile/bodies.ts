// The request bodies issue 9 found stalling the collector, built once per run. Each is within the
// collector's byte limits, so only decoding, mapping and redaction can refuse or store it.
import { emptySpansExport } from '../../test/fixtures/otlp-protobuf.js';

export interface HostileRequest {
  name: string;
  path: string;
  contentType: string;
  body: Buffer;
}

const LONG_MESSAGE = `${'a'.repeat(31_000)}@`;

/** 15 events whose message makes a backtracking pattern work quadratically. */
function longMessages(): HostileRequest {
  const events = Array.from({ length: 15 }, (_, i) => ({ event_type: 'error', event_data: { message: LONG_MESSAGE, n: i } }));
  return { name: '15 x 31 KB messages', path: '/api/analytics/batch', contentType: 'application/json', body: Buffer.from(JSON.stringify({ events })) };
}

/** A PostHog batch of ~963 KB whose events carry long exception messages. */
function posthogBatch(): HostileRequest {
  const batch = Array.from({ length: 31 }, (_, i) => ({
    event: '$exception',
    distinct_id: `user-${i}`,
    properties: { $exception_message: LONG_MESSAGE, $current_url: 'http://localhost:8080/cart' },
    timestamp: '2026-11-23T10:15:00Z',
  }));
  const body = Buffer.from(JSON.stringify({ api_key: 'phc_bench', batch }));
  return { name: `PostHog ${Math.round(body.length / 1000)} KB`, path: '/batch/', contentType: 'application/json', body };
}

/** 240,000 items of two bytes each: 96 times the item limit in 480 KB. */
function tinyItems(): HostileRequest {
  const body = Buffer.from(`{"events":[${new Array(240_000).fill('0').join(',')}]}`);
  return { name: '240k tiny items', path: '/api/analytics/batch', contentType: 'application/json', body };
}

/** ExportTraceServiceRequest with 400,000 empty spans in one scope: 800 KB of protobuf. */
function emptySpans(): HostileRequest {
  const body = emptySpansExport(400_000);
  return { name: '400k empty spans (protobuf)', path: '/v1/traces', contentType: 'application/x-protobuf', body };
}

/** A 1 MB OTLP/JSON export of server spans, under the item limit: all of it is mapped and stored. */
function bigOtlp(): HostileRequest {
  const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
  const spans = Array.from({ length: 2_000 }, (_, i) => ({
    traceId: (i + 1).toString(16).padStart(32, '0'),
    spanId: (i + 1).toString(16).padStart(16, '0'),
    name: 'GET /api/items/:id',
    kind: 2,
    startTimeUnixNano: String(1_763_900_000_000_000_000n + BigInt(i) * 1_000_000n),
    endTimeUnixNano: String(1_763_900_000_050_000_000n + BigInt(i) * 1_000_000n),
    attributes: [attr('http.request.method', 'GET'), attr('url.path', `/api/items/${i}`), attr('http.response.status_code', '200'), attr('user_agent.original', 'bench/1.0 '.repeat(4))],
  }));
  const body = Buffer.from(JSON.stringify({ resourceSpans: [{ resource: { attributes: [attr('service.name', 'bench')] }, scopeSpans: [{ spans }] }] }));
  return { name: `OTLP/JSON ${Math.round(body.length / 1000)} KB, 2,000 spans`, path: '/v1/traces', contentType: 'application/json', body };
}

export function hostileRequests(): HostileRequest[] {
  return [longMessages(), posthogBatch(), tinyItems(), emptySpans(), bigOtlp()];
}
