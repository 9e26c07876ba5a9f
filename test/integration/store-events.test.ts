import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../electron/core/store/sqlite/open.js';
import { compileFilter } from '../../electron/core/store/sqlite/event-filter.js';
import { parseQuery } from '../../electron/core/query/parse.js';
import type { NewEvent } from '../../shared/events.js';
import { tempDbPath } from '../helpers/temp.js';
import { createSqlAggregator } from '../../electron/core/store/sqlite/aggregate-sql.js';

const filter = (q: string) => compileFilter(parseQuery(q));

function seeded(): Store {
  const store = openStore({ path: tempDbPath() });
  const src = store.sources.create('file', 'seed.log', 'access');
  const events: NewEvent[] = [];
  for (let i = 0; i < 50; i++) {
    events.push({
      time: Date.UTC(2026, 0, 1, 0, 0, i % 10), // repeated times, so paging must use ids too
      kind: i % 5 === 0 ? 'user' : 'api',
      method: i % 2 ? 'POST' : 'GET',
      url: `/api/items/${i}`,
      route: '/api/items/:id',
      status: i % 7 === 0 ? 500 : 200,
      duration_ms: i,
      session_id: `s${i % 3}`,
      type: i % 5 === 0 ? 'button_click' : null,
      attrs: { n: i },
      raw: `line ${i}`,
    });
  }
  store.events.insertMany(src, events);
  return store;
}

describe('store: events', () => {
  it('round-trips an event: integer epoch ms, columns, attrs, raw payload, source name', () => {
    const store = seeded();
    const [first] = store.events.search(filter('url:/api/items/7'), 10);
    expect(first).toMatchObject({ time: Date.UTC(2026, 0, 1, 0, 0, 7), kind: 'api', method: 'POST', status: 500, source: 'seed.log' });
    expect(first!.attrs).toEqual({ n: 7 });
    expect(store.events.get(Number(first!.id))).toMatchObject({ raw: 'line 7', event: { url: '/api/items/7' } });
    expect(store.events.get(999_999)).toBeUndefined();
    store.close();
  });

  it('pages newest first with a keyset cursor, never repeating or skipping a row', () => {
    const store = seeded();
    const all = filter('');
    const seen: string[] = [];
    let before: { time: number; id: number } | undefined;
    for (;;) {
      const page = store.events.search(all, 7, before);
      seen.push(...page.map((e) => e.id));
      if (page.length < 7) break;
      const last = page[page.length - 1]!;
      before = { time: last.time, id: Number(last.id) };
    }
    expect(seen).toHaveLength(50);
    expect(new Set(seen).size).toBe(50);
    const times = store.events.search(all, 50).map((e) => e.time);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    store.close();
  });

  it('counts matches of a compiled query', () => {
    const store = seeded();
    expect(store.events.count(filter('status:500'))).toBe(8);
    expect(store.events.count(filter('kind:user'))).toBe(10);
    expect(store.events.count(filter('method:POST AND status>=500'))).toBe(4);
    store.close();
  });

  it('computes nearest-rank percentiles of duration per route and method in SQL (the exact path)', () => {
    const store = seeded();
    const metrics = [
      { op: 'count' }, { op: 'errors' }, { op: 'p50', field: 'duration_ms' }, { op: 'p95', field: 'duration_ms' }, { op: 'p99', field: 'duration_ms' },
    ] as const;
    const stats = (groupBy: ('route' | 'method')[]) =>
      createSqlAggregator(store)({ filter: parseQuery('kind:api'), groupBy, metrics: [...metrics], limit: 10 }).rows.map((r) => ({
        route: r.keys[0] ?? null, method: r.keys[1] ?? null,
        count: r.values[0], errors: r.values[1], p50: r.values[2], p95: r.values[3], p99: r.values[4],
      }));
    const rows = stats(['route', 'method']);
    const get = rows.find((r) => r.method === 'GET')!;
    // GET api events: even i, not multiples of 5 -> 2,4,6,8,12,14,16,18,22,...,48 (20 values)
    const durations = Array.from({ length: 50 }, (_, i) => i).filter((i) => i % 2 === 0 && i % 5 !== 0);
    const rank = (p: number) => durations[Math.ceil(p * durations.length) - 1];
    expect(get).toMatchObject({ route: '/api/items/:id', count: durations.length, p50: rank(0.5), p95: rank(0.95), p99: rank(0.99) });
    expect(get.errors).toBe(durations.filter((i) => i % 7 === 0).length);
    const [overall] = stats([]);
    expect(overall).toMatchObject({ route: null, method: null, count: 40 });
    store.close();
  });
});

describe('store: query plans keep their indexes', () => {
  const plan = (store: Store, sql: string, params: unknown[]) =>
    (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');

  it('the newest-first listing walks the time index instead of sorting', () => {
    const store = seeded();
    const p = plan(store, 'SELECT id FROM events e WHERE 1 ORDER BY e.time DESC, e.id DESC LIMIT 500', []);
    expect(p).toMatch(/USING (COVERING )?INDEX events_by_time/);
    expect(p).not.toMatch(/TEMP B-TREE/);
    store.close();
  });

  it('a keyset page seeks into the time index', () => {
    const store = seeded();
    const p = plan(store, 'SELECT id FROM events e WHERE 1 AND (e.time, e.id) < (?, ?) ORDER BY e.time DESC, e.id DESC LIMIT 500', [1, 1]);
    expect(p).toMatch(/SEARCH e USING (COVERING )?INDEX events_by_time \(time<\?\)/);
    store.close();
  });

  it('a session lookup uses the session index', () => {
    const store = seeded();
    const f = filter('session:s1');
    const p = plan(store, `SELECT id FROM events e WHERE ${f.where}`, f.params);
    expect(p).toMatch(/INDEX events_by_session/);
    store.close();
  });

  it('counting by status uses the status index', () => {
    const store = seeded();
    const f = filter('status:404');
    const p = plan(store, `SELECT count(*) FROM events e WHERE ${f.where}`, f.params);
    expect(p).toMatch(/INDEX events_by_status/);
    store.close();
  });
});
