// The bridge chart's figures: per route, of the sessions that had a failed, a slow or a normal
// call there, how many ended soon after their last such call. A session "ended" when its user did
// nothing more within the window; for a session with no user events at all (an access log) its
// last request stands in for the user's last action. The session's activity is read over
// everything stored, so a search narrows which calls count, not what "the user left" means.
import { ERROR_STATUS_FROM, type BridgeRow } from '../../../shared/analysis.js';
import type { QueryNode } from '../query/ast.js';
import type { AggregateRow, EventStore } from '../store/port.js';
import { API_CALLS, IN_A_SESSION, USER_ACTIONS, and, chunks, field, not, or, present } from './filters.js';
import { routeKey, routeSlowness } from './slow-calls.js';
import { oneRecordPerCall } from './call-records.js';

type Outcome = 'failed' | 'slow' | 'normal';

export async function bridgeRows(store: EventStore, filter: QueryNode | null, windowMs: number, limit: number): Promise<BridgeRow[]> {
  const base = await oneRecordPerCall(store, and(filter, API_CALLS, IN_A_SESSION, present('route')));
  // The search picks the routes shown and the calls counted; what "slow" means comes from every
  // call stored, as in the session list (slow-calls.ts), so narrowing the search cannot move it.
  const [picked, everywhere] = await Promise.all([routeSlowness(store, limit, and(filter, IN_A_SESSION)), routeSlowness(store)]);
  const routes = picked.routes;
  if (routes.length === 0) return [];
  const slowness = everywhere.only(routes.map((r) => [r.route, r.method]));
  // Only the routes shown: their slow terms stay few.
  const shown = or(chunks(routes.map((r) => and(field('route', ':', r.route), r.method === null ? null : field('method', ':', r.method))!), 100).map(or));
  const failed = field('status', '>=', ERROR_STATUS_FROM);
  const slowTerms = slowness.slowFilters();
  const slow = slowTerms.length === 0 ? null : or(slowTerms);
  const lastCall = (which: QueryNode | null) =>
    store.aggregate({ filter: and(base, shown, which), groupBy: ['route', 'method', 'session_id'], metrics: [{ op: 'max', field: 'time' }] });

  const [failedRows, slowRows, normalRows, lastAction, lastEvent] = await Promise.all([
    lastCall(failed),
    slow ? lastCall(and(not(failed), slow)) : Promise.resolve({ rows: [] as AggregateRow[] }),
    lastCall(and(not(failed), slow ? not(slow) : null)),
    store.aggregate({ filter: and(USER_ACTIONS, IN_A_SESSION), groupBy: ['session_id'], metrics: [{ op: 'max', field: 'time' }] }),
    store.aggregate({ filter: IN_A_SESSION, groupBy: ['session_id'], metrics: [{ op: 'max', field: 'time' }] }),
  ]);

  const ended = new Map<string, number>();
  for (const r of lastEvent.rows) if (typeof r.keys[0] === 'string' && r.values[0] != null) ended.set(r.keys[0], r.values[0]);
  for (const r of lastAction.rows) if (typeof r.keys[0] === 'string' && r.values[0] != null) ended.set(r.keys[0], r.values[0]);

  const rows = new Map<string, BridgeRow>();
  for (const r of routes) {
    const empty = () => ({ sessions: 0, left: 0 });
    rows.set(routeKey(r.route, r.method), { route: r.route, method: r.method, calls: r.calls, p95_ms: slowness.p95(r.route, r.method), failed: empty(), slow: empty(), normal: empty() });
  }
  const count = (result: { rows: AggregateRow[] }, outcome: Outcome) => {
    for (const r of result.rows) {
      const row = rows.get(routeKey(r.keys[0], r.keys[1]));
      const session = r.keys[2];
      const at = r.values[0];
      if (!row || typeof session !== 'string' || at === null || at === undefined) continue;
      row[outcome].sessions++;
      const end = ended.get(session) ?? at;
      if (end <= at + windowMs) row[outcome].left++;
    }
  };
  count(failedRows, 'failed');
  count(slowRows, 'slow');
  count(normalRows, 'normal');
  // The routes whose failures drive the largest share away first, then the busiest.
  const share = (o: { sessions: number; left: number }) => (o.sessions === 0 ? -1 : o.left / o.sessions);
  return [...rows.values()].sort((a, b) => share(b.failed) - share(a.failed) || b.failed.sessions - a.failed.sessions || b.calls - a.calls);
}
