// The store contract's aggregates (see store-contract.ts): groups, metrics, order and limit,
// time buckets.
import { expect, it } from 'vitest';
import type { NewEvent } from '../../shared/events.js';
import { parseQuery } from '../../electron/core/query/parse.js';
import type { EventStore } from '../../electron/core/store/port.js';
import { file, flat, fresh, MIN, T0, type Open } from './store-contract-support.js';

export function describeAggregates(open: Open): void {
  async function seeded(): Promise<EventStore> {
    const store = await fresh(open);
    const collector = await store.sources.collectorId();
    const other = await store.sources.createFile('other.log', 'access', file('/logs/other.log'), null);
    const events: NewEvent[] = [];
    // /a: 20 calls, durations 1..20, 2 of them 5xx, users u0..u3, minutes 0..19.
    for (let i = 0; i < 20; i++) {
      events.push({ time: T0 + i * MIN, kind: 'api', route: '/a', method: 'GET', status: i < 2 ? 503 : 200, duration_ms: i + 1, user_id: `u${i % 4}`, resp_bytes: 100, raw: '' });
    }
    // /b: 5 calls in minute 2, 404s with sizes, one without a duration.
    for (let i = 0; i < 5; i++) events.push({ time: T0 + 2 * MIN + i, kind: 'api', route: '/b', method: 'POST', status: 404, duration_ms: i === 4 ? null : 100, resp_bytes: 10 * (i + 1), raw: '' });
    // No route: 3 logs.
    for (let i = 0; i < 3; i++) events.push({ time: T0 + i * MIN, kind: 'log', level: 'info', raw: '' });
    await store.append(collector, events);
    await store.append(other, [{ time: T0, kind: 'api', route: '/a', status: 201, duration_ms: 50, raw: '' }]);
    return store;
  }

  it('groups and measures: counts, errors, distinct, nearest-rank percentiles, avg/min/max/sum, missing keys last', async () => {
    const store = await seeded();
    const r = await store.aggregate({
      filter: parseQuery('source:collector'),
      groupBy: ['route'],
      metrics: [
        { op: 'count' }, { op: 'errors' }, { op: 'distinct', field: 'user_id' }, { op: 'p50', field: 'duration_ms' },
        { op: 'p95', field: 'duration_ms' }, { op: 'p99', field: 'duration_ms' }, { op: 'avg', field: 'duration_ms' },
        { op: 'min', field: 'resp_bytes' }, { op: 'max', field: 'resp_bytes' }, { op: 'sum', field: 'resp_bytes' },
      ],
    });
    expect(r.approximate === false || r.approximate === true).toBe(true);
    expect(r.rows.map(flat)).toEqual([
      ['/a', 20, 2, 4, 10, 19, 20, 10.5, 100, 100, 2000],
      ['/b', 5, 0, 0, 100, 100, 100, 100, 10, 50, 150],
      [null, 3, 0, 0, null, null, null, null, null, null, null],
    ]);
  });

  it('measures time: each group’s first and last event (what a session’s start and end are)', async () => {
    const store = await seeded();
    const r = await store.aggregate({
      filter: null,
      groupBy: ['route'],
      metrics: [{ op: 'min', field: 'time' }, { op: 'max', field: 'time' }, { op: 'count' }],
      orderBy: 2,
    });
    expect(r.rows.map(flat)).toEqual([
      ['/a', T0, T0 + 19 * MIN, 21],
      ['/b', T0 + 2 * MIN, T0 + 2 * MIN + 4, 5],
      [null, T0, T0 + 2 * MIN, 3],
    ]);
  });

  it('orders by the chosen metric with keys breaking ties, and keeps the first `limit`', async () => {
    const store = await seeded();
    const byCount = await store.aggregate({ filter: null, groupBy: ['status'], metrics: [{ op: 'count' }], limit: 3 });
    expect(byCount.rows.map(flat)).toEqual([[200, 18], [404, 5], [null, 3]]);
    // Ties (1 each) fall by key: 201 before 503.
    const byMax = await store.aggregate({ filter: null, groupBy: ['status'], metrics: [{ op: 'count' }, { op: 'max', field: 'duration_ms' }], orderBy: 1 });
    expect(byMax.rows.map(flat)).toEqual([[404, 5, 100], [201, 1, 50], [200, 18, 20], [503, 2, 2], [null, 3, null]]);
    const tie = await store.aggregate({ filter: parseQuery('status:201 OR status:503'), groupBy: ['route', 'status'], metrics: [{ op: 'distinct', field: 'route' }], limit: 1 });
    expect(tie.rows.map(flat)).toEqual([['/a', 201, 1]]);
  });

  it('groups by source name, kind and status class', async () => {
    const store = await seeded();
    const r = await store.aggregate({ filter: null, groupBy: ['source', 'kind', 'status_class'], metrics: [{ op: 'count' }] });
    expect(r.rows.map(flat)).toEqual([
      ['collector', 'api', '2xx', 18],
      ['collector', 'api', '4xx', 5],
      ['collector', 'log', null, 3],
      ['collector', 'api', '5xx', 2],
      ['other.log', 'api', '2xx', 1],
    ]);
    const none = await store.aggregate({ filter: parseQuery('status:999'), metrics: [{ op: 'count' }, { op: 'errors' }] });
    expect(none.rows.map(flat)).toEqual([[0, 0]]);
  });

  it('buckets by time, aligned to the epoch, and caps groups per bucket', async () => {
    const store = await seeded();
    const r = await store.aggregate({ filter: parseQuery('kind:api'), bucketMs: 5 * MIN, groupBy: ['status_class'], metrics: [{ op: 'count' }, { op: 'p50', field: 'duration_ms' }] });
    expect(r.rows.map(flat)).toEqual([
      [T0, '2xx', 4, 4],
      [T0, '4xx', 5, 100],
      [T0, '5xx', 2, 1],
      [T0 + 5 * MIN, '2xx', 5, 8],
      [T0 + 10 * MIN, '2xx', 5, 13],
      [T0 + 15 * MIN, '2xx', 5, 18],
    ]);
    const capped = await store.aggregate({ filter: parseQuery('kind:api'), bucketMs: 5 * MIN, groupBy: ['status_class'], metrics: [{ op: 'count' }], limit: 1 });
    expect(capped.rows.map(flat)).toEqual([[T0, '4xx', 5], [T0 + 5 * MIN, '2xx', 5], [T0 + 10 * MIN, '2xx', 5], [T0 + 15 * MIN, '2xx', 5]]);
    const plain = await store.aggregate({ filter: parseQuery('route:/b'), bucketMs: MIN, metrics: [{ op: 'count' }] });
    expect(plain.rows.map(flat)).toEqual([[T0 + 2 * MIN, 5]]);
  });

  it('groups by several fields at once: missing values last, ties by keys, values added since included', async () => {
    const store = await seeded();
    const metrics = [{ op: 'count' }, { op: 'errors' }, { op: 'p50', field: 'duration_ms' }] as const;
    const byRoute = async (limit?: number, orderBy?: number) =>
      (await store.aggregate({ filter: null, groupBy: ['route', 'method'], metrics: [...metrics], limit, orderBy })).rows.map(flat);
    expect(await byRoute()).toEqual([['/a', 'GET', 20, 2, 10], ['/b', 'POST', 5, 0, 100], [null, null, 3, 0, null], ['/a', null, 1, 0, 50]]);
    // Ordered by errors: three groups tie at 0 and fall by route, then method (missing last).
    expect(await byRoute(2, 1)).toEqual([['/a', 'GET', 20, 2, 10], ['/a', null, 1, 0, 50]]);
    expect(await byRoute(3, 1)).toEqual([['/a', 'GET', 20, 2, 10], ['/a', null, 1, 0, 50], ['/b', 'POST', 5, 0, 100]]);
    // A route and a method no group held before.
    await store.append(await store.sources.collectorId(), [{ time: T0, kind: 'api', route: '/c', method: 'PUT', status: 500, duration_ms: 7, raw: '' }]);
    expect(await byRoute(2, 1)).toEqual([['/a', 'GET', 20, 2, 10], ['/c', 'PUT', 1, 1, 7]]);

    const mixed = await store.aggregate({ filter: null, groupBy: ['method', 'kind', 'status_class'], metrics: [{ op: 'count' }] });
    expect(mixed.rows.map(flat)).toEqual([
      ['GET', 'api', '2xx', 18],
      ['POST', 'api', '4xx', 5],
      [null, 'log', null, 3],
      ['GET', 'api', '5xx', 2],
      ['PUT', 'api', '5xx', 1],
      [null, 'api', '2xx', 1],
    ]);
    const buckets = await store.aggregate({ filter: null, bucketMs: 10 * MIN, groupBy: ['route'], metrics: [{ op: 'count' }], limit: 2 });
    expect(buckets.rows.map(flat)).toEqual([[T0, '/a', 11], [T0, '/b', 5], [T0 + 10 * MIN, '/a', 10]]);
  });
}
