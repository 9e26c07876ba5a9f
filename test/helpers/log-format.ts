// One line read with a compiled nginx or Apache format, for the log-format tests: its event or the
// reason it is refused, and the error a malformed format raises.
import type { NewEvent } from '../../shared/events.js';
import type { LineParser } from '../../electron/core/importers/format-types.js';
import { compileLogFormat, LogFormatError } from '../../electron/core/importers/log-format/index.js';
import { testContext } from './parse-format.js';

const ctx = testContext();

/** The event `p` reads from `line`; throws (failing the test) when there is none. */
export function lineEvent(p: LineParser, line: string): NewEvent {
  const r = p.line(line, 1);
  if (!('ok' in r) || !r.ok || !('event' in r)) throw new Error(`expected ${JSON.stringify(line)} to parse, got ${JSON.stringify(r)}`);
  return r.event;
}

/** Why `p` refuses `line`; throws (failing the test) when it does not. */
export function lineReason(p: LineParser, line: string): string {
  const r = p.line(line, 1);
  if (!('ok' in r) || r.ok) throw new Error(`expected ${JSON.stringify(line)} to be rejected, got ${JSON.stringify(r)}`);
  return r.reason;
}

export function parseLine(format: string, line: string): NewEvent {
  return lineEvent(compileLogFormat(format, ctx), line);
}

export function refusalReason(format: string, line: string): string {
  return lineReason(compileLogFormat(format, ctx), line);
}

/** The error compiling `format` raises; throws (failing the test) when it compiles. */
export function formatError(format: string): LogFormatError {
  try {
    compileLogFormat(format, ctx);
  } catch (err) {
    if (err instanceof LogFormatError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(format)} to be refused`);
}
