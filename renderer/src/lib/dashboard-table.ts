// The per-route table's sorting: by any column, either way, missing figures always last, ties
// kept in the order the store gave (busiest first). Pure.
import type { RouteStatsRow } from '../../../shared/api.js';

export const ROUTE_COLUMNS = [
  { id: 'route', label: 'Route', numeric: false },
  { id: 'count', label: 'Calls', numeric: true },
  { id: 'errors', label: 'Errors', numeric: true },
  { id: 'rate', label: 'Error rate', numeric: true },
  { id: 'p50', label: 'p50', numeric: true },
  { id: 'p95', label: 'p95', numeric: true },
  { id: 'p99', label: 'p99', numeric: true },
] as const;

export type RouteColumn = (typeof ROUTE_COLUMNS)[number]['id'];
export type SortDir = 'asc' | 'desc';
export interface RouteSort {
  column: RouteColumn;
  dir: SortDir;
}

export const errorRate = (row: Pick<RouteStatsRow, 'count' | 'errors'>): number | null => (row.count > 0 ? row.errors / row.count : null);

function sortValue(row: RouteStatsRow, column: RouteColumn): number | string | null {
  switch (column) {
    case 'route':
      return row.route === null ? null : `${row.route} ${row.method ?? ''}`;
    case 'rate':
      return errorRate(row);
    default:
      return row[column];
  }
}

export function sortRouteRows(rows: readonly RouteStatsRow[], sort: RouteSort): RouteStatsRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: sortValue(row, sort.column) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      const c = typeof a.v === 'string' && typeof b.v === 'string' ? a.v.localeCompare(b.v) : (a.v as number) - (b.v as number);
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map((x) => x.row);
}

/** A header click: the same column flips, another starts largest first (text: A to Z). */
export function nextSort(current: RouteSort, column: RouteColumn): RouteSort {
  if (current.column === column) return { column, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { column, dir: column === 'route' ? 'asc' : 'desc' };
}
