// What every data command shares: where it prints, how it fails, and the core it opens, calls
// through the same contract (and so the same validation and figures) as the UI, and closes.
import type { CallName, CallOutput } from '../../shared/api.js';
import { openCore, type StoreSpec } from '../core/compose.js';
import type { Service } from '../core/service.js';
import { VERSION } from '../core/version.js';
import { UsageError } from './args.js';
import { storeOptions } from './store-arg.js';

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

export const dbOption = { ...storeOptions, json: { type: 'boolean' } } as const;

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
export async function withService<T>(store: StoreSpec, io: Io, fn: (s: Service) => Promise<T>, columnar = false): Promise<T> {
  const core = await openCore({ store, version: VERSION, collectorUrl: null, importOnMainThread: true, columnar, log: debugLog(io) });
  try {
    return await fn(core.service);
  } finally {
    await core.close();
  }
}

/** One call of the contract; its refusals become the command's exit status. */
export async function call<N extends CallName>(service: Service, name: N, input: unknown): Promise<CallOutput<N>> {
  const r = await service.dispatch(name, input);
  if (!r.ok) {
    // A bad query is the user's argument; anything else (a session that is not there included) is a failure.
    if (r.code === 'QUERY_SYNTAX' || r.code === 'BAD_INPUT') throw new UsageError(r.message);
    throw new CommandFailed(r.message);
  }
  return r.value as CallOutput<N>;
}
