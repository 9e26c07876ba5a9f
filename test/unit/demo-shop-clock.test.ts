// The shop's records follow each simulated visit's clock: a session's API records move by the
// gap between the page's clock and the server's; other records, and absurd clocks, stay put.
import { describe, expect, it } from 'vitest';
import type { ApiRecord, CollectorClient } from '../../sdk/node/index.js';
import { parseClock, shiftingClient } from '../../electron/core/demo/shop-clock.js';
import { shopRoute } from '../../electron/core/demo/shop-server.js';

function fakeClient() {
  const records: ApiRecord[] = [];
  const client: CollectorClient = {
    record: (r) => records.push(r),
    flush: async () => {},
    close: async () => {},
    stats: () => ({ sent: 0, dropped: 0, failed: 0, queued: 0, errors: 0 }),
    reportError: () => {},
  };
  return { client, records };
}

const rec = (session: string | undefined, time: string): ApiRecord => ({
  method: 'GET',
  url: '/api/products',
  status: 200,
  duration_ms: 1,
  time,
  source: 'node:http',
  ...(session ? { session_id: session } : {}),
});

describe('shiftingClient', () => {
  it("moves a session's records by its page's clock, and leaves other sessions alone", () => {
    const { client, records } = fakeClient();
    const shifting = shiftingClient(client);
    const now = Date.parse('2026-12-07T12:00:00.000Z');
    const day = 24 * 3_600_000;
    shifting.observe('yesterday', now - day, now);
    shifting.record(rec('yesterday', '2026-12-07T12:00:01.000Z'));
    shifting.record(rec('other', '2026-12-07T12:00:01.000Z'));
    shifting.record(rec(undefined, '2026-12-07T12:00:01.000Z'));
    expect(records.map((r) => r.time)).toEqual(['2026-12-06T12:00:01.000Z', '2026-12-07T12:00:01.000Z', '2026-12-07T12:00:01.000Z']);
  });

  it('follows the latest clock a session sent (think time skipped between two calls)', () => {
    const { client, records } = fakeClient();
    const shifting = shiftingClient(client);
    const now = Date.parse('2026-12-07T12:00:00.000Z');
    shifting.observe('s', now - 3_600_000, now);
    shifting.observe('s', now - 3_600_000 + 90_000, now);
    shifting.record(rec('s', '2026-12-07T12:00:00.000Z'));
    expect(records[0]!.time).toBe('2026-12-07T11:01:30.000Z');
  });

  it('ignores clocks further off than a month', () => {
    const { client, records } = fakeClient();
    const shifting = shiftingClient(client);
    const now = Date.parse('2026-12-07T12:00:00.000Z');
    shifting.observe('s', 0, now);
    shifting.record(rec('s', '2026-12-07T12:00:00.000Z'));
    expect(records[0]!.time).toBe('2026-12-07T12:00:00.000Z');
  });
});

describe('parseClock', () => {
  it('reads epoch milliseconds and nothing else', () => {
    expect(parseClock('1796537801547')).toBe(1796537801547);
    expect(parseClock(['1796537801547', '1'])).toBe(1796537801547);
    for (const bad of [undefined, '', '-5', '1e12', '12.5', 'now', '1'.repeat(17)]) expect(parseClock(bad)).toBeNull();
  });
});

describe('shopRoute', () => {
  it('names the templates the middleware reports, and nothing for pages', () => {
    expect(shopRoute('/api/products/12')).toBe('/api/products/:id');
    expect(shopRoute('/api/products')).toBe('/api/products');
    expect(shopRoute('/api/checkout')).toBe('/api/checkout');
    expect(shopRoute('/api/products/abc')).toBeUndefined();
    expect(shopRoute('/product/3')).toBeUndefined();
  });
});
