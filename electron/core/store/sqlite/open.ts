// Opens the SQLite store: pragmas, migrations, and the table-family modules, each of which
// prepares its statements once per connection.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { NewEvent } from '../../../../shared/events.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { createEventsStore, type EventsStore } from './events.js';
import { createSourcesStore, type SourcesStore } from './sources.js';
import { createSettingsStore, type SettingsStore } from './settings.js';
import { createRetentionStore, type RetentionStore } from './retention.js';
import { createStringsStore, type StringsStore } from './strings.js';
import { bulkLoadRunning, ensureEventIndexes } from './event-indexes.js';
import { startBulkLoad, type BulkLoad, type BulkLoadOptions } from './bulk-load.js';
import { faultMessage, faultOf } from '../faults.js';

export interface StoreOptions {
  path: string;
  /** Path to a better_sqlite3.node built for this runtime's ABI (Electron passes its own). */
  nativeBinding?: string;
  /**
   * Check the file for damage before use (default true). Connections a process opens after its
   * first (writer threads) skip it: the first already checked the same file.
   */
  checkIntegrity?: boolean;
}

export interface Store {
  readonly path: string;
  /** The better_sqlite3.node this store was opened with, for other connections to the same file. */
  readonly nativeBinding: string | undefined;
  readonly db: Database.Database;
  readonly events: EventsStore;
  readonly sources: SourcesStore;
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

/**
 * Files up to this size are checked at open. PRAGMA quick_check reads every page: measured 90-
 * 115 ms for 28 MB (220k events) and 180-330 ms for 75 MB when cached, so this keeps it near
 * 50 ms. Bigger files would make every open slow; their damage is caught at the first damaged
 * page a statement reads instead (fault-watch.ts).
 */
const QUICK_CHECK_MAX_BYTES = 16 * 1024 * 1024;

function checkIntegrity(db: Database.Database, file: string): void {
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  if (size === 0 || size > QUICK_CHECK_MAX_BYTES) return;
  const first = db.pragma('quick_check(1)', { simple: true });
  if (first !== 'ok') throw new StoreOpenError(faultMessage('corrupt', file));
}

/**
 * mkdir -p, one level at a time: Node's own recursive mkdir never returns for a path under a
 * folder that refuses new entries with ENOENT (/proc/nope: measured, it spins forever).
 */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  while (!fs.existsSync(at)) {
    missing.unshift(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  if (!fs.statSync(at).isDirectory()) throw Object.assign(new Error(`${at} is a file`), { code: 'ENOTDIR' });
  for (const folder of missing) fs.mkdirSync(folder);
}

export function openStore(opts: StoreOptions): Store {
  const cannotOpen = (err: unknown) => {
    const fault = faultOf(err);
    const detail = (err instanceof Error ? err.message : String(err)).replace(/\.$/, '');
    return new StoreOpenError(fault ? faultMessage(fault, opts.path) : `Cannot open database ${opts.path}: ${detail}.`);
  };
  if (opts.path !== ':memory:') {
    const isFolder = (() => {
      try {
        return fs.statSync(opts.path, { throwIfNoEntry: false })?.isDirectory() ?? false;
      } catch {
        return false; // ENOTDIR and the like: the mkdir below says what is wrong.
      }
    })();
    if (isFolder) {
      throw new StoreOpenError(`Cannot open database ${opts.path}: it is a folder; name a file (in it or elsewhere).`);
    }
    const dir = path.dirname(path.resolve(opts.path));
    try {
      makeFolders(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why =
        code === 'EEXIST' || code === 'ENOTDIR'
          ? 'part of that path is a file'
          : code === 'EACCES'
            ? 'permission denied'
            : code === 'ENOENT' || code === 'EROFS'
              ? 'that place takes no new folders (a read-only or virtual file system)'
              : (err as Error).message;
      throw new StoreOpenError(`Cannot create the folder ${dir} for the database ${opts.path}: ${why}.`);
    }
  }
  let db: Database.Database;
  try {
    db = new Database(opts.path, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  } catch (err) {
    throw cannotOpen(err);
  }
  try {
    if (opts.path !== ':memory:' && opts.checkIntegrity !== false) checkIntegrity(db, opts.path);
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
    throw err instanceof StoreOpenError || faultOf(err) === null ? err : cannotOpen(err);
  }
  const strings = createStringsStore(db);
  const events = createEventsStore(db, strings);
  const sources = createSourcesStore(db);
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
