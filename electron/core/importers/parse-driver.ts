// Drives one format over a stream of bytes: splits lines (keeping each line's number and byte
// offset, so an event can point back into its file), cuts over-long lines, joins records that
// span lines, and hands document formats their bytes untouched. It never throws on input: a
// parser that throws is a bug, reported as a bad line rather than an aborted import.
import type { NewEvent } from '../../../shared/events.js';
import type {
  DetectSample, DocumentParser, FormatDefinition, FormatReport, ItemLocation, LineParser, LineResult, ParseContext,
} from './format-types.js';

/** Longer lines are cut to this many bytes and counted: a runaway line must not stall us. */
export const MAX_LINE_BYTES = 1024 * 1024;
/** Shown text of a bad line or item. */
export const BAD_TEXT_CHARS = 300;

export interface DriverOutput {
  event(e: NewEvent, at: ItemLocation): void;
  bad(reason: string, at: ItemLocation, text: string): void;
  /** A line was longer than MAX_LINE_BYTES and was cut. */
  truncated?(at: ItemLocation): void;
}

export interface ParseDriver {
  write(chunk: Buffer): void;
  end(): void;
  describe(): FormatReport;
  /** Bytes consumed so far, and lines seen (for progress). */
  readonly bytes: number;
  readonly lines: number;
  /**
   * Where a later read could start without losing or repeating a record: the start of the first
   * line not yet finished. Documents are read whole, so for them it stays at the start.
   */
  resumePoint(): { bytes: number; lines: number };
}

export interface DriverOptions {
  maxLineBytes?: number;
  /** The input starts this far into the file (a file that grew, read on): offsets count from 0 of the file. */
  startBytes?: number;
  startLines?: number;
}

const NL = 10;
const CR = 13;

function failure(err: unknown): string {
  return `the parser failed on this input (${err instanceof Error ? err.message : String(err)})`;
}

export function createParseDriver(
  def: FormatDefinition,
  ctx: ParseContext,
  head: DetectSample,
  out: DriverOutput,
  opts: DriverOptions = {},
): ParseDriver {
  if (def.shape === 'document') return documentDriver(def.create(ctx, { event: out.event, bad: out.bad }), out);
  return lineDriver(def.create(ctx, head), out, opts);
}

function documentDriver(parser: DocumentParser, out: DriverOutput): ParseDriver {
  let bytes = 0;
  // Lines read, for the report and progress: line breaks seen, plus a last line without one.
  let breaks = 0;
  let endsInBreak = true;
  const guard = (run: () => void) => {
    try {
      run();
    } catch (err) {
      out.bad(failure(err), { offset: bytes, length: 0, line: 0 }, '');
    }
  };
  return {
    write(chunk) {
      guard(() => parser.write(chunk));
      bytes += chunk.length;
      for (let i = chunk.indexOf(NL); i !== -1; i = chunk.indexOf(NL, i + 1)) breaks++;
      if (chunk.length > 0) endsInBreak = chunk[chunk.length - 1] === NL;
    },
    end: () => guard(() => parser.end()),
    describe: () => parser.describe?.() ?? {},
    get bytes() {
      return bytes;
    },
    get lines() {
      return breaks + (endsInBreak ? 0 : 1);
    },
    resumePoint: () => ({ bytes: 0, lines: 0 }),
  };
}

function lineDriver(parser: LineParser, out: DriverOutput, opts: DriverOptions): ParseDriver {
  const maxLineBytes = opts.maxLineBytes ?? MAX_LINE_BYTES;
  let lineNo = opts.startLines ?? 0;
  let offset = opts.startBytes ?? 0; // byte offset of the current line's start
  // Bytes of a line that started in an earlier chunk (at most maxLineBytes + 1 kept).
  let carry: Buffer[] = [];
  let carried = 0;
  let cut = false;
  // A record spanning lines: where it started.
  let pendingAt: { offset: number; line: number } | null = null;
  let firstLine = offset === 0;
  let provisional: { bytes: number; lines: number } | null = null;

  const emit = (r: LineResult | null, at: ItemLocation, text: string) => {
    if (r === null || 'skip' in r) return;
    if ('pending' in r) return;
    if (r.ok) {
      if ('event' in r) out.event(r.event, at);
      else for (const e of r.events) out.event(e, at);
    } else {
      out.bad(r.reason, at, text.slice(0, BAD_TEXT_CHARS));
    }
  };

  const handle = (buf: Buffer, start: number, end: number, nextOffset: number) => {
    lineNo++;
    let stop = end;
    if (stop > start && buf[stop - 1] === CR) stop--;
    let text = buf.toString('utf8', start, stop);
    if (firstLine) {
      firstLine = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const at: ItemLocation = pendingAt
      ? { offset: pendingAt.offset, line: pendingAt.line, length: nextOffset - pendingAt.offset, spansLines: true }
      : { offset, line: lineNo, length: nextOffset - offset };
    if (cut) out.truncated?.({ offset, line: lineNo, length: nextOffset - offset });
    let r: LineResult;
    try {
      r = parser.line(text, lineNo);
    } catch (err) {
      r = { ok: false, reason: failure(err) };
    }
    if ('pending' in r) {
      pendingAt ??= { offset, line: lineNo };
    } else {
      pendingAt = null;
      emit(r, at, text);
    }
    offset = nextOffset;
  };

  const lineFromCarry = (chunk: Buffer, end: number, nextOffset: number) => {
    const room = maxLineBytes - carried;
    if (end > room) {
      cut = true;
      end = Math.max(0, room);
    }
    const joined = Buffer.concat([...carry, chunk.subarray(0, end)]);
    carry = [];
    carried = 0;
    handle(joined, 0, joined.length, nextOffset);
    cut = false;
  };

  let bytes = offset;
  return {
    write(chunk) {
      let start = 0;
      for (let nl = chunk.indexOf(NL); nl !== -1; nl = chunk.indexOf(NL, start)) {
        const next = bytes + nl + 1;
        if (carried > 0 || cut) {
          lineFromCarry(chunk, nl, next);
        } else if (nl - start > maxLineBytes) {
          cut = true;
          handle(chunk, start, start + maxLineBytes, next);
          cut = false;
        } else {
          handle(chunk, start, nl, next);
        }
        start = nl + 1;
      }
      // The rest belongs to a line that ends in a later chunk; keep at most the cap of it.
      if (start < chunk.length) {
        const room = maxLineBytes - carried;
        const piece = chunk.subarray(start, start + Math.max(0, room));
        if (chunk.length - start > room) cut = true;
        if (piece.length > 0) {
          carry.push(Buffer.from(piece));
          carried += piece.length;
        }
      }
      bytes += chunk.length;
    },
    end() {
      if (carried > 0 || cut) {
        // The last line has no line break: it may be a line still being written. It is read
        // (most files simply end that way) but a later read on starts at it again, and the
        // import replaces what it made of it (import-job.ts).
        if (!pendingAt) provisional = { bytes: offset, lines: lineNo };
        lineFromCarry(Buffer.alloc(0), 0, bytes);
      }
      let r: LineResult | null = null;
      try {
        r = parser.end?.() ?? null;
      } catch (err) {
        r = { ok: false, reason: failure(err) };
      }
      const at: ItemLocation = pendingAt
        ? { offset: pendingAt.offset, line: pendingAt.line, length: bytes - pendingAt.offset, spansLines: true }
        : { offset: bytes, line: lineNo, length: 0 };
      if (r !== null && 'pending' in r) r = { ok: false, reason: 'the file ends inside a record' };
      emit(r, at, '');
      pendingAt = null;
    },
    describe: () => parser.describe?.() ?? {},
    get bytes() {
      return bytes;
    },
    get lines() {
      return lineNo;
    },
    resumePoint: () =>
      pendingAt ? { bytes: pendingAt.offset, lines: pendingAt.line - 1 } : (provisional ?? { bytes: offset, lines: lineNo }),
  };
}

/** The detection sample of a file's first bytes (already decompressed). */
export function detectSample(headBytes: Buffer): DetectSample {
  let text = headBytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // The last line may be cut by the 64 KiB window; only whole lines go to `lines`.
  const lastNl = text.lastIndexOf('\n');
  // With no line break in the window (one very long first line) there is no whole line: formats
  // then judge by `text`, the start of that line.
  const whole = lastNl === -1 ? (headBytes.length < DETECT_BYTES ? text : '') : text.slice(0, lastNl);
  const lines: string[] = [];
  for (const l of whole.split('\n')) {
    const line = l.endsWith('\r') ? l.slice(0, -1) : l;
    if (line.trim() === '') continue;
    lines.push(line);
    if (lines.length >= DETECT_LINES) break;
  }
  return { text, lines };
}

export const DETECT_BYTES = 64 * 1024;
export const DETECT_LINES = 50;
