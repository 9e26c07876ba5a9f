// The event table family: insert, search (keyset-paged, newest first), count and fetch one.
// Text fields are dictionary columns (event-columns.ts, strings.ts).
import type { Database } from 'better-sqlite3';
import type { LogEvent, NewEvent } from '../../../../shared/events.js';
import { EVENT_REF_LIST, EVENT_SELECT_LIST, PLAIN_NUMBER_FIELDS, PLAIN_TEXT_FIELDS, STRING_COLUMNS, STRING_FIELDS } from './event-columns.js';
import { refRowsToEvents, rowToEvent, type EventRow } from './event-rows.js';
import { statementCache } from './statement-cache.js';
import { DERIVED_SPAN, derivedSessionRef } from '../derived-sessions.js';
import type { StringsStore } from './strings.js';
import type { StoredEvent } from '../port.js';

export type { StoredEvent };

export interface SqlFilter {
  where: string;
  params: (string | number)[];
}

export interface Cursor {
  time: number;
  id: number;
}

export interface EventsStore {
  /**
   * Inserts in the caller's transaction (or its own); returns the ids in order. A session id is
   * stored as given, even one marked derived (deriving belongs to bulk loads). An event whose
   * dedup_key is already stored is not inserted again: its id is the stored one's, and it does
   * not count in `inserted`.
   */
  insertMany(sourceId: number, events: readonly NewEvent[]): { ids: number[]; inserted: number };
  search(filter: SqlFilter, limit: number, before?: Cursor): LogEvent[];
  /** The events of these ids, in the order given (ids no longer stored are left out). */
  byIds(ids: readonly number[]): LogEvent[];
  count(filter: SqlFilter): number;
  get(id: number): StoredEvent | undefined;
  maxId(): number;
  /** The highest derived-session number a source has used (0: none). */
  lastDerivedSession(sourceId: number): number;
}

const INSERT_COLUMNS = [
  'time', 'kind', 'source_id', ...STRING_FIELDS.map((f) => STRING_COLUMNS[f]), ...PLAIN_NUMBER_FIELDS,
  ...PLAIN_TEXT_FIELDS, 'attrs_ref', 'raw', 'dedup_key',
] as const;

/** Exported for its query-plan test: the ids are looked up by primary key, never by a scan. */
export const EVENTS_BY_IDS_SQL = `SELECT ${EVENT_REF_LIST} FROM events e WHERE e.id IN (SELECT value FROM json_each(?))`;

export function createEventsStore(db: Database, strings: StringsStore): EventsStore {
  const insert = db.prepare(
    `INSERT INTO events (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`,
  );
  const byDedupKey = db.prepare('SELECT id FROM events WHERE dedup_key = ?').pluck();
  const getOne = db.prepare(`SELECT ${EVENT_SELECT_LIST}, e.raw FROM events e WHERE e.id = ?`);
  // One statement for any number of ids: they travel as one JSON array parameter.
  const getMany = db.prepare(EVENTS_BY_IDS_SQL).raw(true);
  const maxId = db.prepare('SELECT coalesce(max(id), 0) FROM events').pluck();
  // The source's refs lie in one range of events_by_session; the lowest is its last session.
  const lowestDerived = db.prepare('SELECT min(session_ref) FROM events WHERE session_ref >= ? AND session_ref < ?').pluck();
  const prepared = statementCache(db);
  const ref = (v: string | null | undefined) => (v === null || v === undefined ? null : strings.intern(v));
  const key = (v: string | null | undefined) => (v === null || v === undefined ? null : strings.intern(v, false));

  /** The new event's id, or minus the stored one's when its dedup_key was already there. */
  const insertOne = (sourceId: number, e: NewEvent): number => {
    const attrs = e.attrs && Object.keys(e.attrs).length > 0 ? JSON.stringify(e.attrs) : null;
    const result = insert.run(
      e.time, e.kind, sourceId, key(e.session_id), ref(e.user_id), ref(e.method), ref(e.url), ref(e.route),
      key(e.ip_hash), ref(e.user_agent), ref(e.referrer), ref(e.type), ref(e.page), ref(e.target), ref(e.level),
      ref(e.message), e.line ?? null, e.status ?? null, e.duration_ms ?? null, e.req_bytes ?? null,
      e.resp_bytes ?? null, e.trace_id ?? null, e.span_id ?? null, ref(attrs), e.raw, e.dedup_key ?? null,
    );
    // Only the dedup_key index can conflict: every other column is free-form.
    if (result.changes === 0) return -(byDedupKey.get(e.dedup_key) as number);
    return Number(result.lastInsertRowid);
  };
  const insertAll = db.transaction((sourceId: number, events: readonly NewEvent[]) => {
    const ids = events.map((e) => insertOne(sourceId, e));
    let inserted = 0;
    for (let i = 0; i < ids.length; i++) {
      if (ids[i]! > 0) inserted++;
      else ids[i] = -ids[i]!;
    }
    return { ids, inserted };
  });

  return {
    insertMany(sourceId, events) {
      try {
        // See Store.append: a transaction of its own takes the write lock before reading strings.
        return db.inTransaction ? insertAll(sourceId, events) : insertAll.immediate(sourceId, events);
      } catch (err) {
        // A rollback takes the strings it added with it; cached ids may point at nothing now.
        strings.reset();
        throw err;
      }
    },
    search(filter, limit, before) {
      const keyset = before ? ' AND (e.time, e.id) < (?, ?)' : '';
      const sql = `SELECT ${EVENT_REF_LIST} FROM events e WHERE (${filter.where})${keyset} ORDER BY e.time DESC, e.id DESC LIMIT ?`;
      const params = before ? [...filter.params, before.time, before.id, limit] : [...filter.params, limit];
      return refRowsToEvents(prepared(sql).raw(true).all(...params) as unknown[][], strings);
    },
    byIds(ids) {
      if (ids.length === 0) return [];
      const events = new Map(refRowsToEvents(getMany.all(JSON.stringify(ids)) as unknown[][], strings).map((e) => [e.id, e]));
      return ids.flatMap((id) => {
        const event = events.get(String(id));
        return event ? [event] : [];
      });
    },
    count(filter) {
      const sql = `SELECT count(*) FROM events e WHERE (${filter.where})`;
      return prepared(sql).pluck().get(...filter.params) as number;
    },
    get(id) {
      const row = getOne.get(id) as EventRow | undefined;
      if (!row) return undefined;
      return { event: rowToEvent(row), sourceId: row.source_id, raw: row.raw ?? null, byteOffset: row.byte_offset, byteLength: row.byte_length };
    },
    maxId: () => maxId.get() as number,
    lastDerivedSession(sourceId) {
      const lowest = lowestDerived.get(derivedSessionRef(sourceId, DERIVED_SPAN - 1), derivedSessionRef(sourceId, 0)) as number | null;
      return lowest === null ? 0 : -lowest - sourceId * DERIVED_SPAN;
    },
  };
}
