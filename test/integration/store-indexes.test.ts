// The secondary indexes: one list (event-indexes.ts) that must say exactly what migration 4
// created, rebuilt when missing (an import killed while they were dropped), and the query plans
// of the new dictionary filters keep their indexes.
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../electron/core/store/sqlite/event-filter.js';
import { EVENT_INDEXES, dropEventIndexes } from '../../electron/core/store/sqlite/event-indexes.js';
import { openStore } from '../../electron/core/store/sqlite/open.js';
import { EVENTS_BY_IDS_SQL } from '../../electron/core/store/sqlite/events.js';
import { tempDbPath } from '../helpers/temp.js';

const indexSql = (db: ReturnType<typeof openStore>['db']) =>
  Object.fromEntries(
    (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL").all() as { name: string; sql: string }[]).map((r) => [r.name, r.sql]),
  );

describe('event indexes', () => {
  it('lists exactly the indexes migration 4 creates, besides the dedup key', () => {
    const store = openStore({ path: tempDbPath() });
    const made = indexSql(store.db);
    delete made.events_by_dedup_key;
    expect(made).toEqual(Object.fromEntries(EVENT_INDEXES.map((i) => [i.name, i.sql])));
    store.close();
  });

  it('builds missing indexes again when a store is opened', () => {
    const path = tempDbPath();
    const store = openStore({ path });
    const before = indexSql(store.db);
    dropEventIndexes(store.db);
    expect(Object.keys(indexSql(store.db))).toEqual(['events_by_dedup_key']);
    // As an import killed half way leaves it: no indexes, and the mark of a process now gone.
    store.db.prepare("UPDATE settings SET value = '2147483646' WHERE key = 'bulk_load_pid'").run();
    store.close();
    const again = openStore({ path });
    expect(indexSql(again.db)).toEqual(before);
    again.close();
  });

  it('leaves them to a load still running in a live process, and rebuilds after a dead one', () => {
    const path = tempDbPath();
    const store = openStore({ path });
    dropEventIndexes(store.db);
    // This process is alive: another open must not build the indexes under its load.
    const beside = openStore({ path });
    expect(Object.keys(indexSql(beside.db))).toEqual(['events_by_dedup_key']);
    beside.close();
    // A mark left by a process that is gone (pid far beyond any live one) is ignored.
    store.db.prepare("UPDATE settings SET value = '2147483646' WHERE key = 'bulk_load_pid'").run();
    store.close();
    const after = openStore({ path });
    expect(Object.keys(indexSql(after.db)).sort()).toEqual(['events_by_dedup_key', ...EVENT_INDEXES.map((i) => i.name)].sort());
    after.close();
  });

  it('finds dictionary text through the strings index, then events through theirs', () => {
    const store = openStore({ path: tempDbPath() });
    const plan = (q: string) => {
      const f = compileQuery(q);
      return (store.db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM events e WHERE ${f.where}`).all(...f.params) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
    };
    expect(plan('session:abc')).toMatch(/INDEX events_by_session \(session_ref=\?\)/);
    expect(plan('session:abc')).toMatch(/strings_by_value/);
    expect(plan('route:/api/cart')).toMatch(/INDEX events_by_route \(route_ref=\?\)/);
    expect(plan('status>=500')).toMatch(/INDEX events_by_status \(status>\?\)/);
    store.close();
  });

  it('reads the events of a page of ids by primary key, never by a scan', () => {
    const store = openStore({ path: tempDbPath() });
    const plan = (store.db.prepare(`EXPLAIN QUERY PLAN ${EVENTS_BY_IDS_SQL}`).all('[1,2,3]') as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/SEARCH e USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(plan).not.toMatch(/SCAN e\b/);
    store.close();
  });
});
