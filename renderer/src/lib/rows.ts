// Keeping a long, paged, newest-first list correct while new events arrive. Cursors and ids are
// opaque (each store makes its own), so rows are placed by identity and time, never by
// comparing ids.
import type { LogEvent } from '../../../shared/events.js';

/** Where the next page starts, as the store handed it out. */
export type Cursor = string;

export interface Page {
  events: LogEvent[];
  next: Cursor | null;
}

/**
 * The loaded rows that come after `last` in newest-first order: those after the same row when
 * it is loaded, else those strictly older (a row at the same millisecond cannot be placed).
 */
function rowsAfter(loaded: LogEvent[], last: LogEvent): LogEvent[] {
  const at = loaded.findIndex((e) => e.id === last.id);
  if (at >= 0) return loaded.slice(at + 1);
  return loaded.filter((e) => e.time < last.time);
}

/**
 * Merge a freshly fetched first page into rows already loaded, so a live refresh does not
 * throw away the pages the user has scrolled through. The fresh page is authoritative down to
 * its last row; loaded rows older than that are kept along with their cursor.
 */
export function mergeFirstPage(loaded: Page, fresh: Page): Page {
  const last = fresh.events[fresh.events.length - 1];
  if (fresh.next === null || last === undefined) return fresh;
  const seen = new Set(fresh.events.map((e) => e.id));
  const older = rowsAfter(loaded.events, last).filter((e) => !seen.has(e.id));
  if (older.length === 0) return fresh;
  return { events: fresh.events.concat(older), next: loaded.next };
}

/**
 * Append the page fetched after `cursor`, but only if the list still ends at that cursor: a
 * new search or a refresh may have replaced it while the request was in flight.
 */
export function appendPage(loaded: Page, cursor: Cursor, page: Page): Page | null {
  if (loaded.next !== cursor) return null;
  // Keyset paging never repeats a row, but a page that did would duplicate React keys.
  const have = new Set(loaded.events.map((e) => e.id));
  const fresh = page.events.filter((e) => !have.has(e.id));
  return { events: loaded.events.concat(fresh), next: page.next };
}
