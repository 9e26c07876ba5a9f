// Retention: collected events are deleted once they are older than the configured age.
// Imported files are never touched here: they are the user's own files, often years old, and
// deleting them would only make the user import them again.
import type { Database } from 'better-sqlite3';
import { bumpEventsEpoch } from './columnar/epoch.js';

export interface RetentionStore {
  /**
   * Deletes at most `limit` events of collector sources with `time < cutoffMs`, with their
   * share of the source's count, in one transaction. Returns how many
   * were deleted: fewer than `limit` means nothing older is left.
   */
  purgeCollectedBefore(cutoffMs: number, limit: number): number;
}

/**
 * Exported so the query-plan test checks the statement that runs. Per source, so that
 * events_collected_by_time (source_id, time, collected events only) answers it as one range of expired rows.
 */
export const EXPIRED_COLLECTED_SQL = 'SELECT id FROM events WHERE source_id = ? AND time < ? AND raw IS NOT NULL LIMIT ?';

export function createRetentionStore(db: Database): RetentionStore {
  const collectorSources = db.prepare("SELECT id FROM sources WHERE kind = 'collector' ORDER BY id").pluck();
  const expired = db.prepare(EXPIRED_COLLECTED_SQL).pluck();
  // The strings an expired event used stay: other events may share them, and they are small.
  const deleteEvent = db.prepare('DELETE FROM events WHERE id = ?');
  const uncount = db.prepare('UPDATE sources SET imported = max(imported - ?, 0) WHERE id = ?');

  const purge = db.transaction((cutoffMs: number, limit: number): number => {
    let left = limit;
    for (const sourceId of collectorSources.all() as number[]) {
      if (left <= 0) break;
      const ids = expired.all(sourceId, cutoffMs, left) as number[];
      for (const id of ids) deleteEvent.run(id);
      if (ids.length > 0) {
        uncount.run(ids.length, sourceId);
        bumpEventsEpoch(db);
      }
      left -= ids.length;
    }
    return limit - left;
  });

  return {
    purgeCollectedBefore(cutoffMs, limit) {
      if (!Number.isFinite(cutoffMs)) throw new RangeError(`The retention cutoff must be a time in epoch ms, not ${cutoffMs}.`);
      if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`The purge limit must be a positive whole number, not ${limit}.`);
      // IMMEDIATE: take the write lock before reading. A deferred transaction that reads, then
      // finds the collector's writer thread committed meanwhile, fails at once (BUSY_SNAPSHOT)
      // instead of waiting its turn.
      return purge.immediate(cutoffMs, limit);
    },
  };
}
