// Drives one import: detects the format from the first lines, parses line by line, and
// commits in batches so a bad line never aborts the import and a crash keeps whole batches.
import type { ImportFormat, ImportSummary } from '../../../shared/api.js';
import type { NewEvent } from '../../../shared/events.js';
import type { Store } from '../store/open.js';
import { detectFormat, formatByName, type LineContext, type LineFormat } from './formats.js';

/**
 * Longer lines are cut here (and counted in the summary): a runaway line (a minified bundle, a
 * binary file) must not stall us, while real lines with long URLs or agents stay whole.
 */
export const MAX_LINE_CHARS = 1024 * 1024;
const DETECT_LINES = 50;
const BATCH = 2000;
const MAX_REPORTED_ERRORS = 20;

export interface ImportLinesOptions {
  store: Store;
  name: string;
  format: ImportFormat;
  ctx: LineContext;
  /** Called after each committed batch with the events it added. */
  onCommit?: (added: number, latestId: number) => void;
}

export async function importLines(
  lines: AsyncIterable<string> | Iterable<string>,
  opts: ImportLinesOptions,
): Promise<ImportSummary> {
  const started = performance.now();
  const { store } = opts;
  let format: LineFormat | undefined = opts.format === 'auto' ? undefined : formatByName(opts.format);
  let sourceId = 0;
  let imported = 0;
  let skipped = 0;
  let truncated = 0;
  const errors: ImportSummary['errors'] = [];
  const head: string[] = [];
  let batch: NewEvent[] = [];
  let lineNo = 0;

  let flushed = 0;
  const flush = () => {
    if (batch.length === 0) return;
    const ids = store.append(sourceId, batch);
    imported += ids.length;
    opts.onCommit?.(ids.length, ids[ids.length - 1] ?? 0);
    batch = [];
  };

  const handle = (f: LineFormat, raw: string, n: number) => {
    if (raw.trim() === '') return;
    let line = raw;
    if (raw.length > MAX_LINE_CHARS) {
      line = raw.slice(0, MAX_LINE_CHARS);
      truncated++;
    }
    const r = f.parse(line, n, opts.ctx);
    if (r.ok) {
      batch.push(r.event);
      if (batch.length >= BATCH) flush();
      return;
    }
    skipped++;
    if (errors.length < MAX_REPORTED_ERRORS) errors.push({ line: n, reason: r.reason, text: line.slice(0, 300) });
  };

  const start = (f: LineFormat) => {
    format = f;
    sourceId = store.sources.create('file', opts.name, f.name);
    head.forEach((l, i) => handle(f, l, i + 1));
    head.length = 0;
  };

  for await (const raw of lines) {
    lineNo++;
    // The import shares the event loop with the collector: give it a turn after every commit,
    // so a big upload never makes ingest clients time out.
    if (imported !== flushed) {
      flushed = imported;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const text = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (format && sourceId) {
      handle(format, text, lineNo);
    } else {
      head.push(text.endsWith('\r') ? text.slice(0, -1) : text);
      if (head.length >= DETECT_LINES) start(format ?? detectFormat(head));
    }
  }
  if (!sourceId) start(format ?? detectFormat(head));
  flush();
  if (skipped > 0) store.sources.addCounts(sourceId, 0, skipped);
  return {
    source_id: sourceId,
    name: opts.name,
    format: format?.name ?? opts.format,
    imported,
    skipped,
    truncated,
    errors,
    elapsed_ms: Math.round(performance.now() - started),
  };
}

/** Splits text into lines without copying it twice (CRLF and LF both end a line). */
export function* splitLines(text: string): Generator<string> {
  let at = 0;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end === -1) end = text.length;
    const stop = end > at && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    yield text.slice(at, stop);
    at = end + 1;
  }
}
