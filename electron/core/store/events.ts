// The event table family: insert, search (keyset-paged, newest first), count and fetch one.
import type { Database } from 'better-sqlite3';
import { ATTR_COLUMNS, type EventKind, type LogEvent, type LogEventDetail, type NewEvent } from '../../../shared/events.js';
import { buildFtsBody } from './event-filter.js';
import { statementCache } from './statement-cache.js';

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
   * Inserts in the caller's transaction (or its own); returns the ids in order. An event whose
   * dedup_key is already stored is not inserted again: its id is the stored one's, and it does
   * not count in `inserted`.
   */
  insertMany(sourceId: number, events: readonly NewEvent[]): { ids: number[]; inserted: number };
  search(filter: SqlFilter, limit: number, before?: Cursor): LogEvent[];
  count(filter: SqlFilter): number;
  get(id: number): LogEventDetail | undefined;
  maxId(): number;
}

const COLUMNS = [
  'time', 'kind', 'session_id', 'user_id', 'source_id', 'line', 'method', 'url', 'route', 'status',
  'duration_ms', 'req_bytes', 'resp_bytes', 'ip_hash', 'user_agent', 'referrer', 'type', 'page',
  'target', 'level', 'message', 'trace_id', 'span_id', 'attrs', 'raw', 'dedup_key',
] as const;

/** Columns that map one to one onto optional LogEvent fields. */
const PLAIN_COLUMNS = [
  'session_id', 'user_id', 'line', 'method', 'url', 'route', 'status', 'duration_ms', 'type', 'page',
  'target', 'level', 'message', 'trace_id', 'span_id',
] as const;

type EventRow = {
  id: number;
  time: number;
  kind: EventKind;
  source: string | null;
  attrs: string | null;
  raw?: string;
} & { [K in (typeof PLAIN_COLUMNS)[number] | (typeof ATTR_COLUMNS)[number]]: string | number | null };

const SELECT = `SELECT e.id, e.time, e.kind, s.name AS source, e.attrs,
  ${[...PLAIN_COLUMNS, ...ATTR_COLUMNS].map((c) => `e.${c}`).join(', ')}
  FROM events e LEFT JOIN sources s ON s.id = e.source_id`;

export function rowToEvent(row: EventRow): LogEvent {
  const out: Record<string, unknown> = { id: row.id, time: row.time, kind: row.kind };
  if (row.source !== null) out.source = row.source;
  for (const c of PLAIN_COLUMNS) if (row[c] !== null) out[c] = row[c];
  const attrs: Record<string, unknown> = row.attrs ? (JSON.parse(row.attrs) as Record<string, unknown>) : {};
  for (const c of ATTR_COLUMNS) if (row[c] !== null) attrs[c] = row[c];
  if (Object.keys(attrs).length > 0) out.attrs = attrs;
  return out as LogEvent;
}

export function createEventsStore(db: Database): EventsStore {
  const insert = db.prepare(
    `INSERT INTO events (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`,
  );
  const byDedupKey = db.prepare('SELECT id FROM events WHERE dedup_key = ?').pluck();
  const insertFts = db.prepare('INSERT INTO events_fts (rowid, body) VALUES (?, ?)');
  const getOne = db.prepare(`${SELECT.replace('e.attrs,', 'e.attrs, e.raw,')} WHERE e.id = ?`);
  const maxId = db.prepare('SELECT coalesce(max(id), 0) FROM events').pluck();
  const prepared = statementCache(db);

  /** The new event's id, or minus the stored one's when its dedup_key was already there. */
  const insertOne = (sourceId: number, e: NewEvent): number => {
    const attrs = e.attrs && Object.keys(e.attrs).length > 0 ? JSON.stringify(e.attrs) : null;
    const result = insert.run(
        e.time, e.kind, e.session_id ?? null, e.user_id ?? null, sourceId, e.line ?? null, e.method ?? null,
        e.url ?? null, e.route ?? null, e.status ?? null, e.duration_ms ?? null, e.req_bytes ?? null,
        e.resp_bytes ?? null, e.ip_hash ?? null, e.user_agent ?? null, e.referrer ?? null, e.type ?? null,
        e.page ?? null, e.target ?? null, e.level ?? null, e.message ?? null, e.trace_id ?? null,
        e.span_id ?? null, attrs, e.raw, e.dedup_key ?? null,
    );
    // Only the dedup_key index can conflict: every other column is free-form.
    if (result.changes === 0) return -(byDedupKey.get(e.dedup_key) as number);
    const id = Number(result.lastInsertRowid);
    const body = buildFtsBody(e);
    if (body) insertFts.run(id, body);
    return id;
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
    insertMany: (sourceId, events) => insertAll(sourceId, events),
    search(filter, limit, before) {
      const keyset = before ? ' AND (e.time, e.id) < (?, ?)' : '';
      const sql = `${SELECT} WHERE (${filter.where})${keyset} ORDER BY e.time DESC, e.id DESC LIMIT ?`;
      const params = before ? [...filter.params, before.time, before.id, limit] : [...filter.params, limit];
      return (prepared(sql).all(...params) as EventRow[]).map(rowToEvent);
    },
    count(filter) {
      const sql = `SELECT count(*) FROM events e WHERE (${filter.where})`;
      return prepared(sql).pluck().get(...filter.params) as number;
    },
    get(id) {
      const row = getOne.get(id) as EventRow | undefined;
      if (!row) return undefined;
      return { ...rowToEvent(row), raw: row.raw ?? '' };
    },
    maxId: () => maxId.get() as number,
  };
}
