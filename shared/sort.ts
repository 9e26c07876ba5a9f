// What the event table can be sorted by, and what its two composite columns show. One
// definition for the renderer's cells, the store adapters (SQLite's SQL and columnar index,
// ClickHouse) and the command line, so a sort orders exactly what the user reads.
// Isomorphic: no node:*, no electron, no DOM.
import { z } from 'zod';
import type { LogEvent } from './events.js';

/**
 * The table's columns (action: "Method / type"; target: "Route / page / message") and the plain
 * fields users expect to sort by.
 */
export const SORT_FIELDS = [
  'time', 'kind', 'action', 'target', 'status', 'duration_ms', 'session_id',
  'method', 'route', 'url', 'page', 'type', 'user_id', 'resp_bytes', 'req_bytes', 'source',
] as const;
export type SortField = (typeof SORT_FIELDS)[number];
/**
 * What the explorer table's columns sort by (renderer/src/components/columns.tsx), the ones users
 * sort by most first (failures, slow calls): the order their sorts are prepared ahead in.
 */
export const TABLE_SORT_FIELDS: readonly SortField[] = ['time', 'status', 'duration_ms', 'kind', 'action', 'target', 'session_id'];
export const SortFieldSchema = z.enum(SORT_FIELDS);

export const SORT_DIRS = ['asc', 'desc'] as const;
export type SortDir = (typeof SORT_DIRS)[number];

export interface SortSpec {
  field: SortField;
  dir: SortDir;
}
export const SortSpecSchema = z.object({ field: SortFieldSchema, dir: z.enum(SORT_DIRS) }).strict();

/** Today's order, and the order when none is given: newest first. */
export const DEFAULT_SORT: SortSpec = { field: 'time', dir: 'desc' };

/** Fields whose values are numbers; the rest order as text. */
export const NUMERIC_SORT_FIELDS: ReadonlySet<SortField> = new Set(['time', 'status', 'duration_ms', 'resp_bytes', 'req_bytes']);

/** Between what a user event met or acted on and its page, in the target column. */
export const TARGET_JOIN = ' · ';

/** The verb of the event: HTTP method for api calls, the action type for user events, the level for logs. */
export function actionOf(e: LogEvent): string | undefined {
  if (e.kind === 'api') return e.method;
  if (e.kind === 'user') return e.type;
  return e.level;
}

/**
 * Route for api calls (the URL when no template was derived); for user events what the user met
 * (an error's message) or acted on (the clicked element), then the page; message for logs.
 */
export function targetOf(e: LogEvent): string | undefined {
  if (e.kind === 'api') return e.route ?? e.url;
  if (e.kind === 'user') return joinTarget(e.message ?? e.target, e.page);
  return e.message;
}

/** A user event's target text from what it met or acted on and its page (either may be missing). */
export function joinTarget(what: string | undefined, page: string | undefined): string | undefined {
  if (what === undefined) return page;
  return page === undefined ? what : `${what}${TARGET_JOIN}${page}`;
}

/** The value an event sorts by (undefined: it has none, and sorts last either way). */
export function sortValueOf(e: LogEvent, field: SortField): string | number | undefined {
  switch (field) {
    case 'action':
      return actionOf(e);
    case 'target':
      return targetOf(e);
    case 'resp_bytes':
    case 'req_bytes': {
      const v = e.attrs?.[field];
      return typeof v === 'number' ? v : undefined;
    }
    default:
      return e[field];
  }
}

/**
 * Text order: by Unicode code point, which is the order of the UTF-8 bytes that SQLite
 * (BINARY collation) and ClickHouse compare. JavaScript's `<` compares UTF-16 units, which puts
 * characters past U+FFFF (surrogate pairs) before U+E000..U+FFFF: corrected here.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) return surrogateFirst(x) - surrogateFirst(y);
    return x - y;
  }
  return a.length - b.length;
}

/** Surrogates (0xD800..0xDFFF) moved above 0xFFFF, where the code points they encode belong. */
const surrogateFirst = (unit: number) => (unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit - 0x800);
