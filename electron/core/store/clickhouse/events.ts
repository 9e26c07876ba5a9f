// The events table: collected groups in, pages out (newest first, keyset-paged), counts, single
// events, and deletes. A page is read in two steps: first the (time, id) of the page's rows,
// reading only the columns the filter needs, then those rows' fields. ClickHouse 18.16 reads
// every selected column of every matching row before it sorts, so one step would decompress
// the text of a million rows to show fifty.
import { z } from 'zod';
import type { LogEvent, NewEvent } from '../../../../shared/events.js';
import { DEFAULT_SORT, sortValueOf, type SortSpec } from '../../../../shared/sort.js';
import { encodeSortCursor, type SortKey } from '../sort-cursor.js';
import { afterKeySql, orderSql, sortKeyExpr } from './sorted-search.js';
import type { QueryNode } from '../../query/ast.js';
import { StoreInputError, type AppendResult, type SearchPage, type StoredEvent } from '../port.js';
import type { Connection } from './connection.js';
import { EVENT_SELECT, EventRowSchema, collectedEventRow, insertColumns, newEventId, rowToEvent } from './event-rows.js';
import { compileFilter, type CompiledFilter } from './filter.js';
import type { EventsLayout } from './layout.js';
import type { ClickHouseSources, SourceEvents } from './sources.js';
import { isUInt64Text, SqlParams } from './sql-params.js';

const num = z.union([z.string(), z.number()]).transform(Number);
const SPAN_TTL_MS = 5_000;

export interface EventsTable extends SourceEvents {
  append(sourceId: number, events: readonly NewEvent[]): Promise<AppendResult>;
  /** A page in `sort` (default: newest first), from `offset` or after the cursor's key (sort-cursor.ts). */
  search(filter: QueryNode | null, limit: number, after?: SortKey, sort?: SortSpec, offset?: number): Promise<SearchPage>;
  count(filter: QueryNode | null): Promise<number>;
  get(id: string): Promise<StoredEvent | undefined>;
  /** Deletes the events matching `where` (SQL over events, ours); resolves with how many went, per source. */
  deleteBySource(where: string, params: SqlParams): Promise<Map<number, number>>;
}

export function createEventsTable(conn: Connection, layout: EventsLayout, sources: () => ClickHouseSources): EventsTable {
  const db = conn.database;
  const table = `${db}.events`;
  const scope = { db, layout };

  /** Stored ids of the dedup keys given that are already in the table. */
  async function storedDedupIds(keys: string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const p = new SqlParams();
    const rows = await conn.rows(
      // The smallest id: should two collectors have stored one key at once, every later copy agrees on one.
      `SELECT dedup_key AS k, toString(min(id)) AS i FROM ${table} WHERE has(${p.add('Array(String)', keys)}, dedup_key) GROUP BY dedup_key`,
      p,
      z.object({ k: z.string(), i: z.string() }),
    );
    return new Map(rows.map((r) => [r.k, r.i]));
  }

  async function deleteBySource(where: string, params: SqlParams): Promise<Map<number, number>> {
    const rows = await conn.rows(
      `SELECT source_id, count() AS n FROM ${table} WHERE ${where} GROUP BY source_id`,
      params,
      z.object({ source_id: num, n: num }),
    );
    const gone = new Map(rows.map((r) => [r.source_id, r.n]));
    if (gone.size > 0) await conn.mutate('events', `ALTER TABLE ${table} DELETE WHERE ${where}`, params);
    return gone;
  }

  const wholeTotals = createWholeTotals();

  let span: { at: number; first: number; last: number; n: number } | null = null;
  /** The times the table spans and its size, remembered for a few seconds: they only size the first window. */
  async function timeSpan() {
    if (span && Date.now() - span.at < SPAN_TTL_MS) return span;
    const [r] = await conn.rows(`SELECT min(time) AS first, max(time) AS last, count() AS n FROM ${table}`, null, z.object({ first: num, last: num, n: num }));
    span = { at: Date.now(), first: r?.first ?? 0, last: r?.last ?? 0, n: r?.n ?? 0 };
    return span;
  }

  /**
   * The (time, id) of a page's rows and one more. ClickHouse 18.16 sorts every matching row
   * for ORDER BY ... LIMIT, so the newest rows are looked for in a window of time first (the
   * primary key skips everything older), then in windows 32 times wider, each older than the
   * last and read once, until the page is full or the oldest event is passed: a filter that
   * matches little costs one read of the table, as it would have without windows.
   */
  async function pageKeys(f: CompiledFilter, limit: number, cursor: { time: number; id: string } | null) {
    const { first, last, n } = await timeSpan();
    // Rows newer than the remembered span fall in the first window, which has no upper end.
    const anchor = cursor ? cursor.time : last;
    let width = Math.max(1000, Math.ceil(((limit + 1) / Math.max(n, 1)) * Math.max(last - first, 1) * 4));
    let upper: number | null = null;
    const found: { time: number; i: string }[] = [];
    for (;;) {
      const p = f.params.clone();
      let where = `(${f.where})`;
      if (cursor) {
        const t = p.add('Int64', cursor.time);
        where += ` AND (time < ${t} OR (time = ${t} AND id < ${p.add('UInt64', cursor.id)}))`;
      }
      const lower = anchor - width;
      // A remembered span that is out of date only costs windows: the last one is unbounded.
      const oldest = n === 0 || lower <= first;
      if (!oldest) where += ` AND time > ${p.add('Int64', lower)}`;
      if (upper !== null) where += ` AND time <= ${p.add('Int64', upper)}`;
      const rows = await conn.rows(
        `SELECT time, toString(id) AS i FROM ${table} WHERE ${where} ORDER BY time DESC, id DESC LIMIT ${limit + 1 - found.length}`,
        p,
        z.object({ time: num, i: z.string() }),
        f.settings,
      );
      found.push(...rows);
      if (oldest || found.length > limit) return found;
      upper = lower;
      width *= 32;
    }
  }

  /** The events of a page's keys, in the keys' order. */
  async function rowsOf(page: readonly { time: number; i: string }[]): Promise<LogEvent[]> {
    if (page.length === 0) return [];
    const p = new SqlParams();
    const times = page.map((k) => k.time);
    const lo = p.add('Int64', Math.min(...times));
    const hi = p.add('Int64', Math.max(...times));
    const ids = p.add('Array(UInt64)', page.map((k) => k.i));
    const rows = await conn.rows(`SELECT ${EVENT_SELECT} FROM ${table} WHERE time >= ${lo} AND time <= ${hi} AND has(${ids}, id)`, p, EventRowSchema);
    const names = await sources().names([...new Set(rows.map((r) => r.source_id))]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return page.flatMap((k) => {
      const row = byId.get(k.i);
      // Gone between the two reads (a delete finished): the page is one shorter.
      return row ? [rowToEvent(row, names.get(row.source_id))] : [];
    });
  }

  /** A page in any sort but the default, or from an offset (sorted-search.ts). */
  async function sortedPage(f: CompiledFilter, limit: number, after: SortKey | undefined, sort: SortSpec, offset: number): Promise<SearchPage> {
    const p = f.params.clone();
    const k = sortKeyExpr(sort.field, sort.field === 'source' ? await sources().allNames() : new Map(), p);
    const where = after ? `(${f.where}) AND ${afterKeySql(sort, k, after, p)}` : f.where;
    const keys = await conn.rows(
      `SELECT time, toString(id) AS i FROM ${table} WHERE ${where} ${orderSql(sort, k, limit + 1, offset)}`,
      p,
      z.object({ time: num, i: z.string() }),
      f.settings,
    );
    const page = keys.slice(0, limit);
    const events = await rowsOf(page);
    const last = events[events.length - 1];
    return { events, next: last && keys.length > limit ? encodeSortCursor(sort, { value: sortValueOf(last, sort.field) ?? null, time: last.time, id: last.id }) : null };
  }

  return {
    async append(sourceId, events) {
      const keys = [...new Set(events.flatMap((e) => (e.dedup_key ? [e.dedup_key] : [])))];
      const known = await storedDedupIds(keys);
      const ids: string[] = [];
      let body = '';
      for (const e of events) {
        const key = e.dedup_key ?? null;
        const stored = key === null ? undefined : known.get(key);
        if (stored !== undefined) {
          ids.push(stored);
          continue;
        }
        const id = newEventId();
        if (key !== null) known.set(key, id);
        ids.push(id);
        body += collectedEventRow(id, sourceId, e, layout);
      }
      // One INSERT: the group is stored (and counted on its source, schema.ts) together.
      await conn.insertTsv(table, insertColumns(layout), body);
      return ids;
    },

    async search(filter, limit, after, sort = DEFAULT_SORT, offset = 0) {
      if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`A page holds at least one event, not ${limit}.`);
      const f = compileFilter(filter, scope);
      if (after && !isUInt64Text(after.id)) throw new StoreInputError('The search cursor is not one this store handed out; start the search again from its first page.');
      if (sort.field !== DEFAULT_SORT.field || sort.dir !== DEFAULT_SORT.dir || offset > 0) return sortedPage(f, limit, after, sort, offset);
      const cursor = after === undefined ? null : { time: after.time, id: after.id };
      let keys: Awaited<ReturnType<typeof pageKeys>>;
      if (cursor) {
        keys = await pageKeys(f, limit, cursor);
      } else {
        // Registered before the first await, so the count asked beside this page finds it.
        const done = wholeTotals.start(f);
        try {
          keys = await pageKeys(f, limit, null);
        } catch (err) {
          done(null);
          throw err;
        }
        // Fewer than a page and one more: every window was read, so this is every matching event.
        done(keys.length <= limit ? keys.length : null);
      }
      const page = keys.slice(0, limit);
      const events = await rowsOf(page);
      const last = page[page.length - 1];
      return { events, next: last && keys.length > limit ? encodeSortCursor(DEFAULT_SORT, { value: last.time, time: last.time, id: last.i }) : null };
    },

    async count(filter) {
      const f = compileFilter(filter, scope);
      const known = await wholeTotals.find(f);
      if (known !== null) return known;
      const [r] = await conn.rows(`SELECT count() AS n FROM ${table} WHERE ${f.where}`, f.params, z.object({ n: num }), f.settings);
      return r?.n ?? 0;
    },

    async get(id) {
      if (!isUInt64Text(id) || id === '0') return undefined;
      const p = new SqlParams();
      const rows = await conn.rows(
        `SELECT ${EVENT_SELECT}, raw, byte_offset, byte_length FROM ${table} WHERE id = ${p.add('UInt64', id)} LIMIT 1`,
        p,
        EventRowSchema.extend({ raw: z.string().nullable(), byte_offset: num.nullable(), byte_length: num.nullable() }),
      );
      const row = rows[0];
      if (!row) return undefined;
      const names = await sources().names([row.source_id]);
      return {
        event: rowToEvent(row, names.get(row.source_id)),
        sourceId: row.source_id,
        raw: row.raw,
        byteOffset: row.byte_offset,
        byteLength: row.byte_length,
      };
    },

    deleteBySource,
    async deleteWhere(where, params) {
      let n = 0;
      for (const count of (await deleteBySource(where, params)).values()) n += count;
      return n;
    },

    async lastDerivedSession(sourceId) {
      const p = new SqlParams();
      // A derived session reads d<source>-<n> (derived-sessions.ts); a rotated file's events may
      // continue another source's sessions, whose numbers are not this source's.
      const own = p.add('String', `d${sourceId}-`);
      const [r] = await conn.rows(
        `SELECT max(toUInt64OrZero(substring(assumeNotNull(session_id), length(${own}) + 1))) AS n
         FROM ${table} WHERE source_id = ${p.add('UInt64', String(sourceId))} AND session_derived = 1 AND isNotNull(session_id)
           AND startsWith(assumeNotNull(session_id), ${own})`,
        p,
        z.object({ n: num }),
      );
      return r?.n ?? 0;
    },
  };
}

/**
 * The UI asks for a first page and the total of one filter together (handlers/events.ts). A
 * filter that matches less than a page has the page's search read every window of the table,
 * and then the total is the page's length: the count waits for the page and uses it rather than
 * reading the table a second time (free text found nowhere: two scans of a million events' text
 * become one). When the page filled up, the count runs its own query once the page is done:
 * measured no slower than running both at once on a two-core server, where each slows the other.
 */
function createWholeTotals() {
  const pending = new Map<string, Promise<number | null>>();
  const keyOf = (f: CompiledFilter) => `${f.where}\u0000${JSON.stringify(f.params.queryParams())}`;
  return {
    /** A first page of `f` starts; call the answer with its total when every match was read, else null. */
    start(f: CompiledFilter): (total: number | null) => void {
      const key = keyOf(f);
      let settle!: (total: number | null) => void;
      const total = new Promise<number | null>((resolve) => (settle = resolve));
      pending.set(key, total);
      return (n) => {
        if (pending.get(key) === total) pending.delete(key);
        settle(n);
      };
    },
    /** The total of a first page of `f` being read now, when it turns out to be whole; else null. */
    find(f: CompiledFilter): Promise<number | null> {
      return pending.get(keyOf(f)) ?? Promise.resolve(null);
    },
  };
}
