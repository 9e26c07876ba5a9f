// `logbridge sessions [QUERY]` and `logbridge timeline SESSION_ID`: the contract's
// `sessions.list` and `sessions.timeline`, the calls the session list and the timeline view
// make, so the command line shows the UI's figures.
import { z } from 'zod';
import { LimitSchema, parseCommandArgs } from './args.js';
import { call, dbOption, withService, type Io } from './core-call.js';
import { eventToJson, jsonLine, num, table } from './format.js';
import { rangeArgs, rangeOf, rangeOptions } from './range-arg.js';
import { SESSION_HEADERS, SESSION_NUMBERS, sessionRow, sessionToJson, timelineHeading, timelineLines } from './session-format.js';
import { storeArgs, storeOf } from './store-arg.js';

export async function sessionsCommand(argv: string[], io: Io, defaultDb: string): Promise<void> {
  const args = parseCommandArgs(
    'sessions',
    argv,
    { ...dbOption, ...rangeOptions, limit: { type: 'string' } },
    z.object({
      ...storeArgs,
      ...rangeArgs,
      json: z.boolean().default(false),
      limit: LimitSchema.max(10_000, '--limit must be at most 10000').default(1000),
      positionals: z.array(z.string()),
    }),
  );
  const range = rangeOf(args);
  // Every session's summary is a few aggregates over the whole store (routes' p95s included): the columnar index's kind of work.
  await withService(storeOf(args, defaultDb), io, async (service) => {
    const found = await call(service, 'sessions.list', { query: args.positionals.join(' '), limit: args.limit, ...(range ? { range } : {}) });
    if (args.json) {
      for (const s of found.sessions) io.out(jsonLine(sessionToJson(s)));
      return;
    }
    if (found.sessions.length > 0) io.out(table(SESSION_HEADERS, found.sessions.map(sessionRow), SESSION_NUMBERS));
    const n = found.sessions.length;
    io.err(
      found.truncated
        ? `${num(n)} of more matching sessions shown, the most recently active (raise --limit).`
        : `${num(n)} ${n === 1 ? 'session' : 'sessions'}.`,
    );
  }, true);
}

export async function timelineCommand(argv: string[], io: Io, defaultDb: string): Promise<void> {
  const args = parseCommandArgs(
    'timeline',
    argv,
    { ...dbOption, limit: { type: 'string' } },
    z.object({
      ...storeArgs,
      json: z.boolean().default(false),
      limit: LimitSchema.max(50_000, '--limit must be at most 50000').default(10_000),
      positionals: z
        .array(z.string().min(1, 'SESSION_ID must not be empty').max(200, 'SESSION_ID is longer than any session id (200 characters)'))
        .min(1, 'name the SESSION_ID to show (`logbridge sessions` lists them)')
        .max(1, 'takes one SESSION_ID (quote an id that holds spaces)'),
    }),
  );
  const sessionId = args.positionals[0]!;
  await withService(storeOf(args, defaultDb), io, async (service) => {
    // An unknown id comes back NOT_FOUND, "No session X.": exit status 1 like any failure.
    const t = await call(service, 'sessions.timeline', { session_id: sessionId, limit: args.limit });
    if (args.json) for (const e of t.events) io.out(jsonLine(eventToJson(e)));
    else {
      io.out(timelineHeading(t.session));
      for (const line of timelineLines(t)) io.out(line);
    }
    if (t.truncated) io.err(`Only the first ${num(t.events.length)} events of the session shown (raise --limit).`);
  }, true);
}
