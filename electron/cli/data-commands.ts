// import, query and stats: each opens the store, goes through the same service (and so the
// same contract and validation) as the UI, prints, and closes.
import { z } from 'zod';
import type { CallName, CallOutput, ImportSummary } from '../../shared/api.js';
import { ImportFormatSchema } from '../../shared/api.js';
import type { LogEvent } from '../../shared/events.js';
import { openStore } from '../core/store/open.js';
import { createService, type Service } from '../core/service.js';
import { VERSION } from '../core/version.js';
import { LimitSchema, parseCommandArgs, UsageError } from './args.js';
import { eventToJson, eventToLine, table } from './format.js';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** A failure that is not the user's arguments: exit status 1. */
export class CommandFailed extends Error {
  override name = 'CommandFailed';
}

const dbOption = { db: { type: 'string' }, json: { type: 'boolean' } } as const;
const DbSchema = z.string().min(1, '--db must name a file');

async function withService<T>(db: string, fn: (s: Service) => Promise<T>): Promise<T> {
  const store = openStore({ path: db });
  try {
    return await fn(createService(store, { version: VERSION, dbPath: db, collectorUrl: null }));
  } finally {
    store.close();
  }
}

async function call<N extends CallName>(service: Service, name: N, input: unknown): Promise<CallOutput<N>> {
  const r = await service.dispatch(name, input);
  if (!r.ok) {
    // A bad query is the user's argument; anything else is a failure.
    if (r.code === 'QUERY_SYNTAX' || r.code === 'BAD_INPUT') throw new UsageError(r.message);
    throw new CommandFailed(r.message);
  }
  return r.value as CallOutput<N>;
}

export async function importCommand(argv: string[], io: Io, defaultDb: string): Promise<void> {
  const args = parseCommandArgs(
    'import',
    argv,
    { ...dbOption, format: { type: 'string' } },
    z.object({
      db: DbSchema.default(defaultDb),
      json: z.boolean().default(false),
      format: ImportFormatSchema.default('auto'),
      positionals: z.array(z.string()).min(1, 'name at least one FILE to import'),
    }),
  );
  let failed = 0;
  await withService(args.db, async (service) => {
    for (const file of args.positionals) {
      let summary: ImportSummary;
      try {
        summary = await service.importPath(file, args.format);
      } catch (err) {
        failed++;
        io.err(`logbridge import: ${(err as Error).message}`);
        continue;
      }
      if (args.json) {
        io.out(JSON.stringify({ file, ...summary }));
        continue;
      }
      io.out(
        `${file}: imported ${summary.imported} events (${summary.format}) in ${(summary.elapsed_ms / 1000).toFixed(1)} s; skipped ${summary.skipped} bad lines` +
          (summary.truncated > 0 ? `; cut ${summary.truncated} lines longer than 1 MiB.` : '.'),
      );
      for (const e of summary.errors) io.out(`  line ${e.line}: ${e.reason}`);
    }
  });
  if (failed > 0) throw new CommandFailed(`${failed} of ${args.positionals.length} files could not be imported.`);
}

export async function queryCommand(argv: string[], io: Io, defaultDb: string): Promise<void> {
  const args = parseCommandArgs(
    'query',
    argv,
    { ...dbOption, limit: { type: 'string' } },
    z.object({
      db: DbSchema.default(defaultDb),
      json: z.boolean().default(false),
      limit: LimitSchema.default(100),
      positionals: z.array(z.string()),
    }),
  );
  const query = args.positionals.join(' ');
  await withService(args.db, async (service) => {
    // The newest `limit` matches, printed oldest first like `journalctl -n`.
    const events: LogEvent[] = [];
    let before: { time: number; id: number } | undefined;
    let total = 0;
    while (events.length < args.limit) {
      const page = await call(service, 'events.search', { query, limit: Math.min(5000, args.limit - events.length), before });
      total = page.total;
      events.push(...page.events);
      if (!page.next) break;
      before = page.next;
    }
    for (const e of events.reverse()) io.out(args.json ? JSON.stringify(eventToJson(e)) : eventToLine(e));
    if (!args.json) io.err(`${events.length} of ${total} matching events shown.`);
  });
}

export async function statsCommand(argv: string[], io: Io, defaultDb: string): Promise<void> {
  const args = parseCommandArgs(
    'stats',
    argv,
    { ...dbOption, by: { type: 'string' }, limit: { type: 'string' } },
    z.object({
      db: DbSchema.default(defaultDb),
      json: z.boolean().default(false),
      by: z.enum(['route'], { error: '--by must be "route"' }).optional(),
      limit: LimitSchema.max(10_000, '--limit must be at most 10000').default(100),
      positionals: z.array(z.string()),
    }),
  );
  await withService(args.db, async (service) => {
    const found = await call(service, 'stats.routes', {
      query: args.positionals.join(' '),
      by: args.by ?? 'all',
      limit: args.limit,
    });
    // With no --by there is always one summary row, even over nothing.
    const rows = args.by || found.rows.length > 0 ? found.rows : [{ route: null, method: null, count: 0, errors: 0, p50: null, p95: null, p99: null }];
    if (args.json) {
      for (const r of rows) io.out(JSON.stringify(args.by ? r : { count: r.count, errors: r.errors, p50: r.p50, p95: r.p95, p99: r.p99 }));
      return;
    }
    const ms = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
    const head = ['count', 'errors', 'p50 ms', 'p95 ms', 'p99 ms'];
    const body = rows.map((r) => [r.count, r.errors, ms(r.p50), ms(r.p95), ms(r.p99)]);
    if (!args.by) {
      io.out(table(head, body, new Set([0, 1, 2, 3, 4])));
      return;
    }
    io.out(
      table(['route', 'method', ...head], rows.map((r, i) => [r.route, r.method, ...body[i]!]), new Set([2, 3, 4, 5, 6])),
    );
  });
}
