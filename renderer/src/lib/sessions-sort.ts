// The session list's order: any column, either way, over the list already loaded (the core
// answers newest first; re-asking it per click would refetch what we hold).
// Isomorphic: tested without a DOM.
import type { SessionSummary } from '../../../shared/analysis.js';

export const SESSION_SORT_KEYS = [
  'session', 'user', 'start', 'duration', 'pages', 'actions', 'api_calls', 'errors', 'slowest', 'left',
] as const;
export type SessionSortKey = (typeof SESSION_SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

export interface SessionSort {
  key: SessionSortKey;
  dir: SortDir;
}

/** The core's own order: the newest session first. */
export const DEFAULT_SESSION_SORT: SessionSort = { key: 'start', dir: 'desc' };

type SortValue = string | number | null;

const VALUE: Record<SessionSortKey, (s: SessionSummary) => SortValue> = {
  session: (s) => s.session_id,
  user: (s) => s.user_id,
  start: (s) => s.start,
  duration: (s) => s.duration_ms,
  pages: (s) => s.pages,
  actions: (s) => s.actions,
  api_calls: (s) => s.api_calls,
  errors: (s) => s.errors,
  slowest: (s) => s.slowest_ms,
  left: (s) => (s.ended_after_failure ? 1 : 0),
};

/** Text columns read A to Z first; counts and times read the biggest (or newest) first. */
const TEXT_KEYS: ReadonlySet<SessionSortKey> = new Set(['session', 'user']);

export function sortValue(s: SessionSummary, key: SessionSortKey): SortValue {
  return VALUE[key](s);
}

function compare(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // Code-unit order, not the locale's: the same list sorts the same on every machine.
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * A sorted copy. Missing values (no user, no API call) go last whichever way, so flipping the
 * order never fills the top with blanks; ties keep the order they came in.
 */
export function sortSessions(list: readonly SessionSummary[], sort: SessionSort): SessionSummary[] {
  const get = VALUE[sort.key];
  const sign = sort.dir === 'asc' ? 1 : -1;
  // Array.prototype.sort is stable: ties keep their order without a tie-break of our own.
  const keyed = list.map((s) => ({ s, v: get(s) }));
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) return a.v === b.v ? 0 : a.v === null ? 1 : -1;
    return sign * compare(a.v, b.v);
  });
  return keyed.map((k) => k.s);
}

/** A click on a column's header: the same column flips, another starts in its natural order. */
export function nextSort(current: SessionSort, key: SessionSortKey): SessionSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: TEXT_KEYS.has(key) ? 'asc' : 'desc' };
}
