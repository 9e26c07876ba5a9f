// The table's order, as a header click changes it. Pure.
import { DEFAULT_SORT, SORT_FIELDS, type SortDir, type SortField, type SortSpec } from '../../../shared/sort.js';

export { DEFAULT_SORT };
export type TableSort = SortSpec;

/**
 * A click on a column header: the same column flips its direction; another starts the way
 * users look at it first (numbers and times largest first, text A to Z).
 */
export function nextSort(current: SortSpec, field: SortField, firstDir: SortDir): SortSpec {
  if (current.field === field) return { field, dir: current.dir === 'desc' ? 'asc' : 'desc' };
  return { field, dir: firstDir };
}

export const isDefaultSort = (s: SortSpec) => s.field === DEFAULT_SORT.field && s.dir === DEFAULT_SORT.dir;

const isSortField = (v: string): v is SortField => (SORT_FIELDS as readonly string[]).includes(v);

/** `status:asc` as kept in the URL and in saved views; anything unreadable is null. */
export function parseSortText(text: string | null): SortSpec | null {
  if (text === null) return null;
  const m = /^([a-z_]{1,40}):(asc|desc)$/.exec(text);
  if (!m || !isSortField(m[1]!)) return null;
  return { field: m[1], dir: m[2] as SortDir };
}

export const sortText = (s: SortSpec) => `${s.field}:${s.dir}`;
