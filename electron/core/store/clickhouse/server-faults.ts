// Failures of the ClickHouse server itself, as store faults (../faults.ts): a server that does
// not answer (refused, reset, timed out, unknown host) is `unavailable` (HTTP 503, worth a
// retry), a server out of disk is `full` (507). Anything else is the request's own error.
import { ClickHouseError } from '@clickhouse/client';
import { faultMessage, StoreFaultError, type StoreFault } from '../faults.js';

const UNREACHABLE = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
]);

/** ClickHouse error codes that are the server's state, not the request. */
const SERVER_CODES: Record<string, StoreFault> = {
  '243': 'full', // NOT_ENOUGH_SPACE
  '202': 'unavailable', // TOO_MANY_SIMULTANEOUS_QUERIES
  '252': 'unavailable', // TOO_MANY_PARTS: inserts refused until merges catch up
};

/**
 * The server's error code of a failed request. The client parses the message format of current
 * releases into ClickHouseError; 18.x words it "Code: 115, e.displayText() = ...", read here.
 */
export function serverErrorCode(err: unknown): string | null {
  if (err instanceof ClickHouseError) return err.code;
  if (!(err instanceof Error)) return null;
  return /^Code: (\d{1,5})[.,]/.exec(err.message)?.[1] ?? null;
}

function faultKind(err: unknown, depth = 0): StoreFault | null {
  if (err instanceof StoreFaultError) return err.fault;
  const serverCode = serverErrorCode(err);
  if (serverCode !== null) return SERVER_CODES[serverCode] ?? null;
  if (!(err instanceof Error)) return null;
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && UNREACHABLE.has(code)) return 'unavailable';
  // The client reports a request that got no answer in time, or a socket closed mid-answer, in words.
  if (/^Timeout error|socket hang up/i.test(err.message)) return 'unavailable';
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && depth < 4 ? faultKind(cause, depth + 1) : null;
}

/** The store fault `err` is, with its one-sentence message about `location`; null for other errors. */
export function clickHouseFault(err: unknown, location: string): StoreFaultError | null {
  if (err instanceof StoreFaultError) return err;
  const kind = faultKind(err);
  return kind ? new StoreFaultError(kind, faultMessage(kind, location)) : null;
}
