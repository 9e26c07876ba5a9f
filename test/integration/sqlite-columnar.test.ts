// The columnar index's answers against plain computations over the same events: aggregates
// (every group field, every metric, time buckets, limits), exact percentiles, and pages.
import { DEFAULT_SORT } from '../../shared/sort.js';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../electron/core/store/sqlite/open.js';
import { compileFilter } from '../../electron/core/store/sqlite/event-filter.js';
import { createColumnarIndex, NotColumnarError, bumpEventsEpoch } from '../../electron/core/store/sqlite/columnar/index.js';
import { createBatchEncoder } from '../../electron/core/importers/batch-encoder.js';
import { derivedSessionRef } from '../../electron/core/store/derived-sessions.js';
import { orderAndLimit, nearestRank } from '../../electron/core/store/aggregate-order.js';
import { parseQuery } from '../../electron/core/query/parse.js';
import { ERROR_STATUS_FROM, GROUP_FIELDS, statusClass, type GroupField, type MeasureField } from '../../shared/fields.js';
import type { AggregateRow, AggregateSpec, Metric } from '../../electron/core/store/port.js';
import type { EventKind, NewEvent } from '../../shared/events.js';
import { tempDbPath } from '../helpers/temp.js';

const T0 = Date.UTC(2026, 2, 1);
const HOUR = 3_600_000;

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROUTES = ['/api/users/:id', '/api/cart', '/login', '/static/app.js', null];
const METHODS = ['GET', 'GET', 'POST', 'DELETE'];
const STATUSES = [200, 200, 200, 201, 304, 404, 500, 503, null, 99, 600];

function makeEvent(rnd: () => number, i: number): NewEvent {
  const pickOf = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const kind: EventKind = rnd() < 0.8 ? 'api' : rnd() < 0.5 ? 'user' : 'log';
  return {
    time: T0 + Math.floor(rnd() * 48 * HOUR),
    kind,
    route: kind === 'api' ? pickOf(ROUTES) : null,
    method: kind === 'api' ? pickOf(METHODS) : null,
    status: kind === 'api' ? pickOf(STATUSES) : null,
    // Thousandths, so exact percentiles and sums are checkable; some missing.
    duration_ms: kind === 'api' && rnd() < 0.95 ? Math.round(rnd() * rnd() * 2_000_000) / 1000 : null,
    resp_bytes: rnd() < 0.7 ? Math.floor(rnd() * 10_000) : null,
    req_bytes: rnd() < 0.3 ? Math.floor(rnd() * 500) : null,
    ip_hash: `ip${Math.floor(rnd() * 40)}`,
    user_agent: pickOf(['Firefox', 'Chrome', 'curl', null]),
    user_id: rnd() < 0.4 ? `u${Math.floor(rnd() * 30)}` : null,
    type: kind === 'user' ? pickOf(['click', 'view']) : null,
    page: kind === 'user' ? pickOf(['/home', '/cart']) : null,
    level: kind === 'log' ? pickOf(['info', 'error']) : null,
    message: kind === 'log' ? 'something happened' : null,
    session_id: rnd() < 0.5 ? `s${Math.floor(rnd() * 25)}` : null,
    line: i,
    raw: `raw ${i}`,
  };
}

/**
 * 6,000 events: a collector's, and two imports both named access.log (groups are by source, not
 * by name) whose sessions are derived (negative refs).
 */
function fixture(): Store {
  const store = openStore({ path: tempDbPath() });
  const rnd = random(42);
  store.append(store.sources.collectorId(), Array.from({ length: 1500 }, (_, i) => makeEvent(rnd, i)));
  for (const size of [3000, 1500]) {
    const src = store.sources.create('file', 'access.log', 'access');
    const enc = createBatchEncoder(size);
    for (let i = 0; i < size; i++) {
      const e = makeEvent(rnd, i);
      const derived = e.session_id ? derivedSessionRef(src, 1 + Math.floor(rnd() * 60)) : null;
      enc.add({ ...e, session_id: null }, { offset: i * 80, length: 79, line: i + 1 }, false, derived);
    }
    const load = store.bulkLoad({ sourceId: src, dropIndexes: false });
    load.append(enc.take(size * 80, size), 0);
    load.finish();
  }
  return store;
}

interface Row {
  id: number;
  time: number;
  source_id: number;
  source: string;
  status: number | null;
  duration_ms: number | null;
  req_bytes: number | null;
  resp_bytes: number | null;
  [field: string]: string | number | null;
}

/** Every event as SQLite hands it back, through the events_view of the dictionary. */
function allEvents(store: Store, query = ''): Row[] {
  const { where, params } = compileFilter(parseQuery(query));
  return store.db
    .prepare(
      `SELECT v.*, (SELECT name FROM sources s WHERE s.id = v.source_id) AS source FROM events_view v
       WHERE v.id IN (SELECT e.id FROM events e WHERE (${where})) ORDER BY v.id`,
    )
    .all(...params) as Row[];
}

/** The value an event groups under (by source id, shown as its name) and what it shows. */
function keyOf(e: Row, f: GroupField): { group: string | number | null; shown: string | number | null } {
  if (f === 'status_class') return { group: statusClass(e.status), shown: statusClass(e.status) };
  if (f === 'source') return { group: e.source_id, shown: e.source };
  const v = e[f] ?? null;
  return { group: v, shown: v };
}

/** The aggregate computed the plain way, then ordered and cut by the shared rules. */
function reference(events: Row[], spec: AggregateSpec): AggregateRow[] {
  const groupBy = spec.groupBy ?? [];
  const groups = new Map<string, { keys: (string | number | null)[]; bucket?: number; rows: Row[] }>();
  if (groupBy.length === 0 && spec.bucketMs === undefined) groups.set('[]', { keys: [], rows: [] });
  for (const e of events) {
    const bucket = spec.bucketMs === undefined ? undefined : e.time - (e.time % spec.bucketMs);
    const k = JSON.stringify([...(bucket === undefined ? [] : [bucket]), ...groupBy.map((f) => keyOf(e, f).group)]);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { keys: groupBy.map((f) => keyOf(e, f).shown), rows: [], ...(bucket === undefined ? {} : { bucket }) }));
    g.rows.push(e);
  }
  const measure = (rows: Row[], f: MeasureField) => rows.map((r) => r[f]).filter((v): v is number => v !== null);
  const value = (rows: Row[], m: Metric): number | null => {
    switch (m.op) {
      case 'count':
        return rows.length;
      case 'errors':
        return rows.filter((r) => r.status !== null && r.status >= ERROR_STATUS_FROM).length;
      case 'distinct':
        return new Set(rows.map((r) => keyOf(r, m.field).group).filter((v) => v !== null)).size;
      default: {
        const vs = measure(rows, m.field);
        if (vs.length === 0) return null;
        const sum = vs.reduce((a, b) => a + b, 0);
        if (m.op === 'sum') return sum;
        if (m.op === 'avg') return sum / vs.length;
        if (m.op === 'min') return Math.min(...vs);
        if (m.op === 'max') return Math.max(...vs);
        return nearestRank([...vs].sort((a, b) => a - b), { p50: 0.5, p95: 0.95, p99: 0.99 }[m.op]);
      }
    }
  };
  const rows = [...groups.values()].map((g) => ({
    keys: g.keys,
    ...(g.bucket === undefined ? {} : { bucket: g.bucket }),
    values: spec.metrics.map((m) => value(g.rows, m)),
  }));
  return orderAndLimit(rows, spec);
}

/** Same rows in the same order; sums and averages to 9 significant digits, the rest exactly. */
function expectSameRows(actual: AggregateRow[], expected: AggregateRow[], spec: AggregateSpec, label: string): void {
  expect(actual.map((r) => [r.bucket, r.keys]), label).toEqual(expected.map((r) => [r.bucket, r.keys]));
  actual.forEach((r, i) => {
    spec.metrics.forEach((m, k) => {
      const a = r.values[k] ?? null;
      const b = expected[i]!.values[k] ?? null;
      if (a === null || b === null || (m.op !== 'sum' && m.op !== 'avg')) expect(a, `${label} ${m.op} row ${i}`).toBe(b);
      else expect(Math.abs(a - b), `${label} ${m.op} row ${i}`).toBeLessThanOrEqual(Math.abs(b) * 1e-9);
    });
  });
}

const ALL_METRICS: Metric[] = [
  { op: 'count' }, { op: 'errors' }, { op: 'distinct', field: 'route' }, { op: 'distinct', field: 'session_id' },
  { op: 'p50', field: 'duration_ms' }, { op: 'p95', field: 'duration_ms' }, { op: 'p99', field: 'duration_ms' },
  { op: 'avg', field: 'resp_bytes' }, { op: 'sum', field: 'duration_ms' }, { op: 'min', field: 'req_bytes' }, { op: 'max', field: 'status' },
  { op: 'p50', field: 'status' },
];

const COUNTS: Metric[] = [{ op: 'count' }, { op: 'errors' }];

describe('columnar aggregates: the plain computation, group by group', () => {
  it('groups by every field and the status class with every metric, under several filters and limits', () => {
    const store = fixture();
    const index = createColumnarIndex(store.db);
    for (const query of ['', 'kind:api status>=400', '-route:* OR ip:ip1*', 'zzzz']) {
      const events = allEvents(store, query);
      // Counts and errors alone take the counting path (cells.ts); the rest the general one.
      const cases = GROUP_FIELDS.flatMap((f) => [ALL_METRICS, COUNTS].flatMap((m) => [undefined, 3].map((l) => [f, m, l] as const)));
      for (const [field, metrics, limit] of cases) {
        const spec: AggregateSpec = { filter: parseQuery(query), groupBy: [field], metrics, limit, orderBy: metrics === COUNTS ? 1 : limit ? 0 : 4 };
        const got = index.aggregate(spec);
        expect(got.approximate).toBe(false);
        expectSameRows(got.rows, reference(events, spec), spec, `${query} by ${field} (${metrics.length} metrics) limit ${limit}`);
      }
    }
    store.close();
  });

  it('counts each of several fields at once as it counts them one by one (the facets), any number of fields', () => {
    const store = fixture();
    const index = createColumnarIndex(store.db);
    // One to all of the fields, in rotating orders: the walks take them three at a time.
    const lists = GROUP_FIELDS.map((_, k) => [...GROUP_FIELDS.slice(k), ...GROUP_FIELDS.slice(0, k)].slice(0, k + 1));
    for (const query of ['', 'kind:api status>=400', '-route:* OR ip:ip1*', 'zzzz']) {
      const events = allEvents(store, query);
      for (const fields of lists) {
        for (const limit of [3, 100]) {
          const got = index.countEach(parseQuery(query), fields, limit);
          expect(got).toHaveLength(fields.length);
          fields.forEach((field, i) => {
            const spec: AggregateSpec = { filter: parseQuery(query), groupBy: [field], metrics: [{ op: 'count' }], limit };
            expectSameRows(got[i]!.rows, reference(events, spec), spec, `${query} countEach ${fields.join(',')} at ${field} limit ${limit}`);
          });
        }
      }
    }
    store.close();
  });

  it('per route and method: count, errors and exact percentiles; and one row for everything', () => {
    const store = fixture();
    const index = createColumnarIndex(store.db);
    const metrics: Metric[] = [{ op: 'count' }, { op: 'errors' }, { op: 'p50', field: 'duration_ms' }, { op: 'p95', field: 'duration_ms' }, { op: 'p99', field: 'duration_ms' }];
    const events = allEvents(store);
    for (const spec of [
      { filter: null, groupBy: ['route', 'method'], metrics, limit: 100 },
      { filter: null, metrics },
      { filter: parseQuery('kind:api'), groupBy: ['method', 'route', 'status_class'], metrics, orderBy: 3 },
    ] satisfies AggregateSpec[]) {
      const evs = spec.filter ? allEvents(store, 'kind:api') : events;
      expectSameRows(index.aggregate(spec).rows, reference(evs, spec), spec, JSON.stringify(spec.groupBy));
    }
    // Over 4,096 durations in one group: the bucketed selection, not only quickselect.
    const overall = index.aggregate({ filter: null, metrics: [{ op: 'p50', field: 'duration_ms' }, { op: 'p99', field: 'duration_ms' }, { op: 'count' }] });
    const durations = events.map((e) => e.duration_ms).filter((v): v is number => v !== null).sort((a, b) => a - b);
    expect(durations.length).toBeGreaterThan(4096);
    expect(overall.rows[0]!.values).toEqual([nearestRank(durations, 0.5), nearestRank(durations, 0.99), events.length]);
    store.close();
  });

  it('time buckets stacked by status class, for any filter, with a per-bucket limit', () => {
    const store = fixture();
    const index = createColumnarIndex(store.db);
    for (const query of ['', 'status>=500', 'firefox', 'session:d2-*']) {
      const events = allEvents(store, query);
      for (const spec of [
        { filter: parseQuery(query), bucketMs: HOUR / 4, groupBy: ['status_class'], metrics: [{ op: 'count' }] },
        { filter: parseQuery(query), bucketMs: 7 * HOUR, groupBy: ['route'], metrics: [{ op: 'count' }, { op: 'p95', field: 'duration_ms' }], limit: 2 },
        { filter: parseQuery(query), bucketMs: 1000, metrics: [{ op: 'errors' }] },
      ] satisfies AggregateSpec[]) {
        const got = index.aggregate(spec).rows;
        expectSameRows(got, reference(events, spec), spec, `${query} every ${spec.bucketMs}`);
        expect(got.every((r) => r.bucket! % spec.bucketMs === 0)).toBe(true);
      }
    }
    store.close();
  });

  it('sums and averages to the last bit SQLite gives (compensated: ten times 0.1 is 1)', () => {
    const store = openStore({ path: tempDbPath() });
    const src = store.sources.create('file', 'a.log', 'access');
    // Doubles that JSON (how columns load) could bend if it were written with too few digits.
    const odd = [1 / 3, 0.1 + 0.2, 5e-324, 1.7976931348623157e308, -2.2250738585072014e-308, 123456789.123456789];
    const durations = [...Array.from({ length: 10 }, () => 0.1), 1e16, 1, -1e16, 2.675, 1 / 3, ...odd];
    const route = (i: number) => (i < 10 ? '/a' : i < 15 ? '/b' : `/odd${i}`);
    store.append(src, durations.map((d, i) => ({ time: T0 + i, kind: 'api', route: route(i), duration_ms: d, raw: '' })));
    const index = createColumnarIndex(store.db);
    const metrics: Metric[] = ['sum', 'avg', 'min', 'max', 'p50'].map((op) => ({ op, field: 'duration_ms' }) as Metric);
    const got = index.aggregate({ filter: null, groupBy: ['route'], metrics, orderBy: 0 });
    const sql = store.db
      .prepare('SELECT route, sum(duration_ms), avg(duration_ms), min(duration_ms), max(duration_ms) FROM events_view GROUP BY route ORDER BY 2 DESC')
      .raw()
      .all();
    expect(got.rows.map((r) => [...r.keys, ...r.values.slice(0, 4)])).toEqual(sql);
    // A group of one value has it as its median; /b sorted is -1e16, 1/3, 1, 2.675, 1e16.
    expect(got.rows.map((r) => r.values[4])).toEqual(got.rows.map((r) => (r.keys[0] === '/a' ? 0.1 : r.keys[0] === '/b' ? 1 : r.values[2])));
    expect(got.rows.find((r) => r.keys[0] === '/a')!.values[0]).toBe(1);
    store.close();
  });

  it('without keys there is one row even when nothing matches; with keys, none', () => {
    const store = fixture();
    const index = createColumnarIndex(store.db);
    const metrics: Metric[] = [{ op: 'count' }, { op: 'errors' }, { op: 'p50', field: 'duration_ms' }, { op: 'sum', field: 'resp_bytes' }];
    expect(index.aggregate({ filter: parseQuery('zzzz'), metrics }).rows).toEqual([{ keys: [], values: [0, 0, null, null] }]);
    expect(index.aggregate({ filter: parseQuery('zzzz'), groupBy: ['route'], metrics }).rows).toEqual([]);
    expect(index.aggregate({ filter: parseQuery('zzzz'), bucketMs: HOUR, metrics }).rows).toEqual([]);
    expect(() => index.aggregate({ filter: null, groupBy: ['url' as GroupField], metrics })).toThrow(RangeError);
    expect(() => index.aggregate({ filter: null, metrics, orderBy: 9 })).toThrow(RangeError);
    expect(() => index.aggregate({ filter: null, bucketMs: 0, metrics })).toThrow(RangeError);
    store.close();
  });
});

describe('columnar span of a search (min and max of time alone: the histogram asks it)', () => {
  it('gives the first and last matched times as a pass over the matches would, from either end of the time order', () => {
    const store = fixture();
    const index = createColumnarIndex(store.db);
    const metrics: Metric[] = [{ op: 'min', field: 'time' }, { op: 'max', field: 'time' }];
    // Common, rare (a handful of rows somewhere in the middle of time), and none.
    for (const query of ['', 'kind:api', 'level:error', 'user:u7 AND status:404', 'firefox OR level:error', 'zzzz']) {
      const filter = parseQuery(query);
      const times = store.events.search(compileFilter(filter), 100_000).map((e) => e.time);
      const expected = times.length === 0 ? [null, null] : [Math.min(...times), Math.max(...times)];
      expect(index.aggregate({ filter, metrics }).rows, query).toEqual([{ keys: [], values: expected }]);
      expect(index.aggregate({ filter, metrics: [metrics[1]!] }).rows, query).toEqual([{ keys: [], values: [expected[1]] }]);
    }
    // Checked as every aggregate is: no metric, or an order by one it does not have, is refused.
    expect(() => index.aggregate({ filter: null, metrics: [] })).toThrow(RangeError);
    expect(() => index.aggregate({ filter: null, metrics, orderBy: 2 })).toThrow(RangeError);
    store.close();
  });
});

describe('columnar pages', () => {
  it('pages newest first by (time, id), with the total, as SQL orders them', () => {
    const store = fixture();
    const index = createColumnarIndex(store.db);
    for (const query of ['', 'status:200', 'firefox OR level:error']) {
      const filter = parseQuery(query);
      const sql = compileFilter(filter);
      const expected = store.events.search(sql, 100_000).map((e) => Number(e.id));
      const seen: number[] = [];
      for (let offset = 0; ; offset += 250) {
        const page = index.sortedPage(filter, DEFAULT_SORT, 250, offset);
        expect(page.total).toBe(expected.length);
        seen.push(...page.ids);
        if (page.ids.length < 250) break;
      }
      expect(seen, query).toEqual(expected);
    }
    expect(index.sortedPage(null, DEFAULT_SORT, 0, 0)).toEqual({ ids: [], total: index.count(null) });
    store.close();
  });
});

describe('columnar index: values SQL alone can compare', () => {
  it('answers filters over text stored in number columns as SQL does, and declines to measure it', () => {
    const store = fixture();
    const index = createColumnarIndex(store.db);
    index.count(parseQuery('status:200 duration>5'));
    // No writer of ours stores these; another tool writing the file might.
    store.db.transaction(() => {
      store.db.prepare("UPDATE events SET status = 'teapot', duration_ms = 'slow' WHERE id IN (5, 6)").run();
      bumpEventsEpoch(store.db);
    })();
    for (const q of ['status>=500', 'status:*', '-status<300', 'duration>5', 'duration:*', '-duration<1', 'status:5*', 'duration:1*']) {
      const { where, params } = compileFilter(parseQuery(q));
      const expected = store.db.prepare(`SELECT count(*) FROM events e WHERE (${where})`).pluck().get(...params);
      expect(index.count(parseQuery(q)), q).toBe(expected);
    }
    expect(() => index.aggregate({ filter: null, metrics: [{ op: 'p50', field: 'duration_ms' }] })).toThrow(NotColumnarError);
    expect(() => index.aggregate({ filter: null, metrics: [{ op: 'errors' }] })).toThrow(NotColumnarError);
    expect(() => index.aggregate({ filter: null, groupBy: ['status_class'], metrics: [{ op: 'count' }] })).toThrow(NotColumnarError);
    store.close();
  });
});
