// The events epoch: a counter in `settings` that moves whenever rows of events are deleted or
// rewritten. Row ids only grow while rows are added, so the columnar index catches up on
// additions by id alone; a delete is invisible that way (and INTEGER PRIMARY KEY hands the
// highest id out again once its row is gone), so every statement that deletes or updates
// events must bump the epoch in the same transaction, and the index reloads when it moves.
import type { Database, Statement } from 'better-sqlite3';

export const EVENTS_EPOCH_KEY = 'events_epoch';

const bumps = new WeakMap<Database, Statement>();

/** Marks that rows of events went or changed. Call inside the transaction that changed them. */
export function bumpEventsEpoch(db: Database): void {
  let st = bumps.get(db);
  if (!st) {
    st = db.prepare(
      `INSERT INTO settings (key, value) VALUES ('${EVENTS_EPOCH_KEY}', '1') ON CONFLICT(key) DO UPDATE SET value = value + 1`,
    );
    bumps.set(db, st);
  }
  st.run();
}

/** The statement that reads the epoch as text ('0' before any bump). */
export function epochReader(db: Database): () => string {
  const read = db.prepare(`SELECT value FROM settings WHERE key = '${EVENTS_EPOCH_KEY}'`).pluck();
  return () => String((read.get() as string | number | undefined) ?? '0');
}
