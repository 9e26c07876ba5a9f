// Search pages in any sort by SQL: the fallback where the columnar index cannot answer, and the
// answer for stores opened without it. Keyset paging on (value, time, id), all in the sort's
// direction, with events that have no value after all the others in both directions.
//
// A page is read in at most two statements: the rows with a value, then (when those run out)
// the rows without one, ordered by (time, id). Kept apart rather than ordered by `value IS NULL`
// first so each can use an index: events_by_time for time order and for the rows without a
// value, events_by_status for status order (the plan test pins both).
import type { Database } from 'better-sqlite3';
import type { LogEvent } from '../../../../shared/events.js';
import { TARGET_JOIN, type SortField, type SortSpec } from '../../../../shared/sort.js';
import { EVENT_REF_LIST, stringValue } from './event-columns.js';
import { refRowsToEvents } from './event-rows.js';
import { SESSION_TEXT_SQL } from './derived-session-sql.js';
import { statementCache } from './statement-cache.js';
import type { SqlFilter } from './events.js';
import type { StringsStore } from './strings.js';

/** Where a page goes on from: the last row's sort value, time and row id. */
export interface SqlSortKey {
  value: string | number | null;
  time: number;
  id: number;
}

const WHAT = `coalesce(${stringValue('message_ref')}, ${stringValue('target_ref')})`;
const PAGE = stringValue('page_ref');

/** SQL for the value an event row `e` sorts by: what shared/sort.ts sortValueOf reads from the event. */
export function sortKeySql(field: SortField): string {
  switch (field) {
    case 'time':
    case 'kind':
    case 'status':
    case 'duration_ms':
    case 'req_bytes':
    case 'resp_bytes':
      return `e.${field}`;
    case 'session_id':
      return `(${SESSION_TEXT_SQL})`;
    case 'source':
      return '(SELECT name FROM sources WHERE id = e.source_id)';
    case 'method':
    case 'route':
    case 'url':
    case 'page':
    case 'type':
      return stringValue(`${field}_ref`);
    case 'user_id':
      return stringValue('user_ref');
    case 'action':
      return `(CASE e.kind WHEN 'api' THEN ${stringValue('method_ref')} WHEN 'user' THEN ${stringValue('type_ref')} ELSE ${stringValue('level_ref')} END)`;
    case 'target':
      // A user event: what it met or acted on, then its page; either alone when the other is missing.
      return `(CASE e.kind WHEN 'api' THEN coalesce(${stringValue('route_ref')}, ${stringValue('url_ref')})
        WHEN 'user' THEN coalesce(${WHAT} || '${TARGET_JOIN}' || ${PAGE}, ${WHAT}, ${PAGE})
        ELSE ${stringValue('message_ref')} END)`;
  }
}

export interface SortedSql {
  /** The statements of one page, for the plan test: [with a value, without one]. */
  statements(filter: SqlFilter, sort: SortSpec, after: SqlSortKey | undefined): { withValue: string | null; withoutValue: string };
  page(filter: SqlFilter, sort: SortSpec, limit: number, offset: number, after: SqlSortKey | undefined): LogEvent[];
}

export function createSortedSql(db: Database, strings: StringsStore): SortedSql {
  const prepared = statementCache(db);

  const statements: SortedSql['statements'] = (filter, sort, after) => {
    const dir = sort.dir === 'asc' ? 'ASC' : 'DESC';
    const cmp = sort.dir === 'asc' ? '>' : '<';
    const tail = `ORDER BY e.time ${dir}, e.id ${dir} LIMIT ? OFFSET ?`;
    const base = `SELECT ${EVENT_REF_LIST} FROM events e WHERE (${filter.where})`;
    if (sort.field === 'time') {
      // Time is never missing: one statement, in events_by_time's order.
      const keyset = after ? ` AND (e.time, e.id) ${cmp} (?, ?)` : '';
      return { withValue: null, withoutValue: `${base}${keyset} ${tail}` };
    }
    const key = sortKeySql(sort.field);
    const withValue =
      after && after.value === null
        ? null
        : `${base} AND ${key} IS NOT NULL${after ? ` AND (${key}, e.time, e.id) ${cmp} (?, ?, ?)` : ''} ORDER BY ${key} ${dir}, e.time ${dir}, e.id ${dir} LIMIT ? OFFSET ?`;
    const keysetWithout = after && after.value === null ? ` AND (e.time, e.id) ${cmp} (?, ?)` : '';
    return { withValue, withoutValue: `${base} AND ${key} IS NULL${keysetWithout} ${tail}` };
  };

  const rows = (sql: string, params: unknown[]): unknown[][] => prepared(sql).raw(true).all(...params) as unknown[][];

  return {
    statements,
    page(filter, sort, limit, offset, after) {
      const sql = statements(filter, sort, after);
      if (sort.field === 'time') {
        const keyset = after ? [after.time, after.id] : [];
        return refRowsToEvents(rows(sql.withoutValue, [...filter.params, ...keyset, limit, offset]), strings);
      }
      let found: unknown[][] = [];
      let skip = offset;
      if (sql.withValue !== null) {
        const keyset = after ? [after.value, after.time, after.id] : [];
        found = rows(sql.withValue, [...filter.params, ...keyset, limit, offset]);
        if (found.length < limit && offset > 0) {
          // The offset may reach past the rows with a value: skip what is left of it among the rest.
          const key = sortKeySql(sort.field);
          const withValue = prepared(`SELECT count(*) FROM events e WHERE (${filter.where}) AND ${key} IS NOT NULL`).pluck().get(...filter.params) as number;
          skip = Math.max(0, offset - withValue);
        } else {
          skip = 0;
        }
      }
      if (found.length < limit) {
        const keyset = after && after.value === null ? [after.time, after.id] : [];
        found = found.concat(rows(sql.withoutValue, [...filter.params, ...keyset, limit - found.length, skip]));
      }
      return refRowsToEvents(found, strings);
    },
  };
}
