// The warmer (store/sqlite/warm-ahead.ts): what a free-text search reads and the table's sort
// orders are made ahead while the store is idle, never while it is answering, again after rows
// arrive, and the sorts they serve give the same pages as orders made on the click.
import { afterEach, describe, expect, it } from 'vitest';
import type { NewEvent } from '../../shared/events.js';
import { TABLE_SORT_FIELDS, type SortField } from '../../shared/sort.js';
import { openSqliteStore, type SqliteEventStore } from '../../electron/core/store/sqlite/adapter.js';
import { createColumnarIndex, type ColumnarIndex } from '../../electron/core/store/sqlite/columnar/index.js';
import { FREE_TEXT, startWarmer, type Warmer } from '../../electron/core/store/sqlite/warm-ahead.js';
import { sortEvents } from '../helpers/store-contract-sort.js';
import { T0 } from '../helpers/store-contract-support.js';
import { tempDbPath } from '../helpers/temp.js';

const IDLE_MS = 15;
const open: { store: SqliteEventStore; index: ColumnarIndex; warmer: Warmer | null }[] = [];

afterEach(async () => {
  for (const o of open.splice(0)) {
    o.warmer?.stop();
    o.index.close();
    await o.store.close();
  }
});

async function seeded(n: number) {
  const store = openSqliteStore({ path: tempDbPath(), columnar: false });
  const base = sortEvents();
  const events: NewEvent[] = Array.from({ length: n }, (_, i) => ({ ...base[(i * 7) % base.length]!, time: T0 + ((i * 37) % 101) * 1000 }));
  await store.append(await store.sources.collectorId(), events);
  const entry = { store, index: createColumnarIndex(store.sync.db), warmer: null as Warmer | null };
  open.push(entry);
  return entry;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const allWarm = (index: ColumnarIndex, fields: readonly SortField[]) => fields.every((f) => index.sortWarm(f));
async function until(check: () => boolean, ms = 5_000): Promise<void> {
  for (const t0 = Date.now(); !check(); await sleep(5)) if (Date.now() - t0 > ms) throw new Error('not warm in time');
}

describe('making a sort order ahead', () => {
  it('takes one part a call: a text field’s ranks, then its order; a number field’s order at once', async () => {
    const s = await seeded(200);
    s.index.warmSort('target');
    expect(s.index.sortWarm('target')).toBe(false);
    s.index.warmSort('target');
    expect(s.index.sortWarm('target')).toBe(true);
    s.index.warmSort('duration_ms');
    expect(s.index.sortWarm('duration_ms')).toBe(true);
  });
});

describe('warmer', () => {
  it('loads what a free-text search reads first, then makes the order of every table column, while the store is idle', async () => {
    const s = await seeded(400);
    expect(s.index.holds(FREE_TEXT)).toBe(false);
    expect(TABLE_SORT_FIELDS.some((f) => s.index.sortWarm(f))).toBe(false);
    s.warmer = startWarmer(s.index, TABLE_SORT_FIELDS, () => {}, IDLE_MS);
    await until(() => s.index.holds(FREE_TEXT));
    expect(TABLE_SORT_FIELDS.filter((f) => s.index.sortWarm(f))).toEqual([]);
    await until(() => allWarm(s.index, TABLE_SORT_FIELDS));
  });

  it('makes nothing while the store keeps answering, and goes on once it is quiet', async () => {
    const s = await seeded(400);
    s.warmer = startWarmer(s.index, TABLE_SORT_FIELDS, () => {}, IDLE_MS);
    for (const t0 = Date.now(); Date.now() - t0 < 200; await sleep(IDLE_MS / 3)) s.warmer.busy()();
    expect(s.index.holds(FREE_TEXT)).toBe(false);
    expect(TABLE_SORT_FIELDS.filter((f) => s.index.sortWarm(f))).toEqual([]);
    await until(() => allWarm(s.index, TABLE_SORT_FIELDS));
  });

  it('makes nothing while one long answer is still running', async () => {
    const s = await seeded(400);
    s.warmer = startWarmer(s.index, TABLE_SORT_FIELDS, () => {}, IDLE_MS);
    const done = s.warmer.busy();
    await sleep(IDLE_MS * 12);
    expect(s.index.holds(FREE_TEXT)).toBe(false);
    expect(TABLE_SORT_FIELDS.filter((f) => s.index.sortWarm(f))).toEqual([]);
    done();
    await until(() => allWarm(s.index, TABLE_SORT_FIELDS));
  });

  it('brings the orders up to date after rows arrive, and pages from them as from orders made on the click', async () => {
    const s = await seeded(300);
    s.warmer = startWarmer(s.index, TABLE_SORT_FIELDS, () => {}, IDLE_MS);
    await until(() => allWarm(s.index, TABLE_SORT_FIELDS));
    const more: NewEvent[] = sortEvents().map((e, i) => ({ ...e, time: T0 + 50_500 + i }));
    await s.store.append(await s.store.sources.collectorId(), more);
    s.index.sync();
    expect(allWarm(s.index, TABLE_SORT_FIELDS)).toBe(false);
    await until(() => allWarm(s.index, TABLE_SORT_FIELDS));
    const cold = createColumnarIndex(s.store.sync.db);
    try {
      for (const field of TABLE_SORT_FIELDS) {
        for (const dir of ['asc', 'desc'] as const) {
          expect({ field, dir, page: s.index.sortedPage(null, { field, dir }, 50, 17) }).toEqual({ field, dir, page: cold.sortedPage(null, { field, dir }, 50, 17) });
        }
      }
    } finally {
      cold.close();
    }
  });
});

describe('warmer in the store and the running core', () => {
  it('starts with the first search, and the poll counting every event is no activity', async () => {
    const path = tempDbPath();
    const seed = openSqliteStore({ path, columnar: false });
    await seed.append(await seed.sources.collectorId(), sortEvents());
    await seed.close();
    const store = openSqliteStore({ path, warmIdleMs: IDLE_MS });
    try {
      store.warmAhead?.(['status', 'target']);
      await sleep(IDLE_MS * 12);
      // Nobody searched: nothing kept for a table nobody opened.
      expect(store.sortReady('status')).toBe(false);
      expect(store.searchReady()).toBe(false);
      await store.search({ filter: null, limit: 5 });
      // The other-writers poll asks the count of everything more often than the store goes quiet.
      const poll = setInterval(() => void store.count(null), IDLE_MS / 3);
      try {
        await until(() => store.searchReady() && store.sortReady('status') && store.sortReady('target'));
      } finally {
        clearInterval(poll);
      }
      expect(store.sortReady('session_id')).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('is started by the service when it is told the table’s sorts (serve and the desktop app tell it)', async () => {
    const { openCore } = await import('../../electron/core/compose.js');
    const path = tempDbPath();
    const seed = openSqliteStore({ path, columnar: false });
    await seed.append(await seed.sources.collectorId(), sortEvents());
    await seed.close();
    const core = await openCore({ store: { kind: 'sqlite', path }, version: 'test', collectorUrl: null, log: () => {}, followOtherWriters: true, warmAhead: ['status'] });
    try {
      const store = core.store as SqliteEventStore;
      await store.search({ filter: null, limit: 5 });
      await until(() => store.sortReady('status'), 15_000);
    } finally {
      await core.close();
    }
  }, 20_000);
});
