// The secondary indexes of events (as migration 004 created them). Maintaining five indexes row
// by row costs several times the insert itself (measured: 1M rows in 6.3 s with them, 1.2 s
// without plus 1.0 s to build them afterwards), so a big import drops them, loads, and builds
// them again. Opening a store builds any that are missing (an import killed half way).
import type { Database } from 'better-sqlite3';

export const EVENT_INDEXES: readonly { name: string; sql: string }[] = [
  { name: 'events_by_time', sql: 'CREATE INDEX events_by_time ON events(time)' },
  // A session holds tens to hundreds of events: sorting them by time costs nothing, while time
  // in the key cost 6 bytes an event.
  { name: 'events_by_session', sql: 'CREATE INDEX events_by_session ON events(session_ref) WHERE session_ref IS NOT NULL' },
  // Status alone: `status>=500` is a range over a few values, where time in the key cannot give
  // the order anyway, and it cost 10 bytes an event.
  { name: 'events_by_status', sql: 'CREATE INDEX events_by_status ON events(status) WHERE status IS NOT NULL' },
  { name: 'events_by_route', sql: 'CREATE INDEX events_by_route ON events(route_ref, method_ref) WHERE route_ref IS NOT NULL' },
  // Only collected events (they keep raw; imported ones point into their file): the retention
  // purge reads them by source and age. Imported files would pay 16 bytes an event for nothing.
  { name: 'events_collected_by_time', sql: 'CREATE INDEX events_collected_by_time ON events(source_id, time) WHERE raw IS NOT NULL' },
];

function present(db: Database): Set<string> {
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'").pluck().all() as string[];
  return new Set(names);
}

/** Builds the indexes that are missing; returns their names. */
export function ensureEventIndexes(db: Database): string[] {
  const have = present(db);
  const missing = EVENT_INDEXES.filter((i) => !have.has(i.name));
  if (missing.length > 0) db.transaction(() => missing.forEach((i) => db.exec(i.sql)))();
  return missing.map((i) => i.name);
}

export function dropEventIndexes(db: Database): void {
  db.transaction(() => {
    EVENT_INDEXES.forEach((i) => db.exec(`DROP INDEX IF EXISTS ${i.name}`));
    // Another process opening the store meanwhile (the CLI beside the app) must not build them
    // under the running load; a crashed loader's mark is ignored (its process is gone).
    db.prepare("INSERT INTO settings (key, value) VALUES ('bulk_load_pid', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(
      String(process.pid),
    );
  })();
}

/** Clears the mark dropEventIndexes left, once the indexes are back. */
export function clearBulkLoadMark(db: Database): void {
  db.prepare("DELETE FROM settings WHERE key = 'bulk_load_pid'").run();
}

/** True when a live process (other than a dead one's leftover mark) is loading without indexes. */
export function bulkLoadRunning(db: Database): boolean {
  const pid = Number(db.prepare("SELECT value FROM settings WHERE key = 'bulk_load_pid'").pluck().get() ?? NaN);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but is not ours to signal; still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
