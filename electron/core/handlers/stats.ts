// Request statistics: count, errors and percentiles of duration per route, through the port's
// aggregate (so each adapter answers it the fast way it has).
import type { HandlerContext } from './context.js';
import type { Handlers } from '../rpc/dispatch.js';
import { parseQuery } from '../query/parse.js';
import type { QueryNode } from '../query/ast.js';

/** Only API calls have routes, statuses and durations worth counting. */
const API_ONLY: QueryNode = { type: 'field', field: 'kind', op: ':', value: 'api', wildcard: false, column: 0 };

export function statsHandlers(ctx: HandlerContext): Pick<Handlers, 'stats.routes'> {
  return {
    'stats.routes': async ({ query, by, limit, exact }) => {
      const user = parseQuery(query);
      const filter: QueryNode = user ? { type: 'and', children: [API_ONLY, user] } : API_ONLY;
      const result = await ctx.store.aggregate({
        filter,
        groupBy: by === 'route' ? ['route', 'method'] : [],
        metrics: [{ op: 'count' }, { op: 'errors' }, { op: 'p50', field: 'duration_ms' }, { op: 'p95', field: 'duration_ms' }, { op: 'p99', field: 'duration_ms' }],
        limit,
        exact,
      });
      const rows = result.rows
        .filter((r) => (r.values[0] ?? 0) > 0)
        .map((r) => ({
          route: by === 'route' ? asText(r.keys[0]) : null,
          method: by === 'route' ? asText(r.keys[1]) : null,
          count: r.values[0] ?? 0,
          errors: r.values[1] ?? 0,
          p50: r.values[2] ?? null,
          p95: r.values[3] ?? null,
          p99: r.values[4] ?? null,
        }));
      return { rows, approximate: result.approximate };
    },
  };
}

const asText = (v: string | number | null | undefined): string | null => (v === null || v === undefined ? null : String(v));
