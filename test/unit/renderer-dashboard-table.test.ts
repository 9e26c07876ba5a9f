// The per-route table's sorting: any column either way, missing figures last both ways, ties in
// the store's order.
import { describe, expect, it } from 'vitest';
import type { RouteStatsRow } from '../../shared/api.js';
import { errorRate, nextSort, sortRouteRows } from '../../renderer/src/lib/dashboard-table.js';

const r = (route: string | null, count: number, errors: number, p95: number | null): RouteStatsRow => ({
  key: route,
  route,
  method: 'GET',
  count,
  errors,
  p50: p95,
  p95,
  p99: p95,
});

const rows = [r('/b', 10, 5, 300), r('/a', 40, 2, null), r(null, 10, 0, 20), r('/c', 5, 5, 900)];
const routes = (out: RouteStatsRow[]) => out.map((x) => x.route);

describe('sortRouteRows', () => {
  it('sorts by calls, largest first, ties in the order given', () => {
    expect(routes(sortRouteRows(rows, { column: 'count', dir: 'desc' }))).toEqual(['/a', '/b', null, '/c']);
    expect(routes(sortRouteRows(rows, { column: 'count', dir: 'asc' }))).toEqual(['/c', '/b', null, '/a']);
  });

  it('keeps missing percentiles last in both directions', () => {
    expect(routes(sortRouteRows(rows, { column: 'p95', dir: 'desc' }))).toEqual(['/c', '/b', null, '/a']);
    expect(routes(sortRouteRows(rows, { column: 'p95', dir: 'asc' }))).toEqual([null, '/b', '/c', '/a']);
  });

  it('sorts by error rate, which it computes', () => {
    expect(routes(sortRouteRows(rows, { column: 'rate', dir: 'desc' }))).toEqual(['/c', '/b', '/a', null]);
    expect(errorRate({ count: 0, errors: 0 })).toBeNull();
  });

  it('sorts by route as text, a missing route last', () => {
    expect(routes(sortRouteRows(rows, { column: 'route', dir: 'asc' }))).toEqual(['/a', '/b', '/c', null]);
    expect(routes(sortRouteRows(rows, { column: 'route', dir: 'desc' }))).toEqual(['/c', '/b', '/a', null]);
  });
});

describe('nextSort', () => {
  it('flips the same column and starts another largest first (routes A to Z)', () => {
    expect(nextSort({ column: 'count', dir: 'desc' }, 'count')).toEqual({ column: 'count', dir: 'asc' });
    expect(nextSort({ column: 'count', dir: 'asc' }, 'p99')).toEqual({ column: 'p99', dir: 'desc' });
    expect(nextSort({ column: 'count', dir: 'desc' }, 'route')).toEqual({ column: 'route', dir: 'asc' });
  });
});
