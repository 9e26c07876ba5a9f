// Statistics for the dashboard and `logbridge stats`: per-group figures of API calls, any
// aggregate of the port for the charts, and the bridge chart. Everything goes through the port's
// aggregate, so each adapter answers it the fast way it has.
import type { HandlerContext } from './context.js';
import type { Handlers } from '../rpc/dispatch.js';
import { parseQuery } from '../query/parse.js';
import type { QueryNode } from '../query/ast.js';
import type { GroupField } from '../../../shared/fields.js';
import { keyText } from '../../../shared/analysis.js';
import { API_CALLS, and, inRange, not, present } from '../analysis/filters.js';
import { explorerFilter } from './explorer-filter.js';
import { bucketWidth } from '../analysis/buckets.js';
import { bridgeRows } from '../analysis/bridge.js';
import { oneRecordPerCall, oneRecordPerCallText } from '../analysis/call-records.js';

type By = 'route' | 'method' | 'status' | 'page' | 'all';

const GROUPS: Record<By, GroupField[]> = { route: ['route', 'method'], method: ['method'], status: ['status'], page: ['page'], all: [] };

/** Pages are named by user events as well as calls; the rest measure API calls only. */
function scope(by: By): QueryNode {
  return by === 'page' ? present('page') : API_CALLS;
}

export function statsHandlers(ctx: HandlerContext): Pick<Handlers, 'stats.routes' | 'stats.aggregate' | 'stats.bridge' | 'stats.one_record_per_call'> {
  const { store } = ctx;
  return {
    'stats.routes': async ({ query, by, range, limit, exact }) => {
      const result = await store.aggregate({
        filter: await oneRecordPerCall(store, and(scope(by), parseQuery(query), inRange(range))),
        groupBy: GROUPS[by],
        metrics: [{ op: 'count' }, { op: 'errors' }, { op: 'p50', field: 'duration_ms' }, { op: 'p95', field: 'duration_ms' }, { op: 'p99', field: 'duration_ms' }],
        limit,
        exact,
      });
      const rows = result.rows
        .filter((r) => (r.values[0] ?? 0) > 0)
        .map((r) => ({
          key: by === 'all' ? null : groupKeyText(by, r.keys),
          route: by === 'route' ? keyText(r.keys[0]) : null,
          method: by === 'route' ? keyText(r.keys[1]) : null,
          count: r.values[0] ?? 0,
          errors: r.values[1] ?? 0,
          p50: r.values[2] ?? null,
          p95: r.values[3] ?? null,
          p99: r.values[4] ?? null,
        }));
      return { rows, approximate: result.approximate };
    },
    'stats.aggregate': async ({ query, range, group_by, buckets, metrics, order_by, limit, hide_assets, every_record }) => {
      const asked = explorerFilter({ query, hide_assets, range });
      // The buckets are laid over the search's span, echoes included (they are a call's other
      // record, milliseconds from it): asked beside the echo filter, not after it.
      const [filter, span] = await Promise.all([every_record ? asked : oneRecordPerCall(store, asked), buckets === undefined ? null : spanOf(ctx, asked, range)]);
      const bucketMs = buckets === undefined ? undefined : span ? bucketWidth(span.from, span.to, buckets) : 60_000;
      const result = await store.aggregate({
        filter,
        groupBy: group_by,
        metrics,
        limit,
        ...(bucketMs !== undefined ? { bucketMs } : {}),
        ...(order_by !== undefined ? { orderBy: order_by } : {}),
      });
      return { rows: result.rows, approximate: result.approximate, ...(bucketMs !== undefined ? { bucket_ms: bucketMs } : {}) };
    },
    'stats.one_record_per_call': async () => ({ query: await oneRecordPerCallText(store) }),
    'stats.bridge': async ({ query, range, window_minutes, limit }) => {
      const rows = await bridgeRows(store, and(parseQuery(query), inRange(range)), window_minutes * 60_000, limit);
      return { rows, window_minutes };
    },
  };
}

/** The range asked for, its open ends closed by the matched events' own first and last times. */
async function spanOf(ctx: HandlerContext, filter: QueryNode | null, range: { from?: number | undefined; to?: number | undefined } | undefined) {
  if (range?.from !== undefined && range.to !== undefined) return { from: range.from, to: range.to };
  const r = await ctx.store.aggregate({ filter, metrics: [{ op: 'min', field: 'time' }, { op: 'max', field: 'time' }] });
  const min = r.rows[0]?.values[0];
  const max = r.rows[0]?.values[1];
  if (min === null || min === undefined || max === null || max === undefined) return null;
  return { from: range?.from ?? min, to: range?.to ?? max + 1 };
}

function groupKeyText(by: By, keys: readonly (string | number | null)[]): string | null {
  if (by === 'route') return keys[0] === null ? null : `${keys[1] ?? ''} ${keys[0]}`.trim();
  return keyText(keys[0]);
}

