// How `logbridge sessions` and `logbridge timeline` print: a session as a table row or a `--json`
// object, and a timeline as lines timed from the session's start. Ids, users, pages and targets
// come from the data, so every line is shown with its control characters as markers.
import type { SessionSummary, Timeline } from '../../shared/analysis.js';
import type { LogEvent } from '../../shared/events.js';
import { revealInvisible } from '../../shared/bidi.js';
import { durationText, localTime, msText, num } from './format.js';

/** A session as `--json` prints it: the summary's fields in its order, times as ISO 8601 UTC like an event's. */
export function sessionToJson(s: SessionSummary): Record<string, unknown> {
  return {
    session_id: s.session_id,
    derived: s.derived,
    user_id: s.user_id,
    start: new Date(s.start).toISOString(),
    end: new Date(s.end).toISOString(),
    duration_ms: s.duration_ms,
    pages: s.pages,
    actions: s.actions,
    api_calls: s.api_calls,
    errors: s.errors,
    slowest_ms: s.slowest_ms,
    ended_after_failure: s.ended_after_failure,
  };
}

export const SESSION_HEADERS = ['session', 'user', 'start', 'duration', 'pages', 'actions', 'api calls', 'errors', 'slowest', 'ended after failure'];
/** The figures' columns, right-aligned. */
export const SESSION_NUMBERS = new Set([3, 4, 5, 6, 7, 8]);

export function sessionRow(s: SessionSummary): (string | null)[] {
  return [
    s.session_id,
    s.user_id,
    localTime(s.start),
    durationText(s.duration_ms),
    num(s.pages),
    num(s.actions),
    num(s.api_calls),
    num(s.errors),
    msText(s.slowest_ms),
    s.ended_after_failure ? 'yes' : '',
  ];
}

const counted = (n: number, one: string, many = `${one}s`) => `${num(n)} ${n === 1 ? one : many}`;

/** The line above a timeline: whose session, when, and its figures as the session list shows them. */
export function timelineHeading(s: SessionSummary): string {
  const parts = [
    `session ${s.session_id}`,
    s.user_id === null ? 'no user' : `user ${s.user_id}`,
    `${localTime(s.start)} for ${durationText(s.duration_ms)}`,
    counted(s.pages, 'page view'),
    counted(s.actions, 'action'),
    counted(s.api_calls, 'API call'),
    counted(s.errors, 'error'),
  ];
  if (s.slowest_ms !== null) parts.push(`slowest ${msText(s.slowest_ms)}`);
  if (s.ended_after_failure) parts.push('ended after a failure');
  return revealInvisible(parts.join(', '));
}

/** Each paired record's mark: the browser's and the server's record of one call share a number. */
function pairMarks(t: Timeline): Map<string, string> {
  const marks = new Map<string, string>();
  t.pairs.forEach((p, i) => {
    marks.set(p.browser_id, `[pair ${i + 1}: browser]`);
    marks.set(p.server_id, `[pair ${i + 1}: server]`);
  });
  return marks;
}

const offset = (ms: number) => `+${(ms / 1000).toFixed(3)}s`;

/** One line per event, oldest first: time since the session started, kind, then what matters for that kind. */
export function timelineLines(t: Timeline): string[] {
  const marks = pairMarks(t);
  const width = Math.max(0, ...t.events.map((e) => offset(e.time - t.session.start).length));
  return t.events.map((e) => {
    const parts: (string | number | null | undefined)[] = [offset(e.time - t.session.start).padStart(width), e.kind.padEnd(4), ...details(e), marks.get(e.id)];
    return revealInvisible(parts.filter((p) => p !== undefined && p !== null && p !== '').join(' '));
  });
}

function details(e: LogEvent): (string | number | null | undefined)[] {
  if (e.kind === 'api') return [e.method, e.url ?? e.route, e.status, e.duration_ms === undefined ? undefined : msText(e.duration_ms)];
  if (e.kind === 'user') return [e.type, e.page, e.target, e.message];
  return [e.level?.toUpperCase(), e.message];
}
