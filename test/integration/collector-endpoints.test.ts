// /api/analytics/batch and /api/logs, and the session join between a browser event and the
// API call it caused.
import { describe, expect, it } from 'vitest';
import { startCollector } from '../helpers/collector.js';

describe('collector: POST /api/analytics/batch', () => {
  it('stores the valid events of a batch and reports each invalid one with its index and reason', async () => {
    const { post, search } = await startCollector();
    const res = await post('/api/analytics/batch', {
      events: [
        { event_type: 'page_view', event_data: { page: '/home' }, session_id: 's1' },
        { event_type: '', event_data: {} },
        { event_type: 'button_click', event_data: { element: '#buy' }, session_id: 's1', timestamp: '2026-11-23T10:00:00Z' },
        { event_type: 'form_submit', event_data: 'not an object' },
      ],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { success: boolean; accepted: number; event_ids: string[]; rejected: { index: number; reason: string }[] };
    expect(body.success).toBe(true);
    expect(body.accepted).toBe(2);
    expect(body.event_ids).toHaveLength(2);
    expect(body.rejected.map((r) => r.index)).toEqual([1, 3]);
    expect(body.rejected[0]!.reason).toMatch(/event_type must not be empty/);
    expect(body.rejected[1]!.reason).toMatch(/event_data must be an object/);
    const stored = await search('session:s1');
    expect(stored.map((e) => e.type).sort()).toEqual(['button_click', 'page_view']);
    expect(stored.find((e) => e.type === 'button_click')).toMatchObject({ target: '#buy', time: Date.UTC(2026, 10, 23, 10) });
  });

  it('answers 400 when no event of a batch is valid, and when the body is not a batch', async () => {
    const { post, search } = await startCollector();
    const none = await post('/api/analytics/batch', { events: [{ event_type: 1 }] });
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ success: false, details: [{ path: '0', message: expect.stringMatching(/event_type/) }] });
    const shape = await post('/api/analytics/batch', { items: [] });
    expect(shape.status).toBe(400);
    expect(await shape.json()).toMatchObject({ error: 'Invalid batch', details: [{ path: 'events' }] });
    expect(await search('')).toEqual([]);
  });

  it('accepts JSON sent as text/plain, as navigator.sendBeacon sends it', async () => {
    const { post, search } = await startCollector();
    const res = await post('/api/analytics/batch', { events: [{ event_type: 'page_view', event_data: { page: '/bye' } }] }, { 'content-type': 'text/plain;charset=UTF-8' });
    expect(res.status).toBe(200);
    expect((await search('type:page_view'))[0]).toMatchObject({ page: '/bye' });
  });
});

describe('collector: POST /api/logs', () => {
  it('turns one API-call record into an api event with route, status, duration, headers and bodies', async () => {
    const { post, search } = await startCollector();
    const res = await post('/api/logs', {
      method: 'post',
      url: 'http://localhost:3000/api/orders/12345?expand=items',
      status: 502,
      duration_ms: 812.5,
      time: '2026-11-23T09:00:00.250Z',
      session_id: 'sess-9',
      user_id: 'u-7',
      request_headers: { 'Content-Type': 'application/json', 'User-Agent': 'curl/8', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      response_headers: { 'content-length': '42' },
      request_body: { qty: 2 },
      response_body: 'Bad gateway',
      region: 'eu',
    });
    expect(res.status).toBe(200);
    const [e] = await search('kind:api');
    expect(e).toMatchObject({
      kind: 'api',
      method: 'POST',
      url: 'http://localhost:3000/api/orders/12345?expand=items',
      route: '/api/orders/:id',
      status: 502,
      duration_ms: 812.5,
      time: Date.parse('2026-11-23T09:00:00.250Z'),
      session_id: 'sess-9',
      user_id: 'u-7',
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      span_id: 'b7ad6b7169203331',
    });
    expect(e!.attrs).toMatchObject({ request_body: { qty: 2 }, response_body: 'Bad gateway', region: 'eu', resp_bytes: 42, user_agent: 'curl/8' });
  });

  it('takes an array, stores the valid records and reports the others by index', async () => {
    const { post, search } = await startCollector();
    const res = await post('/api/logs', [
      { method: 'GET', url: '/a', status: 200, duration_ms: 3 },
      { method: 'GET', status: 200 },
      { method: 'GET', url: '/b', status: 'ok' },
      { method: 'DELETE', url: '/users/7', status: 204, time: 1_763_888_400_000 },
    ]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accepted: number; rejected: { index: number; reason: string }[] };
    expect(body.accepted).toBe(2);
    expect(body.rejected).toEqual([
      { index: 1, reason: expect.stringMatching(/^url: /) },
      { index: 2, reason: expect.stringMatching(/^status: /) },
    ]);
    expect((await search('kind:api')).map((e) => e.route).sort()).toEqual(['/a', '/users/:id']);
  });
});

describe('session joins', () => {
  it('puts a browser click and the API call it caused in the same session, from payload or headers', async () => {
    const { post, search } = await startCollector();
    // The page's SDK reports the click with the session in the payload…
    await post('/api/analytics/batch', { events: [{ event_type: 'button_click', event_data: { element: '#pay', page: '/checkout' }, session_id: 'sess-join' }] });
    // …the page's fetch carried it as X-Session-Id, which the backend middleware read into the record.
    await post('/api/logs', { method: 'POST', url: '/api/pay', status: 500, duration_ms: 1200, request_headers: { 'X-Session-Id': 'sess-join' } });
    // OpenTelemetry browser instrumentation sends W3C baggage instead; PostHog its own header.
    await post('/api/logs', { method: 'GET', url: '/api/cart', status: 200, request_headers: { baggage: 'session.id=sess-join' } });
    await post('/api/analytics/collect', { event_type: 'error_encountered', event_data: { message: 'Payment failed' } }, { 'x-posthog-session-id': 'sess-join' });
    const events = await search('session:sess-join');
    expect(events.map((e) => `${e.kind}:${e.type ?? e.route}`).sort()).toEqual([
      'api:/api/cart',
      'api:/api/pay',
      'user:button_click',
      'user:error_encountered',
    ]);
  });
});

describe('event names that are also Object.prototype names', () => {
  it('stores them as custom names, in every format', async () => {
    const { post, search } = await startCollector();
    expect((await post('/e/', { event: 'toString', distinct_id: 'u1' })).status).toBe(200);
    expect((await post('/v1/track', { type: 'track', event: 'valueOf', userId: 'u2' })).status).toBe(200);
    expect((await post('/api/analytics/batch', { events: [{ event_type: 'constructor', event_data: { __proto__: 'x' } }] })).status).toBe(200);
    expect((await search('', 10)).map((e) => e.type).sort()).toEqual(['constructor', 'toString', 'valueOf']);
  });
});
