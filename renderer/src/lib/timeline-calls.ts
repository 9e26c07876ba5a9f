// The waterfall's rows: one per API call, the browser's and the server's record of one call
// joined into one row (Timeline.pairs), coloured by status class as a browser's network panel
// colours them. Pure, no DOM.
import type { Timeline } from '../../../shared/analysis.js';
import type { LogEvent } from '../../../shared/events.js';
import { formatDuration } from './format.js';
import type { Span } from './timeline-scale.js';

/** 2xx and 3xx neutral, 4xx amber, 5xx red, anything else (no answer, 1xx, 0) grey. */
export type BarTone = 'ok' | 'client-error' | 'server-error' | 'none';

export function barTone(status: number | undefined): BarTone {
  if (status === undefined) return 'none';
  if (status >= 200 && status < 400) return 'ok';
  if (status >= 400 && status < 500) return 'client-error';
  if (status >= 500 && status < 600) return 'server-error';
  return 'none';
}

export interface CallRow {
  /** The event the row opens: the browser's record when the call is paired. */
  id: string;
  main: LogEvent;
  /** The server's record of the same call, when paired. */
  server?: LogEvent;
  start: number;
  end: number;
  method: string;
  /** The route template, else the URL. */
  label: string;
  /** What the user's side saw, else what the server answered. */
  status: number | undefined;
  tone: BarTone;
}

const endOf = (e: LogEvent): number => e.time + Math.max(e.duration_ms ?? 0, 0);

/**
 * One row per call, in the order the calls started (the browser's start for a pair). A pair
 * whose records are not both in the timeline (cut by its limit) shows what is there, unpaired.
 */
export function callRows(events: readonly LogEvent[], pairs: Timeline['pairs']): { rows: CallRow[]; rowOf: Map<string, number> } {
  const api = new Map<string, LogEvent>();
  for (const e of events) if (e.kind === 'api') api.set(e.id, e);
  const serverOf = new Map<string, LogEvent>();
  const joined = new Set<string>();
  for (const p of pairs) {
    const server = api.get(p.server_id);
    if (!server || !api.has(p.browser_id) || p.browser_id === p.server_id) continue;
    serverOf.set(p.browser_id, server);
    joined.add(p.server_id);
  }
  const rows: CallRow[] = [];
  const rowOf = new Map<string, number>();
  for (const e of api.values()) {
    if (joined.has(e.id)) continue;
    const server = serverOf.get(e.id);
    const status = e.status ?? server?.status;
    rowOf.set(e.id, rows.length);
    if (server) rowOf.set(server.id, rows.length);
    rows.push({
      id: e.id,
      main: e,
      ...(server ? { server } : {}),
      start: e.time,
      end: endOf(e),
      method: e.method ?? server?.method ?? '',
      label: e.route ?? e.url ?? server?.route ?? server?.url ?? '',
      status,
      tone: barTone(status),
    });
  }
  return { rows, rowOf };
}

/**
 * Where the server's bar sits inside the browser's. The two clocks are different machines', so
 * when the server's record does not fall inside the browser's span as stamped, it is drawn
 * centred in it (the network's share split between the way there and back) instead of
 * sticking out as if the server had worked before the request was sent.
 */
export function serverSpan(row: Pick<CallRow, 'start' | 'end'>, server: LogEvent): Span {
  const duration = Math.max(server.duration_ms ?? 0, 0);
  const start = server.time;
  const end = start + duration;
  if (start >= row.start && end <= row.end) return { start, end };
  const outer = row.end - row.start;
  const inner = Math.min(duration, outer);
  const offset = (outer - inner) / 2;
  return { start: row.start + offset, end: row.start + offset + inner };
}

const ms = (e: LogEvent): string => (e.duration_ms === undefined ? '–' : `${formatDuration(e.duration_ms)} ms`);

/** "browser 412 ms · server 380 ms" for a paired row; null for a call seen from one side. */
export function pairedDurations(row: Pick<CallRow, 'main' | 'server'>): string | null {
  if (!row.server) return null;
  return `browser ${ms(row.main)} · server ${ms(row.server)}`;
}
