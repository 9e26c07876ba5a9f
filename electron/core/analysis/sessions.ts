// The session list: every session with an event matching the search, summarised from all of its
// events (not only the matching ones) through the port's aggregates, so both adapters answer it
// their fast way. A session is asked about in slices of ids (filters.ts), each slice a handful of
// grouped aggregates run side by side.
import { ENDED_AFTER_FAILURE_MS, ERROR_STATUS_FROM, keyText as text, type SessionSummary } from '../../../shared/analysis.js';
import type { QueryNode } from '../query/ast.js';
import type { AggregateRow, EventStore } from '../store/port.js';
import { parseDerivedSession } from '../store/derived-sessions.js';
import { API_CALLS, IN_A_SESSION, USER_ACTIONS, and, chunks, field, or, sessionsIn } from './filters.js';
import { routeSlowness, type RouteSlowness } from './slow-calls.js';
import { oneRecordPerCall } from './call-records.js';

export interface SessionList {
  sessions: SessionSummary[];
  truncated: boolean;
}

/** Sessions with an event matching `filter`, the most recently active first. */
export async function listSessions(store: EventStore, filter: QueryNode | null, limit: number): Promise<SessionList> {
  const matched = await store.aggregate({
    filter: and(filter, IN_A_SESSION),
    groupBy: ['session_id'],
    metrics: [{ op: 'max', field: 'time' }],
    limit: limit + 1,
  });
  const ids = matched.rows.map((r) => r.keys[0]).filter((k): k is string => typeof k === 'string');
  const truncated = ids.length > limit;
  const sessions = await summarise(store, ids.slice(0, limit));
  sessions.sort((a, b) => b.start - a.start || (a.session_id < b.session_id ? -1 : 1));
  return { sessions, truncated };
}

/** Summaries of these sessions, in no particular order; ids with no events are left out. */
export async function summarise(store: EventStore, ids: readonly string[], slowness?: RouteSlowness): Promise<SessionSummary[]> {
  if (ids.length === 0) return [];
  const [slow, timedCalls] = await Promise.all([slowness ?? routeSlowness(store), oneRecordPerCall(store, API_CALLS)]);
  const out: SessionSummary[] = [];
  const timed = timedCalls ?? API_CALLS;
  for (const slice of chunks(ids)) out.push(...(await summariseSlice(store, slice, slow, timed)));
  return out;
}

interface Tally {
  start: number;
  end: number;
  user: string | null;
  userSeen: number;
  pages: number;
  actions: number;
  apiCalls: number;
  errors: number;
  slowest: number | null;
  lastTrouble: number | null;
}

/** `timed`: the records whose durations the slow thresholds were measured on (one per call: call-records.ts). */
async function summariseSlice(store: EventStore, ids: readonly string[], slow: RouteSlowness, timed: QueryNode): Promise<SessionSummary[]> {
  const these = sessionsIn(ids);
  // A call the browser SDK and the server middleware both recorded counts once (call-records.ts).
  const [all, api, user, routes] = await Promise.all([
    store.aggregate({ filter: these, groupBy: ['session_id', 'user_id'], metrics: [{ op: 'min', field: 'time' }, { op: 'max', field: 'time' }] }),
    store.aggregate({ filter: and(these, timed), groupBy: ['session_id'], metrics: [{ op: 'count' }, { op: 'errors' }, { op: 'max', field: 'duration_ms' }] }),
    store.aggregate({ filter: and(these, USER_ACTIONS), groupBy: ['session_id', 'type'], metrics: [{ op: 'count' }] }),
    store.aggregate({ filter: and(these, timed), groupBy: ['route', 'method'], metrics: [{ op: 'max', field: 'duration_ms' }] }),
  ]);
  // Only routes these sessions called slower than the route's p95 need a term of their own.
  const slowHere = slow.only(routes.rows.filter((r) => slow.isSlow(text(r.keys[0]), text(r.keys[1]), r.values[0])).map((r) => [text(r.keys[0])!, text(r.keys[1])]));
  const trouble = [and(API_CALLS, field('status', '>=', ERROR_STATUS_FROM))!, ...slowHere.slowFilters().map((slowTerms) => and(timed, slowTerms)!)];
  const troubled = await Promise.all(
    chunks(trouble, 4).map((terms) => store.aggregate({ filter: and(these, or(terms)), groupBy: ['session_id'], metrics: [{ op: 'max', field: 'time' }] })),
  );

  const tallies = new Map<string, Tally>();
  for (const r of all.rows) {
    const id = text(r.keys[0]);
    const min = r.values[0];
    const max = r.values[1];
    if (id === null || min === null || min === undefined || max === null || max === undefined) continue;
    const t = tallies.get(id) ?? { start: min, end: max, user: null, userSeen: -Infinity, pages: 0, actions: 0, apiCalls: 0, errors: 0, slowest: null, lastTrouble: null };
    t.start = Math.min(t.start, min);
    t.end = Math.max(t.end, max);
    // A user who logged in part-way: the one named last wins.
    const user = text(r.keys[1]);
    if (user !== null && max >= t.userSeen) {
      t.user = user;
      t.userSeen = max;
    }
    tallies.set(id, t);
  }
  each(api.rows, tallies, (t, v) => {
    t.apiCalls += v[0] ?? 0;
    t.errors += v[1] ?? 0;
    t.slowest = v[2] ?? null;
  });
  for (const r of user.rows) {
    const t = tallies.get(text(r.keys[0]) ?? '');
    if (!t) continue;
    const n = r.values[0] ?? 0;
    t.actions += n;
    if (r.keys[1] === 'page_view') t.pages += n;
    if (r.keys[1] === 'error_encountered') t.errors += n;
  }
  for (const result of troubled) {
    each(result.rows, tallies, (t, v) => {
      const at = v[0];
      if (at !== null && at !== undefined) t.lastTrouble = Math.max(t.lastTrouble ?? -Infinity, at);
    });
  }

  return [...tallies].map(([id, t]) => ({
    session_id: id,
    derived: parseDerivedSession(id) !== null,
    user_id: t.user,
    start: t.start,
    end: t.end,
    duration_ms: t.end - t.start,
    pages: t.pages,
    actions: t.actions,
    api_calls: t.apiCalls,
    errors: t.errors,
    slowest_ms: t.slowest,
    ended_after_failure: t.lastTrouble !== null && t.end - t.lastTrouble <= ENDED_AFTER_FAILURE_MS,
  }));
}

function each(rows: readonly AggregateRow[], tallies: Map<string, Tally>, fn: (t: Tally, values: readonly (number | null)[]) => void): void {
  for (const r of rows) {
    const t = tallies.get(text(r.keys[0]) ?? '');
    if (t) fn(t, r.values);
  }
}

