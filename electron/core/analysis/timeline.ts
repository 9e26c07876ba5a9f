// One session's events oldest first, its summary, its browser/server call pairs, and the
// sessions that started just before and after it among those matching the user's search.
import type { Timeline } from '../../../shared/analysis.js';
import type { LogEvent } from '../../../shared/events.js';
import type { QueryNode } from '../query/ast.js';
import type { EventStore } from '../store/port.js';
import { pairCalls } from './call-pairs.js';
import { IN_A_SESSION, and, field } from './filters.js';
import { summarise } from './sessions.js';

const PAGE = 5000;
/** Sessions looked at to find the neighbours of one (by start). */
const NEIGHBOUR_SCAN = 100_000;

export class SessionNotFound extends Error {
  override name = 'SessionNotFound';
}

export async function sessionTimeline(store: EventStore, sessionId: string, filter: QueryNode | null, limit: number): Promise<Timeline> {
  const [summary] = await summarise(store, [sessionId]);
  if (!summary) throw new SessionNotFound(`No session ${sessionId}.`);
  const [{ events, truncated }, neighbours] = await Promise.all([oldestFirst(store, sessionId, limit), neighboursOf(store, sessionId, summary.start, filter)]);
  return { session: summary, events, pairs: pairCalls(events), truncated, ...neighbours };
}

/** The first `limit` events of the session by time. The port pages newest first, so all pages are read. */
async function oldestFirst(store: EventStore, sessionId: string, limit: number): Promise<{ events: LogEvent[]; truncated: boolean }> {
  const filter = field('session_id', ':', sessionId);
  const newestFirst: LogEvent[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.search({ filter, limit: PAGE, ...(after ? { after } : {}) });
    newestFirst.push(...page.events);
    if (page.next === null) break;
    after = page.next;
  }
  newestFirst.reverse();
  return { events: newestFirst.slice(0, limit), truncated: newestFirst.length > limit };
}

async function neighboursOf(store: EventStore, sessionId: string, start: number, filter: QueryNode | null): Promise<{ prev: string | null; next: string | null }> {
  const starts = await store.aggregate({
    filter: and(filter, IN_A_SESSION),
    groupBy: ['session_id'],
    metrics: [{ op: 'min', field: 'time' }],
    limit: NEIGHBOUR_SCAN,
  });
  let prev: { id: string; at: number } | null = null;
  let next: { id: string; at: number } | null = null;
  const before = (at: number, id: string) => at < start || (at === start && id < sessionId);
  for (const r of starts.rows) {
    const id = r.keys[0];
    const at = r.values[0];
    if (typeof id !== 'string' || id === sessionId || at === null || at === undefined) continue;
    if (before(at, id)) {
      if (!prev || at > prev.at || (at === prev.at && id > prev.id)) prev = { id, at };
    } else if (!next || at < next.at || (at === next.at && id < next.id)) next = { id, at };
  }
  return { prev: prev?.id ?? null, next: next?.id ?? null };
}
