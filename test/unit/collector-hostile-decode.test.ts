// Issue 9: the item limit is enforced while a body is decoded. Each decoder is given ten times
// the limit and must refuse it having looked at no item (JSON, whose array length is known once
// parsed) or at one item past the limit (protobuf, read span by span). Counted, never timed.
import zlib from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiLogRecordSchema, CollectEventSchema } from '../../shared/events.js';
import { INLINE_BUDGET, OffThread } from '../../electron/core/collect/batch-size.js';
import { apiLogFormat } from '../../electron/core/collect/formats/api-log.js';
import { otlpTracesFormat } from '../../electron/core/collect/formats/otlp.js';
import { EXPORT_TRACE_REQUEST, SPAN } from '../../electron/core/collect/formats/otlp-proto-schema.js';
import { decodeMessage } from '../../electron/core/collect/formats/otlp-protobuf.js';
import { posthogFormat } from '../../electron/core/collect/formats/posthog.js';
import { PosthogEventSchema } from '../../electron/core/mapping/posthog-map.js';
import { seedBatchFormat } from '../../electron/core/collect/formats/seed.js';
import { tooDeep } from '../../electron/core/mapping/json-issues.js';
import { MAX_BATCH_EVENTS } from '../../electron/core/collect/limits.js';
import { emptySpansExport } from '../fixtures/otlp-protobuf.js';
import { ingestRequest, payloadError } from '../helpers/ingest-request.js';

const TEN_TIMES = 10 * MAX_BATCH_EVENTS;
const now = 1_763_900_000_000;

afterEach(() => vi.restoreAllMocks());

describe('the item limit, enforced while decoding', () => {
  it('the protobuf reader stops at the first span past what its counter allows', () => {
    let seen = 0;
    const stop = new Error('stop');
    expect(() =>
      decodeMessage(emptySpansExport(TEN_TIMES), EXPORT_TRACE_REQUEST, {
        spec: SPAN,
        seen: () => {
          if (++seen > MAX_BATCH_EVENTS) throw stop;
        },
      }),
    ).toThrow(stop);
    expect(seen).toBe(MAX_BATCH_EVENTS + 1);
  });

  it('OTLP protobuf: 25,000 empty spans are a 413 from the decoder itself', () => {
    const req = ingestRequest('/v1/traces', { now, contentType: 'application/x-protobuf' });
    const err = payloadError(() => otlpTracesFormat.decode(emptySpansExport(TEN_TIMES), req));
    expect(err.status).toBe(413);
    expect(err.message).toBe(`The batch holds more than ${MAX_BATCH_EVENTS} events; the limit is ${MAX_BATCH_EVENTS} per request.`);
  });

  it('OTLP/JSON: 25,000 spans are refused before any span is mapped', () => {
    const body = Buffer.from(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: new Array(TEN_TIMES).fill({}) }] }] }));
    const req = ingestRequest('/v1/traces', { now, contentType: 'application/json' });
    // Each mapped span has its raw JSON written: none may be.
    const stringify = vi.spyOn(JSON, 'stringify');
    const err = payloadError(() => otlpTracesFormat.decode(body, req));
    expect(err.status).toBe(413);
    expect(err.message).toBe(`The batch holds ${TEN_TIMES} events; the limit is ${MAX_BATCH_EVENTS} per request.`);
    expect(stringify).not.toHaveBeenCalled();
  });

  it('/api/analytics/batch: 25,000 tiny items are refused without validating one', () => {
    const safeParse = vi.spyOn(CollectEventSchema, 'safeParse');
    const body = Buffer.from(`{"events":[${new Array(TEN_TIMES).fill('0').join(',')}]}`);
    const err = payloadError(() => seedBatchFormat.decode(body, ingestRequest('/api/analytics/batch', { now })));
    expect(err.status).toBe(413);
    expect(err.message).toBe(`The batch holds ${TEN_TIMES} events; the limit is ${MAX_BATCH_EVENTS} per request.`);
    expect(safeParse).not.toHaveBeenCalled();
  });

  it('/api/logs: 25,000 records are refused without validating one', () => {
    const safeParse = vi.spyOn(ApiLogRecordSchema, 'safeParse');
    const body = Buffer.from(JSON.stringify(new Array(TEN_TIMES).fill({ method: 'GET', url: '/x' })));
    const err = payloadError(() => apiLogFormat.decode(body, ingestRequest('/api/logs', { now })));
    expect(err.status).toBe(413);
    expect(safeParse).not.toHaveBeenCalled();
  });

  it('PostHog gzip-js and base64 bodies of 25,000 events are refused without validating one', () => {
    const safeParse = vi.spyOn(PosthogEventSchema, 'safeParse');
    const json = JSON.stringify(new Array(TEN_TIMES).fill({ event: 'e', distinct_id: 'd' }));
    const gzipped = ingestRequest('/batch/', { now, query: 'compression=gzip-js', contentType: 'text/plain' });
    const gzipErr = payloadError(() => posthogFormat.decode(zlib.gzipSync(json), gzipped));
    const form = `data=${encodeURIComponent(zlib.gzipSync(json).toString('base64'))}&compression=base64`;
    const base64 = ingestRequest('/batch/', { now, contentType: 'application/x-www-form-urlencoded' });
    const formErr = payloadError(() => posthogFormat.decode(Buffer.from(form), base64));
    for (const err of [gzipErr, formErr]) {
      expect(err.status).toBe(413);
      expect(err.message).toMatch(`${TEN_TIMES} events; the limit is ${MAX_BATCH_EVENTS}`);
    }
    expect(safeParse).not.toHaveBeenCalled();
  });
});

describe('the fast path hands bigger work to a decode thread', () => {
  it('a batch over the inline item budget throws OffThread there, and decodes without one', () => {
    const events = Array.from({ length: INLINE_BUDGET.items + 1 }, (_, i) => ({ event_type: 'tick', event_data: { i } }));
    const body = Buffer.from(JSON.stringify({ events }));
    const inline = { ...ingestRequest('/api/analytics/batch', { now }), inlineBudget: INLINE_BUDGET };
    expect(() => seedBatchFormat.decode(body, inline)).toThrow(OffThread);
    expect(seedBatchFormat.decode(body, ingestRequest('/api/analytics/batch', { now })).accepted).toHaveLength(INLINE_BUDGET.items + 1);
  });

  it('a small PostHog gzip body that inflates past the inline byte budget throws OffThread', () => {
    const json = JSON.stringify({ event: 'e', distinct_id: 'd', properties: { pad: 'p'.repeat(INLINE_BUDGET.bytes) } });
    const body = zlib.gzipSync(json);
    expect(body.length).toBeLessThan(INLINE_BUDGET.bytes);
    const req = { ...ingestRequest('/e/', { now, query: 'compression=gzip-js' }), inlineBudget: INLINE_BUDGET };
    expect(() => posthogFormat.decode(body, req)).toThrow(OffThread);
  });
});

describe('tooDeep', () => {
  it('still names the path to the first container past the limit', () => {
    expect(tooDeep({ a: [1, { b: { c: {} } }], d: 'x' }, 3)).toBe('a.1.b');
    expect(tooDeep({ a: { b: 1 } }, 3)).toBeNull();
    expect(tooDeep('text', 0)).toBeNull();
  });
});
