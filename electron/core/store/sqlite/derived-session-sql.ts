// How SQLite stores derived sessions (../derived-sessions.ts): the SQL that shows a negative
// session_ref as its text, and that moves the rows of sessions merged after they were written.
import type { Database } from 'better-sqlite3';
import { bumpEventsEpoch } from './columnar/epoch.js';
import { DERIVED_SPAN } from '../derived-sessions.js';

/** SQL: the session id text of events row `e`, derived or given. */
export const SESSION_TEXT_SQL = `CASE WHEN e.session_ref < 0
  THEN 'd' || ((-e.session_ref) / ${DERIVED_SPAN}) || '-' || ((-e.session_ref) % ${DERIVED_SPAN})
  ELSE (SELECT value FROM strings WHERE id = e.session_ref) END`;

/**
 * Moves rows from derived sessions that turned out to be one (a HAR's events come out of time
 * order; importers/session-deriver.ts) to the session they were merged into: [from, to] refs.
 * Run once the indexes are built, so each move is one lookup in events_by_session.
 */
export function mergeDerivedSessions(db: Database, merges: readonly (readonly [number, number])[]): void {
  if (merges.length === 0) return;
  const move = db.prepare('UPDATE events SET session_ref = ? WHERE session_ref = ?');
  db.transaction(() => {
    for (const [from, to] of merges) if (from < 0 && to < 0 && from !== to) move.run(to, from);
    // Rows changed their session: the columnar index must read them again.
    bumpEventsEpoch(db);
  })();
}
