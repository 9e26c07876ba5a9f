// The current result, written out page by page: one page of 5,000 events is all that is ever
// held, whether the bytes go to an HTTP response (browser mode) or a file (the desktop app).
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ExportFormat } from '../../../shared/export.js';
import type { LogEvent } from '../../../shared/events.js';
import { revealInvisible } from '../../../shared/bidi.js';
import { exportWriter } from './formats.js';

/** What the export needs of events.search: one page after `before`, as the contract answers it. */
export type SearchPage = (input: Record<string, unknown>) => Promise<{ events: LogEvent[]; next: string | null }>;

/** The events.search input of the result being exported, without limit and cursor. */
export type ExportQuery = Record<string, unknown>;

const PAGE = 5000;

/** Every match of `query`, a page of PAGE events at a time, each page going on from the last. */
export async function* searchPages(search: SearchPage, query: ExportQuery): AsyncGenerator<LogEvent[]> {
  let before: string | undefined;
  for (;;) {
    const page = await search({ ...query, limit: PAGE, ...(before === undefined ? {} : { before }) });
    yield page.events;
    if (!page.next) return;
    before = page.next;
  }
}

/**
 * The export's text in chunks of one page each, every line ending in `\n` (the bytes
 * `logbridge query --all --format` prints). `counted` hears the running number of events.
 */
export async function* exportChunks(search: SearchPage, query: ExportQuery, format: ExportFormat, counted?: (events: number) => void): AsyncGenerator<string> {
  const writer = exportWriter(format);
  // Control and text-direction characters are written as visible markers, as the CLI prints
  // them: a right-to-left override in a CSV cell would otherwise reorder what a spreadsheet
  // shows. JSON lines already carry them escaped, so nothing is lost there.
  const text = (lines: string[]) => lines.map((l) => `${revealInvisible(l)}\n`).join('');
  const head = text(writer.head());
  if (head !== '') yield head;
  let events = 0;
  for await (const page of searchPages(search, query)) {
    const chunk = text(page.flatMap((e) => writer.event(e)));
    events += page.length;
    counted?.(events);
    if (chunk !== '') yield chunk;
  }
  const tail = text(writer.tail());
  if (tail !== '') yield tail;
}

/** Writes the export to `file` with backpressure; a failed export leaves no half file behind. */
export async function writeExportFile(file: string, chunks: AsyncIterable<string>): Promise<void> {
  try {
    await pipeline(Readable.from(chunks), fs.createWriteStream(file));
  } catch (err) {
    fs.rmSync(file, { force: true });
    throw err;
  }
}
