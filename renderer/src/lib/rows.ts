// Keeping a long, paged, newest-first list correct while new events arrive.
import type { LogEvent } from '../../../shared/events.js';

export interface Cursor {
  time: number;
  id: number;
}

export interface Page {
  events: LogEvent[];
  next: Cursor | null;
}

/** True when `e` sorts after the cursor in newest-first order (time desc, then id desc). */
export function isOlderThan(e: Cursor, cursor: Cursor): boolean {
  return e.time < cursor.time || (e.time === cursor.time && e.id < cursor.id);
}

/**
 * Merge a freshly fetched first page into rows already loaded, so a live refresh does not
 * throw away the pages the user has scrolled through. The fresh page is authoritative down to
 * its last row; loaded rows older than that are kept along with their cursor.
 */
export function mergeFirstPage(loaded: Page, fresh: Page): Page {
  const boundary = fresh.next;
  if (boundary === null) return fresh;
  const older = loaded.events.filter((e) => isOlderThan(e, boundary));
  if (older.length === 0) return fresh;
  return { events: fresh.events.concat(older), next: loaded.next };
}

/**
 * Append the page fetched after `cursor`, but only if the list still ends at that cursor: a
 * new search or a refresh may have replaced it while the request was in flight.
 */
export function appendPage(loaded: Page, cursor: Cursor, page: Page): Page | null {
  if (loaded.next === null || loaded.next.time !== cursor.time || loaded.next.id !== cursor.id) return null;
  // Keyset paging never repeats a row, but a page that did would duplicate React keys.
  const fresh = page.events.filter((e) => isOlderThan(e, cursor));
  return { events: loaded.events.concat(fresh), next: page.next };
}
