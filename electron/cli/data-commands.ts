// import, query and stats: each opens the store, goes through the same service (and so the
// same contract and validation) as the UI, prints, and closes.
import fs from 'node:fs';
import { z } from 'zod';
import type { CallName, CallOutput, ImportSummary } from '../../shared/api.js';
import { FieldMappingSchema, ImportFormatSchema, MAPPABLE_FIELDS } from '../../shared/api.js';
import { expandPaths } from '../core/importers/imports.js';
import { LogFormatError, validateLogFormat } from '../core/importers/log-format/index.js';
import { emptyMessage, failedFilesLine, failureOf, outcomeJson, printSummary, progressLine, type FileOutcome } from './import-output.js';
import type { LogEvent } from '../../shared/events.js';
import { openCore, type StoreSpec } from '../core/compose.js';
import type { Service } from '../core/service.js';
import { VERSION } from '../core/version.js';
import { LimitSchema, parseCommandArgs, UsageError } from './args.js';
import { storeArgs, storeOptions, storeOf } from './store-arg.js';
import { eventToJson, eventToLine, jsonLine, table } from './format.js';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** A status line that replaces itself (a terminal's progress); '' clears it. */
  progress?: (line: string) => void;
}

/** A failure that is not the user's arguments: exit status 1. */
export class CommandFailed extends Error {
  override name = 'CommandFailed';
}

/** Exit status 1 for failures the command has already printed, each in its own words. */
export class FailureReported extends CommandFailed {
  override name = 'FailureReported';
  constructor() {
    super('the failures are printed above');
  }
}

const dbOption = { ...storeOptions, json: { type: 'boolean' } } as const;

/**
 * The service's log carries stack traces of unexpected errors; the command already prints their
 * message in one sentence, so the stack is shown only when asked for (LOGBRIDGE_DEBUG=1).
 */
const debugLog = (io: Io) => (message: string) => {
  if (process.env.LOGBRIDGE_DEBUG) io.err(message);
};

/**
 * `columnar`: load SQLite's columnar index for this one answer. Worth it for aggregates (a
 * second to load a million events' columns, against several for SQL to rank percentiles); a
 * page of events is quicker from SQL's indexes.
 */
async function withService<T>(store: StoreSpec, io: Io, fn: (s: Service) => Promise<T>, columnar = false): Promise<T> {
  const core = await openCore({ store, version: VERSION, collectorUrl: null, importOnMainThread: true, columnar, log: debugLog(io) });
  try {
    return await fn(core.service);
  } finally {
    await core.close();
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

const MappingArg = z
  .string()
  .regex(/^[a-z_]+=.*$/, '--map takes FIELD=NAME, e.g. --map time=ts or --map level= to leave a field unmapped')
  .transform((s) => {
    const eq = s.indexOf('=');
    return [s.slice(0, eq), s.slice(eq + 1) || null] as const;
  });

/**
 * Our errors are sentences naming the file already; the system's (`EIO: i/o error, read`) do
 * not, and neither does a disk or database fault met mid-import: those get the path in front.
 */
function importFailure(file: string, err: unknown): string {
  const sys = err as NodeJS.ErrnoException;
  if (typeof sys.syscall === 'string' && typeof sys.code === 'string') return `Cannot read ${file}: ${sys.code} during ${sys.syscall}.`;
  const message = err instanceof Error ? err.message : String(err);
  return message.includes(file) ? message : `${file}: ${message}`;
}

/** Sizes of the files to import; null where there is no regular file to measure (import says why). */
async function fileSizes(files: readonly string[]): Promise<(number | null)[]> {
  return Promise.all(files.map((f) => fs.promises.stat(f).then((s) => (s.isFile() ? s.size : null), () => null)));
}

export async function importCommand(argv: string[], io: Io, defaultDb: string): Promise<void> {
  const args = parseCommandArgs(
    'import',
    argv,
    {
      ...dbOption,
      format: { type: 'string' },
      'log-format': { type: 'string' },
      map: { type: 'string', multiple: true },
      follow: { type: 'boolean' },
    },
    z.object({
      ...storeArgs,
      json: z.boolean().default(false),
      format: ImportFormatSchema.default('auto'),
      'log-format': z.string().min(1, '--log-format must not be empty').optional(),
      map: z.array(MappingArg).default([]),
      follow: z.boolean().default(false),
      positionals: z.array(z.string().min(1, 'a FILE name must not be empty')).min(1, 'name at least one FILE or folder to import'),
    }),
  );
  const mapping = FieldMappingSchema.safeParse(Object.fromEntries(args.map));
  if (!mapping.success) throw new UsageError(`import: --map names a field Logbridge does not know; fields: ${MAPPABLE_FIELDS.join(', ')}.`);
  // A bad format string is the user's argument, not a file's fault: say it once, before any file.
  if (args['log-format'] !== undefined) {
    try {
      validateLogFormat(args['log-format']);
    } catch (err) {
      if (err instanceof LogFormatError) throw new UsageError(`import: --log-format: ${err.message}`);
      throw err;
    }
  }
  const files = await expandPaths(args.positionals);
  if (files.length === 0) throw new UsageError('import: the folders named hold no files.');
  if (args.follow && files.length > 1) throw new UsageError('import: --follow takes one file.');
  // A followed file may be empty yet: it is waited on, not judged.
  const sizes = args.follow ? files.map(() => null) : await fileSizes(files);
  // An empty file among others is said and passed over (a folder of logs often holds one
  // rotated to nothing, and the others are what was meant). When every file named is empty,
  // one empty file included, the run could import nothing at all: that exits 1.
  const emptyFails = sizes.every((size) => size === 0);
  const failed: string[] = [];
  await withService(storeOf(args, defaultDb), io, async (service) => {
    const showProgress = !args.json && process.stderr.isTTY;
    let running: string | null = null;
    const stop = service.subscribe('import.progress', (p) => {
      running = p.state === 'running' ? p.job_id : null;
      if (showProgress) io.progress?.(progressLine(p));
    });
    // Ctrl-C ends a followed import cleanly: what was read stays, and it resumes next time.
    const onInterrupt = () => void (running && service.dispatch('import.cancel', { job_id: running }));
    if (args.follow) process.once('SIGINT', onInterrupt);
    try {
      for (const [i, file] of files.entries()) {
        let outcome: FileOutcome;
        if (sizes[i] === 0) {
          outcome = { kind: 'empty' };
        } else {
          try {
            const summary = await service.importPath(file, {
              format: args.format,
              logFormat: args['log-format'],
              mapping: args.map.length > 0 ? mapping.data : undefined,
              follow: args.follow,
              label: file,
            });
            outcome = { kind: 'read', summary };
          } catch (err) {
            outcome = { kind: 'failed', error: importFailure(file, err) };
          }
        }
        const failure = failureOf(outcome, emptyFails, file);
        if (args.json) io.out(jsonLine(outcomeJson(file, outcome, failure)));
        else if (outcome.kind === 'read') printSummary(file, outcome.summary, io);
        else if (outcome.kind === 'empty' && failure === null) io.out(emptyMessage(file));
        if (failure === null) continue;
        failed.push(file);
        io.err(`logbridge import: ${failure}`);
      }
    } finally {
      process.off('SIGINT', onInterrupt);
      stop();
      if (showProgress) io.progress?.('');
    }
  });
  if (failed.length === 0) return;
  // With one file its own message said it all; with several, which of them failed.
  if (files.length === 1) throw new FailureReported();
  throw new CommandFailed(failedFilesLine(failed, files.length));
}

export async function queryCommand(argv: string[], io: Io, defaultDb: string): Promise<void> {
  const args = parseCommandArgs(
    'query',
    argv,
    { ...dbOption, limit: { type: 'string' } },
    z.object({
      ...storeArgs,
      json: z.boolean().default(false),
      limit: LimitSchema.default(100),
      positionals: z.array(z.string()),
    }),
  );
  const query = args.positionals.join(' ');
  await withService(storeOf(args, defaultDb), io, async (service) => {
    // The newest `limit` matches, printed oldest first like `journalctl -n`.
    const events: LogEvent[] = [];
    let before: string | undefined;
    let total = 0;
    while (events.length < args.limit) {
      const page = await call(service, 'events.search', { query, limit: Math.min(5000, args.limit - events.length), before });
      total = page.total;
      events.push(...page.events);
      if (!page.next) break;
      before = page.next;
    }
    for (const e of events.reverse()) io.out(args.json ? jsonLine(eventToJson(e)) : eventToLine(e));
    if (!args.json) io.err(`${events.length} of ${total} matching events shown.`);
  });
}

export async function statsCommand(argv: string[], io: Io, defaultDb: string): Promise<void> {
  const args = parseCommandArgs(
    'stats',
    argv,
    { ...dbOption, by: { type: 'string' }, limit: { type: 'string' } },
    z.object({
      ...storeArgs,
      json: z.boolean().default(false),
      by: z.enum(['route'], { error: '--by must be "route"' }).optional(),
      limit: LimitSchema.max(10_000, '--limit must be at most 10000').default(100),
      positionals: z.array(z.string()),
    }),
  );
  await withService(storeOf(args, defaultDb), io, async (service) => {
    const found = await call(service, 'stats.routes', {
      query: args.positionals.join(' '),
      by: args.by ?? 'all',
      limit: args.limit,
    });
    // With no --by there is always one summary row, even over nothing.
    const rows = args.by || found.rows.length > 0 ? found.rows : [{ route: null, method: null, count: 0, errors: 0, p50: null, p95: null, p99: null }];
    if (args.json) {
      for (const r of rows) io.out(jsonLine(args.by ? r : { count: r.count, errors: r.errors, p50: r.p50, p95: r.p95, p99: r.p99 }));
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
  }, true);
}
