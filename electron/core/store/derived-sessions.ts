// Derived sessions (importers/session-deriver.ts) are not strings in the dictionary: an access
// log makes one every few requests, and storing each id as text cost ~17 bytes an event and a
// third of the writer's time (measured on 1M lines). A derived session is a negative
// session_ref instead, -(source id × 2^32 + its number within the source), shown as
// "d<source>-<number>". Given session ids stay positive dictionary refs.
import type { Database } from 'better-sqlite3';

export const DERIVED_SPAN = 2 ** 32;

export function derivedSessionRef(sourceId: number, n: number): number {
  return -(sourceId * DERIVED_SPAN + n);
}

export function derivedSessionText(sourceId: number, n: number): string {
  return `d${sourceId}-${n}`;
}

/** The ref of a derived session's text, or null when the text is not one. */
export function parseDerivedSession(text: string): number | null {
  const m = /^d(\d{1,9})-(\d{1,10})$/.exec(text);
  if (!m) return null;
  const n = Number(m[2]);
  return n >= 1 && n < DERIVED_SPAN ? derivedSessionRef(Number(m[1]), n) : null;
}

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
  })();
}
