// Limits with clear answers: decompressed size, gzip bombs, event and batch sizes, and the
// per-sender rate limit (429 with Retry-After, nothing over the limit stored).
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BATCH_BODY_LIMIT, MAX_BATCH_EVENTS, MAX_BODY_BYTES, MAX_EVENT_BYTES } from '../../electron/core/collect/limits.js';
import { startCollector } from '../helpers/collector.js';

const ev = (i: number, extra: Record<string, unknown> = {}) => ({ event_type: 'tick', event_data: { i, ...extra } });

describe('collector limits', () => {
  it('inflates gzip bodies and stores their events', async () => {
    const { post, search } = await startCollector({ config: { rateLimitPerMinute: 0 } });
    const body = zlib.gzipSync(JSON.stringify({ events: [ev(1), ev(2)] }));
    const res = await post('/api/analytics/batch', body, { 'content-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(await search('type:tick')).toHaveLength(2);
  });

  it('refuses a gzip bomb with 413 without inflating it all', async () => {
    const { post, search } = await startCollector();
    // 64 MB of zeros compress to about 64 KB; the cap stops inflation at 1 MB.
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(MAX_BODY_BYTES / 4);
    const rss = process.memoryUsage().rss;
    const res = await post('/api/analytics/collect', bomb, { 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/once decompressed/);
    // Had it inflated everything, 64 MB would have been allocated at once.
    expect(process.memoryUsage().rss - rss).toBeLessThan(48 * 1024 * 1024);
    expect(await search('')).toEqual([]);
  });

  it('refuses corrupt gzip and unknown encodings with a reason', async () => {
    const { post } = await startCollector();
    const corrupt = await post('/api/analytics/collect', Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' });
    expect(corrupt.status).toBe(400);
    const unknown = await post('/api/analytics/collect', '{}', { 'content-encoding': 'compress' });
    expect(unknown.status).toBe(415);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/gzip, deflate, br/);
  });

  it('rejects an event over 32 KB with its reason and keeps the rest of the batch', async () => {
    const { post, search } = await startCollector();
    const big = ev(1, { blob: 'x'.repeat(MAX_EVENT_BYTES) });
    const res = await post('/api/analytics/batch', { events: [ev(0), big, ev(2)] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accepted: number; rejected: { index: number; reason: string }[] };
    expect(body.accepted).toBe(2);
    expect(body.rejected).toEqual([{ index: 1, reason: expect.stringMatching(/limit is 32768 bytes per event/) }]);
    const single = await post('/api/analytics/collect', big);
    expect(single.status).toBe(413);
    expect(await search('type:tick')).toHaveLength(2);
  });

  it('refuses a batch over 500 KB or over 2,500 events as a whole', async () => {
    const { post, search } = await startCollector({ config: { rateLimitPerMinute: 0 } });
    const heavy = Array.from({ length: 40 }, (_, i) => ev(i, { pad: 'y'.repeat(15_000) }));
    expect(JSON.stringify({ events: heavy }).length).toBeGreaterThan(BATCH_BODY_LIMIT);
    const tooBig = await post('/api/analytics/batch', { events: heavy });
    expect(tooBig.status).toBe(413);
    const many = await post('/api/analytics/batch', { events: Array.from({ length: MAX_BATCH_EVENTS + 1 }, (_, i) => ({ event_type: 't', event_data: { i } })) });
    expect(many.status).toBe(413);
    expect(((await many.json()) as { error: string }).error).toMatch(/2501 events; the limit is 2500/);
    const ok = await post('/api/analytics/batch', { events: Array.from({ length: MAX_BATCH_EVENTS }, () => ({ event_type: 't', event_data: {} })) });
    expect(ok.status).toBe(200);
    expect(await search('type:t', 5000)).toHaveLength(MAX_BATCH_EVENTS);
  });

  it('lets a sender store 100 events a minute, then answers 429 with Retry-After and stores nothing more', async () => {
    const { post, search } = await startCollector();
    const batch = (user: string, n: number) => ({ events: Array.from({ length: n }, (_, i) => ({ ...ev(i), user_id: user })) });
    const t0 = Date.now();
    // The budget refills at one event per 0.6 s: allow for what a slow machine earns meanwhile.
    const refilled = () => Math.floor((Date.now() - t0) / 600);
    const first = await post('/api/analytics/batch', batch('alice', 90));
    expect(first.status).toBe(200);
    // 10 fit; the other 20 are refused by index, with the wait in the header.
    const second = await post('/api/analytics/batch', batch('alice', 30));
    expect(second.status).toBe(200);
    const body = (await second.json()) as { accepted: number; rejected: { index: number; reason: string }[] };
    expect(body.accepted).toBeGreaterThanOrEqual(10);
    expect(body.accepted).toBeLessThanOrEqual(10 + refilled());
    expect(body.rejected).toHaveLength(30 - body.accepted);
    expect(body.rejected[0]).toEqual({ index: body.accepted, reason: expect.stringMatching(/rate limit: over 100 events per minute/) });
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // A sender over its budget that gets nothing stored is told so by the status.
    let third: Response;
    do third = await post('/api/analytics/collect', { ...ev(0), user_id: 'alice' });
    while (third.status === 200 && refilled() < 20);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const stored = (await search('user:alice')).length;
    expect(stored).toBeGreaterThanOrEqual(100);
    expect(stored).toBeLessThanOrEqual(100 + refilled());
    // Other senders have their own budget: the session when there is no user, else the address.
    const bob = await post('/api/analytics/collect', { ...ev(0), session_id: 'bob-session' });
    expect(bob.status).toBe(200);
  });

  it('takes its limit from the configuration, and 0 turns it off', async () => {
    const five = await startCollector({ config: { rateLimitPerMinute: 5 } });
    const r = await five.post('/api/analytics/batch', { events: Array.from({ length: 8 }, (_, i) => ({ ...ev(i), user_id: 'u' })) });
    expect(((await r.json()) as { accepted: number }).accepted).toBe(5);
    const off = await startCollector({ config: { rateLimitPerMinute: 0 } });
    const all = await off.post('/api/analytics/batch', { events: Array.from({ length: 500 }, (_, i) => ({ ...ev(i), user_id: 'u' })) });
    expect(((await all.json()) as { accepted: number }).accepted).toBe(500);
  });
});

describe('collector: hostile times', () => {
  it('refuses absurd client times and durations per event with a reason, never a 500, and stores the rest', async () => {
    const { post, search } = await startCollector({ config: { rateLimitPerMinute: 0 } });
    const cases: [string, unknown][] = [
      ['/v1/track', { type: 'track', event: 'x', userId: 'u', timestamp: 1e20, sentAt: '2026-01-01T00:00:00Z' }],
      ['/v1/track', { type: 'track', event: 'x', userId: 'u', timestamp: 1e17 }],
      ['/e/', { event: 'x', distinct_id: 'u', timestamp: -1e20 }],
      ['/e/', { event: 'x', distinct_id: 'u', offset: 1e20 }],
      ['/api/logs', { method: 'GET', url: '/x', duration_ms: 1e300 }],
      ['/api/logs', { method: 'GET', url: '/x', time: 1e17 }],
    ];
    for (const [path, body] of cases) {
      const res = await post(path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(JSON.stringify(await res.json())).toMatch(/range|year|at most|between/);
    }
    const mixed = await post('/api/logs', [{ method: 'GET', url: '/ok', status: 200 }, { method: 'GET', url: '/bad', duration_ms: 1e12 }]);
    expect(mixed.status).toBe(200);
    expect((await search('kind:api')).map((e) => e.url)).toEqual(['/ok']);
    // Every listing still works.
    expect(await search('')).toHaveLength(1);
  });
});

describe('collector: whom the rate limit counts', () => {
  it('limits browser senders by address when they carry no ids, but never server telemetry without ids', async () => {
    const { post, search } = await startCollector();
    const anonymous = await post('/api/analytics/batch', { events: Array.from({ length: 120 }, (_, i) => ev(i)) });
    expect(((await anonymous.json()) as { accepted: number }).accepted).toBe(100);
    const records = Array.from({ length: 300 }, (_, i) => ({ method: 'GET', url: `/items/${i}`, status: 200 }));
    const server = await post('/api/logs', records);
    expect(((await server.json()) as { accepted: number }).accepted).toBe(300);
    expect(await search('kind:api', 1000)).toHaveLength(300);
  });
});
