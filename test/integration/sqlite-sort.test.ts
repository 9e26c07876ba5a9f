// Sorted search in the SQLite adapter: the SQL fallback against the store contract's sort
// section, the columnar index against SQL on the same rows (every field, both directions,
// offsets, cursors, filters), and the query plans of the sorts that must stay fast.
import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../shared/events.js';
import { SORT_FIELDS, type SortSpec } from '../../shared/sort.js';
import { parseQuery } from '../../electron/core/query/parse.js';
import { openSqliteStore } from '../../electron/core/store/sqlite/adapter.js';
import { compileFilter } from '../../electron/core/store/sqlite/event-filter.js';
import { createColumnarIndex } from '../../electron/core/store/sqlite/columnar/index.js';
import { createSortedSql, type SqlSortKey } from '../../electron/core/store/sqlite/sorted-search.js';
import { derivedSessionRef } from '../../electron/core/store/derived-sessions.js';
import { sortValueOf } from '../../shared/sort.js';
import { describeSortAndOffset, sortEvents } from '../helpers/store-contract-sort.js';
import { T0 } from '../helpers/store-contract-support.js';
import { tempDbPath } from '../helpers/temp.js';

describe('sqlite sort by SQL alone (the fallback)', () => {
  describeSortAndOffset(async () => openSqliteStore({ path: tempDbPath(), columnar: false }));
});

/** 600 events: the contract's mix repeated at other times, some in derived sessions. */
async function seededStore() {
  const store = openSqliteStore({ path: tempDbPath() });
  const collector = await store.sources.collectorId();
  const base = sortEvents();
  const events: NewEvent[] = Array.from({ length: 600 }, (_, i) => ({ ...base[(i * 7) % base.length]!, time: T0 + ((i * 37) % 101) * 1000 }));
  await store.append(collector, events);
  // Derived sessions read d<source>-<n>: their text order is not their number's (d1-10 before d1-9).
  store.sync.db.prepare('UPDATE events SET session_ref = ? WHERE id % 5 = 0').run(derivedSessionRef(1, 9));
  store.sync.db.prepare('UPDATE events SET session_ref = ? WHERE id % 5 = 1').run(derivedSessionRef(1, 10));
  return store;
}

describe('sqlite sort: the columnar index answers as SQL does', () => {
  it('gives the same pages for every sort, offset, cursor and filter', async () => {
    const store = await seededStore();
    const index = createColumnarIndex(store.sync.db);
    const sql = createSortedSql(store.sync.db, store.sync.strings);
    try {
      for (const query of [null, 'status>=300', 'kind:user']) {
        const node = query === null ? null : parseQuery(query);
        const f = compileFilter(node);
        for (const field of SORT_FIELDS) {
          for (const dir of ['asc', 'desc'] as const) {
            const sort: SortSpec = { field, dir };
            const viaSql = sql.page(f, sort, 1000, 0, undefined).map((e) => e.id);
            expect(viaSql.length).toBeGreaterThan(0);
            const viaIndex = index.sortedPage(node, sort, 1000, 0).ids.map(String);
            expect({ query, sort, ids: viaIndex }).toEqual({ query, sort, ids: viaSql });
            for (const offset of [1, 57, viaSql.length - 3]) {
              expect(index.sortedPage(node, sort, 9, offset).ids.map(String)).toEqual(viaSql.slice(offset, offset + 9));
              expect(sql.page(f, sort, 9, offset, undefined).map((e) => e.id)).toEqual(viaSql.slice(offset, offset + 9));
            }
            // Cursors at rows with a value and without: both go on to the same rows.
            for (const at of [10, viaSql.length - 20]) {
              const [row] = sql.page(f, sort, 1, at, undefined);
              const key: SqlSortKey = { value: field === 'time' ? row!.time : (sortValueOf(row!, field) ?? null), time: row!.time, id: Number(row!.id) };
              const want = viaSql.slice(at + 1, at + 13);
              expect(index.sortedPage(node, sort, 12, 0, key).ids.map(String)).toEqual(want);
              expect(sql.page(f, sort, 12, 0, key).map((e) => e.id)).toEqual(want);
            }
          }
        }
      }
    } finally {
      index.close();
      await store.close();
    }
  });

  it('merges rows added after an order was made into it, new texts among them', async () => {
    const store = await seededStore();
    const index = createColumnarIndex(store.sync.db);
    const sql = createSortedSql(store.sync.db, store.sync.strings);
    const sorts: SortSpec[] = [{ field: 'target', dir: 'asc' }, { field: 'time', dir: 'asc' }, { field: 'duration_ms', dir: 'desc' }];
    const same = () => {
      for (const sort of sorts) {
        expect({ sort, ids: index.sortedPage(null, sort, 700, 0).ids.map(String) }).toEqual({ sort, ids: sql.page(compileFilter(null), sort, 700, 0, undefined).map((e) => e.id) });
      }
    };
    try {
      same();
      const collector = await store.sources.collectorId();
      // Rows with texts already ranked, then ones with texts between ranked ones, older than most.
      await store.append(collector, [{ time: T0 + 50_500, kind: 'log', raw: 'x', message: 'POST', duration_ms: 12 }]);
      same();
      await store.append(collector, [
        { time: T0 + 3_000, kind: 'user', raw: 'y', message: 'PO', page: 'new page' },
        { time: T0 - 1, kind: 'api', raw: 'z', route: 'Zeta', duration_ms: 0.5 },
      ]);
      same();
    } finally {
      index.close();
      await store.close();
    }
  });
});

describe('sqlite sort: query plans', () => {
  const planOf = (sort: SortSpec, after?: SqlSortKey) => {
    const store = openSqliteStore({ path: tempDbPath(), columnar: false });
    const st = createSortedSql(store.sync.db, store.sync.strings).statements(compileFilter(null), sort, after);
    const plan = (sql: string | null) =>
      sql === null
        ? null
        : (store.sync.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(sql.match(/\?/g) ?? []).map(() => 1)) as { detail: string }[])
            .map((r) => r.detail)
            .join('\n');
    const out = { withValue: plan(st.withValue), withoutValue: plan(st.withoutValue) };
    void store.close();
    return out;
  };

  it('time order walks events_by_time in either direction, with or without a cursor, never sorting', () => {
    for (const dir of ['asc', 'desc'] as const) {
      for (const after of [undefined, { value: T0, time: T0, id: 5 }]) {
        const { withoutValue } = planOf({ field: 'time', dir }, after);
        expect(withoutValue).toMatch(/events_by_time/);
        expect(withoutValue).not.toMatch(/TEMP B-TREE/);
      }
    }
  });

  it('status order reads events_by_status for the rows with a status, events_by_time for the rest', () => {
    for (const dir of ['asc', 'desc'] as const) {
      const { withValue, withoutValue } = planOf({ field: 'status', dir }, { value: 404, time: T0, id: 5 });
      expect(withValue).toMatch(/INDEX events_by_status/);
      expect(withoutValue).toMatch(/events_by_time/);
      expect(withoutValue).not.toMatch(/TEMP B-TREE/);
    }
  });
});
