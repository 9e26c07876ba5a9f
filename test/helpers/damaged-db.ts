// A database with a page in its middle overwritten, as a failing disk or a bad copy leaves one.
import fs from 'node:fs';
import type { NewEvent } from '../../shared/events.js';
import { openStore } from '../../electron/core/store/sqlite/open.js';

export const PAGE_SIZE = 4096;

/** Events with distinct text, so the strings, the full-text index and the events span many pages. */
export function someEvents(n: number, from = 0): NewEvent[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return {
      time: 1_700_000_000_000 + i * 1000,
      kind: 'api',
      method: 'GET',
      url: `/items/${i}?q=word${i}`,
      status: 200 + (i % 3),
      message: `request number ${i} for item ${i * 7}`,
      raw: `GET /items/${i}`,
    };
  });
}

/**
 * Writes `events` events into a new database at `file`, then overwrites one page: halfway in, or
 * the last one (where the next rows go, so the next write reads it).
 */
export function makeDamagedDb(file: string, opts: { events?: number; page?: 'middle' | 'last' } = {}): void {
  const events = opts.events ?? 3000;
  const store = openStore({ path: file });
  store.append(store.sources.collectorId(), someEvents(events));
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  const size = fs.statSync(file).size;
  const pages = size / PAGE_SIZE;
  const page = opts.page === 'last' ? pages - 1 : Math.floor(pages / 2);
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(PAGE_SIZE, 0xa5), 0, PAGE_SIZE, page * PAGE_SIZE);
  fs.closeSync(fd);
}
