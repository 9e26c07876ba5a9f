// Opens the SQLite store: pragmas, migrations, and the table-family modules, each of which
// prepares its statements once per connection.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { NewEvent } from '../../../shared/events.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { createEventsStore, type EventsStore } from './events.js';
import { createSourcesStore, type SourcesStore } from './sources.js';
import { createStatsStore, type StatsStore } from './stats.js';
import { createSettingsStore, type SettingsStore } from './settings.js';
import { createRetentionStore, type RetentionStore } from './retention.js';
import { createStringsStore, type StringsStore } from './strings.js';
import { bulkLoadRunning, ensureEventIndexes } from './event-indexes.js';
import { startBulkLoad, type BulkLoad, type BulkLoadOptions } from './bulk-load.js';

export interface StoreOptions {
  path: string;
  /** Path to a better_sqlite3.node built for this runtime's ABI (Electron passes its own). */
  nativeBinding?: string;
}

export interface Store {
  readonly path: string;
  /** The better_sqlite3.node this store was opened with, for other connections to the same file. */
  readonly nativeBinding: string | undefined;
  readonly db: Database.Database;
  readonly events: EventsStore;
  readonly sources: SourcesStore;
  readonly stats: StatsStore;
  readonly settings: SettingsStore;
  readonly retention: RetentionStore;
  readonly strings: StringsStore;
  /** Starts loading an import's column batches into a source (bulk-load.ts). */
  bulkLoad(opts: BulkLoadOptions): BulkLoad;
  /**
   * Inserts events for a source and counts them on it, in one commit; returns their ids.
   * Commits are grouped this way (a batch per call) so durability stays cheap.
   */
  append(sourceId: number, events: readonly NewEvent[]): number[];
  close(): void;
}

export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

export function openStore(opts: StoreOptions): Store {
  if (opts.path !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(opts.path)), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(opts.path, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  } catch (err) {
    throw new StoreOpenError(`Cannot open database ${opts.path}: ${(err as Error).message}`);
  }
  try {
    db.pragma('journal_mode = WAL');
    // FULL: a collector 200 promises the event is on disk, not just handed to the OS.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -65536');
    migrate(db, MIGRATIONS);
    // An import killed while its indexes were dropped left them missing; one still running in
    // another process builds them itself when it ends.
    if (!bulkLoadRunning(db)) ensureEventIndexes(db);
  } catch (err) {
    db.close();
    throw err;
  }
  const strings = createStringsStore(db);
  const events = createEventsStore(db, strings);
  const sources = createSourcesStore(db);
  const stats = createStatsStore(db);
  const settings = createSettingsStore(db);
  const append = db.transaction((sourceId: number, batch: readonly NewEvent[]) => {
    const { ids, inserted } = events.insertMany(sourceId, batch);
    sources.addCounts(sourceId, inserted, 0);
    return ids;
  });
  return {
    path: opts.path,
    nativeBinding: opts.nativeBinding,
    db,
    events,
    sources,
    stats,
    settings,
    retention: createRetentionStore(db),
    strings,
    bulkLoad: (o) => startBulkLoad(db, strings, o),
    // IMMEDIATE: interning strings reads before it writes, and a deferred transaction that read
    // before another connection committed cannot upgrade to write (SQLITE_BUSY at once).
    append: (sourceId, batch) => append.immediate(sourceId, batch),
    close: () => db.close(),
  };
}
