// Query trees the analyses build for the store (the user's search narrowed to sessions, routes,
// time ranges). They are built as trees rather than text so an id or a route is never re-quoted.
import type { QueryNode } from '../query/ast.js';
import { and, field, or, present } from '../query/nodes.js';

export { and, field, not, or, present } from '../query/nodes.js';

export const API_CALLS = field('kind', ':', 'api');
/** The browser SDK's records of the page's calls (sdk/browser/README.md); the server's own have another source. */
export const BROWSER_RECORDS: QueryNode = { type: 'attr', path: ['source'], op: ':', value: 'browser', wildcard: false, column: 0 };
export const USER_ACTIONS = field('kind', ':', 'user');
export const IN_A_SESSION = present('session_id');

export interface Range {
  from?: number | undefined;
  to?: number | undefined;
}

/** `from <= time < to`; null when the range is open at both ends. */
export function inRange(range: Range | undefined): QueryNode | null {
  if (!range) return null;
  return and(
    range.from !== undefined ? field('time', '>=', Math.max(0, range.from)) : null,
    range.to !== undefined ? field('time', '<', Math.max(0, range.to)) : null,
  );
}

/** A list of ids is asked about in slices of this many (one filter each). */
export const IDS_PER_QUERY = 1000;
/**
 * SQL compilers nest `a OR b OR …` one level per term and SQLite refuses expression trees deeper
 * than 1,000, so a long list is an OR of ORs of at most this many.
 */
const TERMS_PER_OR = 100;

export function chunks<T>(items: readonly T[], size = IDS_PER_QUERY): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Events of any of these sessions. */
export const sessionsIn = (ids: readonly string[]): QueryNode =>
  or(chunks(ids.map((id) => field('session_id', ':', id)), TERMS_PER_OR).map(or));
