// import and query: each opens the store, goes through the same service (and so the same
// contract and validation) as the UI, prints, and closes.
import fs from 'node:fs';
import { z } from 'zod';
import { FieldMappingSchema, ImportFormatSchema, MAPPABLE_FIELDS } from '../../shared/api.js';
import { expandPaths } from '../core/importers/imports.js';
import { LogFormatError, validateLogFormat } from '../core/importers/log-format/index.js';
import { emptyMessage, failedFilesLine, failureOf, outcomeJson, printSummary, progressLine, type FileOutcome } from './import-output.js';
import type { LogEvent } from '../../shared/events.js';
import { LimitSchema, parseCommandArgs, UsageError } from './args.js';
import { storeArgs, storeOf } from './store-arg.js';
import { jsonLine, num } from './format.js';
import { EXPORT_FORMATS, writerFor } from './export-formats.js';
import { call, CommandFailed, dbOption, FailureReported, withService, type Io } from './core-call.js';
import { searchPages, type SearchPage } from '../core/export/export-stream.js';
import { describeSort, sortOption, SortArg } from './sort-arg.js';

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
    { ...dbOption, limit: { type: 'string' }, all: { type: 'boolean' }, format: { type: 'string' }, ...sortOption },
    z
      .object({
        ...storeArgs,
        json: z.boolean().default(false),
        all: z.boolean().default(false),
        format: z.enum(EXPORT_FORMATS, { error: `--format must be one of ${EXPORT_FORMATS.join(', ')}` }).optional(),
        limit: LimitSchema.default(100),
        sort: SortArg.optional(),
        positionals: z.array(z.string()),
      })
      .refine((a) => !(a.json && a.format !== undefined && a.format !== 'jsonl'), '--json is --format jsonl; give one of them'),
  );
  const query = args.positionals.join(' ');
  const sort = args.sort;
  const writer = writerFor(args.format ?? (args.json ? 'jsonl' : 'lines'));
  const out = (lines: string[]) => {
    for (const l of lines) io.out(l);
  };
  await withService(storeOf(args, defaultDb), io, async (service) => {
    if (args.all) {
      // Every match, newest first as the store finds them (or in --sort's order): the first
      // lines come at once and nothing is held, however many there are.
      out(writer.head());
      let shown = 0;
      const search: SearchPage = (input) => call(service, 'events.search', input);
      for await (const page of searchPages(search, { query, ...(sort ? { sort } : {}) })) {
        for (const e of page) out(writer.event(e));
        shown += page.length;
      }
      out(writer.tail());
      io.err(`${num(shown)} matching events written.`);
      return;
    }
    // The newest `limit` matches, printed oldest first like `journalctl -n`; with --sort the
    // first `limit` in its order, printed in it.
    const events: LogEvent[] = [];
    let before: string | undefined;
    let total = 0;
    while (events.length < args.limit) {
      const page = await call(service, 'events.search', { query, limit: Math.min(5000, args.limit - events.length), before, sort });
      total = page.total;
      events.push(...page.events);
      if (!page.next) break;
      before = page.next;
    }
    out(writer.head());
    for (const e of sort ? events : events.reverse()) out(writer.event(e));
    out(writer.tail());
    const order = sort ? `, sorted by ${describeSort(sort)}` : '';
    if (!args.json) io.err(`${num(events.length)} of ${num(total)} matching events shown${order}${events.length < total ? '; --all writes every one' : ''}.`);
  });
}
