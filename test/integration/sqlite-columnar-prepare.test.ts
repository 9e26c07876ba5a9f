// A big store's first answers load their columns a slice at a time between turns of the event
// loop (ColumnarIndex.prepare), so the collector and the UI keep being answered meanwhile; the
// answer that follows loads nothing, and means what SQL means even when rows come and go between
// slices.
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../electron/core/store/sqlite/open.js';
import { compileFilter } from '../../electron/core/store/sqlite/event-filter.js';
import { createColumnarIndex } from '../../electron/core/store/sqlite/columnar/index.js';
import { SLICE_ROWS } from '../../electron/core/store/sqlite/columnar/table.js';
import { parseQuery } from '../../electron/core/query/parse.js';
import type { NewEvent } from '../../shared/events.js';
import type { AggregateSpec } from '../../electron/core/store/port.js';
import { tempDbPath } from '../helpers/temp.js';

const T0 = Date.UTC(2026, 4, 1);
const ROWS = SLICE_ROWS * 6 + 123;
const api = (i: number): NewEvent => ({
  time: T0 + i * 1000, kind: 'api', method: i % 2 ? 'GET' : 'POST', route: `/r${i % 7}`, status: i % 9 === 0 ? 503 : 200, duration_ms: (i * 37) % 1000, raw: '',
});

function seeded(): { store: Store; source: number } {
  const store = openStore({ path: tempDbPath() });
  const source = store.sources.create('file', 'big.log', 'access');
  store.append(source, Array.from({ length: ROWS }, (_, i) => api(i)));
  return { store, source };
}

const sqlCount = (store: Store, q: string) => {
  const { where, params } = compileFilter(parseQuery(q));
  return store.db.prepare(`SELECT count(*) FROM events e WHERE (${where})`).pluck().get(...params) as number;
};

const BY_ROUTE: AggregateSpec = { filter: parseQuery('status:503'), groupBy: ['route'], metrics: [{ op: 'count' }, { op: 'p95', field: 'duration_ms' }] };

describe('columnar index: loading a slice at a time', () => {
  it('lets the event loop turn between slices, then answers without loading anything more', async () => {
    const { store } = seeded();
    const index = createColumnarIndex(store.db);
    let turns = 0;
    let loading = true;
    const tick = () => {
      if (!loading) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    await index.prepare({ filter: BY_ROUTE.filter, spec: BY_ROUTE });
    loading = false;
    // Rows in slices, then the columns the filter and metrics read, each in slices.
    expect(turns).toBeGreaterThanOrEqual(Math.floor(ROWS / SLICE_ROWS));
    const loaded = index.bytes();
    expect(loaded).toBeGreaterThan(0);
    const rows = index.aggregate(BY_ROUTE).rows;
    // No column was loaded for it: one would add at least a byte a row.
    expect(index.bytes() - loaded).toBeLessThan(ROWS);
    const byRoute = store.db
      .prepare("SELECT route, count(*) FROM events_view WHERE status = 503 GROUP BY route ORDER BY 2 DESC, 1")
      .raw()
      .all();
    expect(rows.map((r) => [r.keys[0], r.values[0]])).toEqual(byRoute);
    store.close();
  });

  it('answers as SQL does when rows are added and deleted between slices', async () => {
    const { store, source } = seeded();
    const other = openStore({ path: store.path });
    const index = createColumnarIndex(store.db);
    let step = 0;
    const meddle = () => {
      step++;
      // Another connection adds rows, then removes some (the epoch moves), mid-load.
      if (step === 2) other.append(source, [api(ROWS + 1), api(ROWS + 2)]);
      if (step === 4) other.sources.forgetAfterLine(source, 0);
      if (step < 6) setImmediate(meddle);
    };
    setImmediate(meddle);
    await index.prepare({ filter: parseQuery('method:GET'), page: true });
    for (const q of ['method:GET', 'status:503', '']) expect(index.count(parseQuery(q)), q).toBe(sqlCount(store, q));
    other.close();
    store.close();
  });

  it('prepares several answers at once, each loading the columns it reads', async () => {
    const { store } = seeded();
    const index = createColumnarIndex(store.db);
    const queries = ['method:GET', 'route:/r1', 'duration_ms>500'];
    await Promise.all([...queries.map((q) => index.prepare({ filter: parseQuery(q) })), index.prepare({ filter: BY_ROUTE.filter, spec: BY_ROUTE })]);
    for (const q of queries) expect(index.count(parseQuery(q)), q).toBe(sqlCount(store, q));
    store.close();
  });
});
