// The columnar index keeps up with the table: rows other connections add, rows deleted or
// rewritten (the events epoch), and ids SQLite hands out again after the highest row went.
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../electron/core/store/sqlite/open.js';
import { compileFilter } from '../../electron/core/store/sqlite/event-filter.js';
import { createColumnarIndex, bumpEventsEpoch, NotColumnarError, type ColumnarIndex } from '../../electron/core/store/sqlite/columnar/index.js';
import { createBatchEncoder } from '../../electron/core/importers/batch-encoder.js';
import { derivedSessionRef } from '../../electron/core/store/derived-sessions.js';
import { mergeDerivedSessions } from '../../electron/core/store/sqlite/derived-session-sql.js';
import { parseQuery } from '../../electron/core/query/parse.js';
import type { NewEvent } from '../../shared/events.js';
import type { AggregateSpec } from '../../electron/core/store/port.js';
import { tempDbPath } from '../helpers/temp.js';

const T0 = Date.UTC(2026, 4, 1);

const api = (i: number, extra: Partial<NewEvent> = {}): NewEvent => ({
  time: T0 + i * 1000,
  kind: 'api',
  method: i % 2 ? 'GET' : 'POST',
  route: `/r${i % 3}`,
  status: i % 4 === 0 ? 500 : 200,
  duration_ms: i + 0.5,
  raw: `line ${i}`,
  ...extra,
});

const BY_ROUTE: AggregateSpec = { filter: null, groupBy: ['route'], metrics: [{ op: 'count' }, { op: 'errors' }, { op: 'max', field: 'duration_ms' }] };

/** What SQL says, for the same questions. */
function sqlCount(store: Store, query: string): number {
  const { where, params } = compileFilter(parseQuery(query));
  return store.db.prepare(`SELECT count(*) FROM events e WHERE (${where})`).pluck().get(...params) as number;
}

function sqlByRoute(store: Store): [string | null, number, number, number][] {
  return store.db
    .prepare(
      `SELECT route, count(*), coalesce(sum(status >= 500), 0), max(duration_ms) FROM events_view GROUP BY route ORDER BY 2 DESC, 1`,
    )
    .raw()
    .all() as [string | null, number, number, number][];
}

function expectInStep(store: Store, index: ColumnarIndex): void {
  for (const q of ['', 'status:500', 'method:GET route:/r1', 'session:*']) expect(index.count(parseQuery(q)), q).toBe(sqlCount(store, q));
  expect(index.aggregate(BY_ROUTE).rows.map((r) => [r.keys[0], ...r.values])).toEqual(sqlByRoute(store));
}

describe('columnar index: catching up with the table', () => {
  it('loads nothing until asked, then rows another connection adds at the next answer', () => {
    const path = tempDbPath();
    const store = openStore({ path });
    const src = store.sources.create('file', 'a.log', 'access');
    store.append(src, Array.from({ length: 20 }, (_, i) => api(i)));
    const index = createColumnarIndex(store.db);
    index.sync();
    expect(index.rows()).toBe(0);
    expectInStep(store, index);
    expect(index.rows()).toBe(20);

    // Another connection (a writer thread, the command line) adds rows, new route and all.
    const other = openStore({ path, checkIntegrity: false });
    other.append(other.sources.collectorId(), Array.from({ length: 30 }, (_, i) => api(100 + i, { route: '/new' })));
    other.close();
    expectInStep(store, index);
    expect(index.rows()).toBe(50);
    // And this connection's own writes, which data_version does not count.
    store.append(src, [api(200, { status: 503 })]);
    index.sync();
    expect(index.rows()).toBe(51);
    expectInStep(store, index);
    store.close();
  });

  it('reloads after deletes that move the epoch: a removed source, lines forgotten, a purge', () => {
    const store = openStore({ path: tempDbPath() });
    const a = store.sources.create('file', 'a.log', 'access');
    const b = store.sources.create('file', 'b.log', 'access');
    store.append(a, Array.from({ length: 40 }, (_, i) => api(i, { line: i + 1 })));
    store.append(b, Array.from({ length: 40 }, (_, i) => api(50 + i, { line: i + 1 })));
    store.append(store.sources.collectorId(), Array.from({ length: 10 }, (_, i) => api(-1000 + i)));
    const index = createColumnarIndex(store.db);
    expectInStep(store, index);

    const bumped = <T>(change: () => T) => store.db.transaction(() => (bumpEventsEpoch(store.db), change()))();
    bumped(() => store.sources.remove(a));
    expectInStep(store, index);
    bumped(() => store.sources.forgetAfterLine(b, 25));
    expectInStep(store, index);
    bumped(() => store.retention.purgeCollectedBefore(T0, 5));
    expectInStep(store, index);
    expect(index.count(null)).toBe(25 + 5);
    store.close();
  });

  it('tells a reused id apart: the highest row deleted and another stored under its id', () => {
    const store = openStore({ path: tempDbPath() });
    const src = store.sources.create('file', 'a.log', 'access');
    const ids = store.append(src, Array.from({ length: 10 }, (_, i) => api(i)));
    const index = createColumnarIndex(store.db);
    expectInStep(store, index);
    store.db.transaction(() => {
      store.db.prepare('DELETE FROM events WHERE id = ?').run(ids[9]);
      bumpEventsEpoch(store.db);
    })();
    const [again] = store.append(src, [api(99, { route: '/other', status: 500, duration_ms: 7 })]);
    expect(again).toBe(ids[9]);
    expectInStep(store, index);
    store.close();
  });

  it('recovers even from a delete nobody marked, at the top of the table or in the middle', () => {
    const store = openStore({ path: tempDbPath() });
    const src = store.sources.create('file', 'a.log', 'access');
    const ids = store.append(src, Array.from({ length: 10 }, (_, i) => api(i)));
    const index = createColumnarIndex(store.db);
    expectInStep(store, index);
    // The top rows gone: the highest id is below what is held.
    store.db.prepare('DELETE FROM events WHERE id >= ?').run(ids[8]);
    expectInStep(store, index);
    // A middle row gone: noticed when a column loads and its ids no longer line up.
    store.db.prepare('DELETE FROM events WHERE id = ?').run(ids[3]);
    expect(index.count(parseQuery('ip:*'))).toBe(0);
    expect(index.count(null)).toBe(7);
    store.close();
  });

  it('sees sessions moved by a merge that moves the epoch', () => {
    const store = openStore({ path: tempDbPath() });
    const src = store.sources.create('file', 'x.har', 'har');
    const enc = createBatchEncoder(100);
    for (let i = 0; i < 20; i++) enc.add(api(i), { offset: i, length: 1, line: i + 1 }, false, derivedSessionRef(src, 1 + (i % 4)));
    const load = store.bulkLoad({ sourceId: src, dropIndexes: false });
    load.append(enc.take(20, 20), 0);
    load.finish();
    const index = createColumnarIndex(store.db);
    const sessions = () => index.aggregate({ filter: null, groupBy: ['session_id'], metrics: [{ op: 'count' }] }).rows.map((r) => [r.keys[0], r.values[0]]);
    expect(sessions()).toEqual([[`d${src}-1`, 5], [`d${src}-2`, 5], [`d${src}-3`, 5], [`d${src}-4`, 5]]);
    store.db.transaction(() => {
      mergeDerivedSessions(store.db, [[derivedSessionRef(src, 3), derivedSessionRef(src, 1)]]);
      bumpEventsEpoch(store.db);
    })();
    expect(sessions()).toEqual([[`d${src}-1`, 10], [`d${src}-2`, 5], [`d${src}-4`, 5]]);
    expect(index.count(parseQuery(`session:d${src}-3`))).toBe(0);
    store.close();
  });

  it('declines inside a transaction, whose rows may yet roll back', () => {
    const store = openStore({ path: tempDbPath() });
    const src = store.sources.create('file', 'a.log', 'access');
    store.append(src, [api(1)]);
    const index = createColumnarIndex(store.db);
    expect(index.count(null)).toBe(1);
    store.db.transaction(() => {
      store.events.insertMany(src, [api(2)]);
      expect(() => index.count(null)).toThrow(NotColumnarError);
    })();
    expect(index.count(null)).toBe(2);
    store.close();
  });

  it('reports the bytes it holds, which grow as columns load, and holds nothing once closed', () => {
    const store = openStore({ path: tempDbPath() });
    store.append(store.sources.create('file', 'a.log', 'access'), Array.from({ length: 100 }, (_, i) => api(i)));
    const index = createColumnarIndex(store.db);
    index.count(null);
    const idsOnly = index.bytes();
    expect(idsOnly).toBeGreaterThanOrEqual(100 * 8);
    index.aggregate(BY_ROUTE);
    expect(index.bytes()).toBeGreaterThan(idsOnly);
    index.close();
    expect(index.bytes()).toBe(0);
    expect(() => index.count(null)).toThrow(/closed/);
    store.close();
  });
});
