// A run's figures in one shape, whether read from the stored events or derived from the plan,
// so a test (or a check after a run) compares them whole: sessions, users, user events by
// type, API records by side, method, route and status, and the sessions that ended on an error.
import type { LogEvent } from '../../../shared/events.js';
import { expectedCounts } from './expected.js';
import type { VisitorPlan } from './plan-types.js';

export interface DemoFigures {
  sessions: number;
  users: number;
  /** User events by type. */
  userEvents: Record<string, number>;
  /** API records by `browser|server METHOD /route STATUS`. */
  apiRecords: Record<string, number>;
  /** Sessions whose last user event is an error_encountered: they left right after a failure. */
  sessionsEndingOnError: number;
}

const bump = (m: Record<string, number>, k: string, n = 1) => {
  m[k] = (m[k] ?? 0) + n;
};

/** Which side recorded an API call: the SDK says `browser`, our middleware names its framework. */
function sideOf(e: LogEvent): string {
  const source = e.attrs?.source;
  return source === 'browser' ? 'browser' : typeof source === 'string' && source.startsWith('node:') ? 'server' : `other(${String(source)})`;
}

export function figuresOf(events: readonly LogEvent[]): DemoFigures {
  const userEvents: Record<string, number> = {};
  const apiRecords: Record<string, number> = {};
  const sessions = new Set<string>();
  const users = new Set<string>();
  const lastUserEvent = new Map<string, { time: number; type: string }>();
  for (const e of events) {
    if (e.session_id) sessions.add(e.session_id);
    if (e.user_id) users.add(e.user_id);
    if (e.kind === 'user') {
      bump(userEvents, e.type ?? '');
      if (e.session_id) {
        const last = lastUserEvent.get(e.session_id);
        // An error comes after the call that failed, so after the click that made it.
        if (!last || e.time >= last.time) lastUserEvent.set(e.session_id, { time: e.time, type: e.type ?? '' });
      }
    } else if (e.kind === 'api') {
      bump(apiRecords, `${sideOf(e)} ${e.method ?? ''} ${e.route ?? ''} ${e.status ?? ''}`);
    }
  }
  const sessionsEndingOnError = [...lastUserEvent.values()].filter((l) => l.type === 'error_encountered').length;
  return { sessions: sessions.size, users: users.size, userEvents, apiRecords, sessionsEndingOnError };
}

export function expectedFigures(plan: readonly VisitorPlan[]): DemoFigures {
  const c = expectedCounts(plan);
  const userEvents: Record<string, number> = {};
  for (const [type, n] of Object.entries(c.byType)) if (n > 0) userEvents[type] = n;
  const apiRecords: Record<string, number> = {};
  for (const r of c.routes) {
    for (const [status, n] of Object.entries(r.statuses)) {
      bump(apiRecords, `browser ${r.method} ${r.route} ${status}`, n);
      bump(apiRecords, `server ${r.method} ${r.route} ${status}`, n);
    }
  }
  return { sessions: c.sessions, users: c.users, userEvents, apiRecords, sessionsEndingOnError: c.endedAfterFailure.length };
}
