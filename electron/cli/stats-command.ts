// `logbridge stats [--by route|method|status|page]`: count, errors and p50/p95/p99 duration,
// from the contract's `stats.routes`, the call the dashboard's tables make, so both show the
// same figures.
import { z } from 'zod';
import type { RouteStatsRow } from '../../shared/api.js';
import { LimitSchema, parseCommandArgs } from './args.js';
import { call, dbOption, withService, type Io } from './core-call.js';
import { jsonLine, num, table } from './format.js';
import { rangeArgs, rangeOf, rangeOptions } from './range-arg.js';
import { storeArgs, storeOf } from './store-arg.js';

const BY = ['route', 'method', 'status', 'page'] as const;
type By = (typeof BY)[number];

const FIGURES = ['count', 'errors', 'p50 ms', 'p95 ms', 'p99 ms'];

export async function statsCommand(argv: string[], io: Io, defaultDb: string): Promise<void> {
  const args = parseCommandArgs(
    'stats',
    argv,
    { ...dbOption, ...rangeOptions, by: { type: 'string' }, limit: { type: 'string' } },
    z.object({
      ...storeArgs,
      ...rangeArgs,
      json: z.boolean().default(false),
      by: z.enum(BY, { error: `--by must be one of ${BY.join(', ')}` }).optional(),
      limit: LimitSchema.max(10_000, '--limit must be at most 10000').default(100),
      positionals: z.array(z.string()),
    }),
  );
  const range = rangeOf(args);
  await withService(storeOf(args, defaultDb), io, async (service) => {
    const found = await call(service, 'stats.routes', {
      query: args.positionals.join(' '),
      by: args.by ?? 'all',
      limit: args.limit,
      ...(range ? { range } : {}),
    });
    if (!args.by) {
      // Always one summary row, even over nothing.
      const r = found.rows[0] ?? { count: 0, errors: 0, p50: null, p95: null, p99: null };
      if (args.json) io.out(jsonLine({ count: r.count, errors: r.errors, p50: r.p50, p95: r.p95, p99: r.p99 }));
      else io.out(table(FIGURES, [figures(r)], new Set([0, 1, 2, 3, 4])));
      return;
    }
    const by = args.by;
    if (args.json) {
      for (const r of found.rows) io.out(jsonLine({ ...keyOf(by, r), count: r.count, errors: r.errors, p50: r.p50, p95: r.p95, p99: r.p99 }));
      return;
    }
    const keys = by === 'route' ? ['route', 'method'] : [by];
    const body = found.rows.map((r) => [...Object.values(keyOf(by, r)), ...figures(r)]);
    io.out(table([...keys, ...FIGURES], body, new Set(FIGURES.map((_, i) => keys.length + i))));
  }, true);
}

type Figures = Pick<RouteStatsRow, 'count' | 'errors' | 'p50' | 'p95' | 'p99'>;

const figures = (r: Figures): (string | null)[] => [num(r.count), num(r.errors), ...[r.p50, r.p95, r.p99].map((v) => (v === null ? null : num(v)))];

/** The grouped value under the field's own name; a status as the number it is in an event's `--json`. */
function keyOf(by: By, r: RouteStatsRow): Record<string, string | number | null> {
  if (by === 'route') return { route: r.route, method: r.method };
  if (by === 'status') return { status: r.key === null ? null : Number(r.key) };
  return { [by]: r.key };
}
