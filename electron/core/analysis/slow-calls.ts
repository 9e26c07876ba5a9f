// What a slow call is: slower than its own route's p95 over everything stored, so a report
// endpoint that always takes seconds is not "slow" and a 300 ms login is. One definition for the
// session list and the bridge chart.
import type { EventStore } from '../store/port.js';
import type { QueryNode } from '../query/ast.js';
import { API_CALLS, and, chunks, field, or, present } from './filters.js';
import { oneRecordPerCall } from './call-records.js';

export interface RouteP95 {
  route: string;
  method: string | null;
  calls: number;
  p95: number | null;
}

/** One key per route and method (`GET /users/:id`); a missing method or route is empty text. */
export const routeKey = (route: unknown, method: unknown): string => `${method ?? ''} ${route ?? ''}`;

export class RouteSlowness {
  private readonly byKey: Map<string, RouteP95>;
  constructor(readonly routes: readonly RouteP95[]) {
    this.byKey = new Map(routes.map((r) => [routeKey(r.route, r.method), r]));
  }

  p95(route: string | undefined | null, method: string | undefined | null): number | null {
    if (route === undefined || route === null) return null;
    return this.byKey.get(routeKey(route, method ?? null))?.p95 ?? null;
  }

  isSlow(route: string | undefined | null, method: string | undefined | null, durationMs: number | undefined | null): boolean {
    const p95 = this.p95(route, method);
    return p95 !== null && durationMs !== undefined && durationMs !== null && durationMs > p95;
  }

  /** The calls slower than their route's p95, as store filters (a few routes each, see filters.ts). */
  slowFilters(): QueryNode[] {
    const terms = this.routes
      .filter((r) => r.p95 !== null)
      .map((r) => and(field('route', ':', r.route), r.method === null ? null : field('method', ':', r.method), field('duration_ms', '>', r.p95!))!);
    // Each term is up to three comparisons deep in the compiled SQL.
    return chunks(terms, 60).map(or);
  }

  /** The same thresholds for only these (route, method) pairs. */
  only(pairs: readonly (readonly [string, string | null])[]): RouteSlowness {
    return new RouteSlowness(pairs.map(([route, method]) => this.byKey.get(routeKey(route, method))).filter((r): r is RouteP95 => r !== undefined));
  }

  /** The lowest p95 of all routes: no call below it is slow anywhere. */
  lowestP95(): number | null {
    let low: number | null = null;
    for (const r of this.routes) if (r.p95 !== null && (low === null || r.p95 < low)) low = r.p95;
    return low;
  }
}

/** Every route's p95 over the stored calls (one record each: call-records.ts), the most called first, at most `limit`. */
export async function routeSlowness(store: EventStore, limit = 1000, filter: QueryNode | null = null): Promise<RouteSlowness> {
  const result = await store.aggregate({
    filter: await oneRecordPerCall(store, and(API_CALLS, present('route'), filter)),
    groupBy: ['route', 'method'],
    metrics: [{ op: 'count' }, { op: 'p95', field: 'duration_ms' }],
    limit,
  });
  return new RouteSlowness(
    result.rows.map((r) => ({
      route: String(r.keys[0]),
      method: r.keys[1] === null || r.keys[1] === undefined ? null : String(r.keys[1]),
      calls: r.values[0] ?? 0,
      p95: r.values[1] ?? null,
    })),
  );
}
