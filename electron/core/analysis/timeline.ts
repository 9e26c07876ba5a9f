// One session's events oldest first, its summary, its browser/server call pairs, and the
// sessions that started just before and after it among those matching the user's search.
import type { Timeline } from '../../../shared/analysis.js';
import type { LogEvent } from '../../../shared/events.js';
import type { QueryNode } from '../query/ast.js';
import type { EventStore } from '../store/port.js';
import { pairCalls } from './call-pairs.js';
import { IN_A_SESSION, and, field } from './filters.js';
import { summarise } from './sessions.js';
import { bucketWidth } from './buckets.js';

const PAGE = 5000;

export class SessionNotFound extends Error {
  override name = 'SessionNotFound';
}

export async function sessionTimeline(store: EventStore, sessionId: string, filter: QueryNode | null, limit: number): Promise<Timeline> {
  const [summary] = await summarise(store, [sessionId]);
  if (!summary) throw new SessionNotFound(`No session ${sessionId}.`);
  const [{ events, truncated }, neighbours] = await Promise.all([oldestFirst(store, sessionId, limit), neighboursOf(store, sessionId, summary.start, filter)]);
  return { session: summary, events, pairs: pairCalls(events), truncated, ...neighbours };
}

/**
 * The first `limit` events of the session by time. The port pages newest first, so the pages
 * before a cut are read: with more events than the limit (a crawler's derived session can hold
 * most of a store), time buckets find the time by which `limit` events have happened, and only
 * the events before its bucket's end are read.
 */
async function oldestFirst(store: EventStore, sessionId: string, limit: number): Promise<{ events: LogEvent[]; truncated: boolean }> {
  const session = field('session_id', ':', sessionId);
  const { count } = await store.count(session);
  const cut = count > limit ? await cutTime(store, session, limit) : null;
  const filter = cut === null ? session : and(session, field('time', '<', cut))!;
  const newestFirst: LogEvent[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.search({ filter, limit: PAGE, ...(after ? { after } : {}) });
    newestFirst.push(...page.events);
    if (page.next === null) break;
    after = page.next;
  }
  newestFirst.reverse();
  return { events: newestFirst.slice(0, limit), truncated: count > limit };
}

/** The end of the first time bucket by which `limit` of the filter's events have happened. */
async function cutTime(store: EventStore, filter: QueryNode, limit: number): Promise<number | null> {
  const span = await store.aggregate({ filter, metrics: [{ op: 'min', field: 'time' }, { op: 'max', field: 'time' }] });
  const [first, last] = span.rows[0]?.values ?? [];
  if (first == null || last == null) return null;
  // Buckets about a 200th of the span: the read past the limit is about that many more events.
  const width = bucketWidth(first, last + 1, 200);
  const buckets = await store.aggregate({ filter, bucketMs: width, metrics: [{ op: 'count' }] });
  let seen = 0;
  for (const b of [...buckets.rows].sort((x, y) => (x.bucket ?? 0) - (y.bucket ?? 0))) {
    seen += b.values[0] ?? 0;
    if (seen >= limit) return (b.bucket ?? 0) + width;
  }
  return null;
}

/** Previous and next by start, among the sessions with an event matching the search; starts are the sessions' own. */
async function neighboursOf(store: EventStore, sessionId: string, start: number, filter: QueryNode | null): Promise<{ prev: string | null; next: string | null }> {
  const [starts, matching] = await Promise.all([
    store.aggregate({ filter: IN_A_SESSION, groupBy: ['session_id'], metrics: [{ op: 'min', field: 'time' }] }),
    filter === null ? null : store.aggregate({ filter: and(filter, IN_A_SESSION), groupBy: ['session_id'], metrics: [{ op: 'count' }] }),
  ]);
  const listed = matching === null ? null : new Set(matching.rows.map((r) => r.keys[0]));
  let prev: { id: string; at: number } | null = null;
  let next: { id: string; at: number } | null = null;
  const before = (at: number, id: string) => at < start || (at === start && id < sessionId);
  for (const r of starts.rows) {
    const id = r.keys[0];
    const at = r.values[0];
    if (typeof id !== 'string' || id === sessionId || at === null || at === undefined || (listed && !listed.has(id))) continue;
    if (before(at, id)) {
      if (!prev || at > prev.at || (at === prev.at && id > prev.id)) prev = { id, at };
    } else if (!next || at < next.at || (at === next.at && id < next.id)) next = { id, at };
  }
  return { prev: prev?.id ?? null, next: next?.id ?? null };
}
