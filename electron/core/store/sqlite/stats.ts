// Request statistics over api events: count, errors (5xx) and nearest-rank percentiles of
// duration, computed inside SQLite with window functions so no rows cross into JS.
import type { Database } from 'better-sqlite3';
import type { RouteStatsRow } from '../../../../shared/api.js';
import type { SqlFilter } from './events.js';
import { statementCache } from './statement-cache.js';

export interface StatsStore {
  /** One row per (route, method), busiest first; with `by: 'all'`, one row for everything. */
  routes(filter: SqlFilter, by: 'route' | 'all', limit: number): RouteStatsRow[];
}

export function createStatsStore(db: Database): StatsStore {
  const prepared = statementCache(db);
  return {
    routes(filter, by, limit) {
      // Grouped on the dictionary ids; the texts are looked up once per output row.
      const keys = by === 'route' ? 'route, method' : 'NULL AS route, NULL AS method';
      const part = by === 'route' ? 'PARTITION BY route, method' : '';
      const group = by === 'route' ? 'GROUP BY route, method' : '';
      // The smallest rank rn with rn >= p*n is the nearest-rank percentile; since ranks are
      // ordered by duration, MIN over those ranks picks exactly that value.
      const sql = `
        WITH f AS (
          SELECT e.route_ref AS route, e.method_ref AS method, e.status, e.duration_ms FROM events e
          WHERE e.kind = 'api' AND (${filter.where})
        ),
        ranked AS (
          SELECT ${keys}, duration_ms,
            ROW_NUMBER() OVER (${part} ORDER BY duration_ms) AS rn,
            COUNT(*) OVER (${part}) AS n
          FROM f WHERE duration_ms IS NOT NULL
        ),
        pct AS (
          SELECT route, method,
            MIN(CASE WHEN rn >= 0.50 * n THEN duration_ms END) AS p50,
            MIN(CASE WHEN rn >= 0.95 * n THEN duration_ms END) AS p95,
            MIN(CASE WHEN rn >= 0.99 * n THEN duration_ms END) AS p99
          FROM ranked ${group}
        ),
        totals AS (
          SELECT ${keys}, count(*) AS count, coalesce(sum(status >= 500), 0) AS errors FROM f ${group}
        )
        SELECT (SELECT value FROM strings WHERE id = t.route) AS route, (SELECT value FROM strings WHERE id = t.method) AS method,
          t.count, t.errors, p.p50, p.p95, p.p99
        FROM totals t LEFT JOIN pct p ON p.route IS t.route AND p.method IS t.method
        WHERE t.count > 0
        ORDER BY t.count DESC, 1, 2
        LIMIT ?`;
      return prepared(sql).all(...filter.params, limit) as RouteStatsRow[];
    },
  };
}
