// A session's timeline, laid out once when it arrives: waterfall rows, page sections, marks and
// the time extent. Zooming and panning only re-place what this built. Pure, no DOM.
import type { Timeline } from '../../../shared/analysis.js';
import type { LogEvent } from '../../../shared/events.js';
import { callRows, type CallRow } from './timeline-calls.js';
import { actionMarks, logMarks, pageSections, type Mark, type PageSection } from './timeline-lanes.js';
import { extentOf, type Span } from './timeline-scale.js';

export interface TimelineModel {
  calls: CallRow[];
  /** Event id (either record of a paired call) -> its waterfall row. */
  rowOf: Map<string, number>;
  pages: PageSection[];
  actions: Mark[];
  logs: Mark[];
  extent: Span;
  byId: Map<string, LogEvent>;
  /** Every event id oldest first, for stepping through the session with the keyboard. */
  order: string[];
}

export function buildTimelineModel(t: Pick<Timeline, 'events' | 'pairs' | 'session'>): TimelineModel {
  const events = t.events;
  const byId = new Map<string, LogEvent>();
  let first = Infinity;
  let last = -Infinity;
  for (const e of events) {
    byId.set(e.id, e);
    if (e.time < first) first = e.time;
    const end = e.time + Math.max(e.duration_ms ?? 0, 0);
    if (end > last) last = end;
  }
  if (first === Infinity) {
    first = t.session.start;
    last = t.session.end;
  }
  const { rows, rowOf } = callRows(events, t.pairs);
  return {
    calls: rows,
    rowOf,
    pages: pageSections(events, last),
    actions: actionMarks(events),
    logs: logMarks(events),
    extent: extentOf(first, last),
    byId,
    order: events.map((e) => e.id),
  };
}

/**
 * The event `step` places from `id` in time (any lane); the first or last when nothing is
 * selected. The server's half of a paired call is skipped: its row is the browser's.
 */
export function stepEvent(model: TimelineModel, id: string | null, step: 1 | -1): string | null {
  const { order } = model;
  if (order.length === 0) return null;
  let i = id === null ? -1 : order.indexOf(id);
  if (i < 0) i = step === 1 ? -1 : order.length;
  for (let j = i + step; j >= 0 && j < order.length; j += step) {
    const candidate = order[j]!;
    const row = model.rowOf.get(candidate);
    if (row === undefined || model.calls[row]!.id === candidate) return candidate;
  }
  return null;
}

/** The waterfall row `step` rows from the selected event's (the row nearest in time to a mark). */
export function stepRow(model: TimelineModel, id: string | null, step: 1 | -1): number | null {
  const { calls } = model;
  if (calls.length === 0) return null;
  if (id === null) return step === 1 ? 0 : calls.length - 1;
  const row = model.rowOf.get(id);
  if (row !== undefined) return Math.min(Math.max(row + step, 0), calls.length - 1);
  const time = model.byId.get(id)?.time;
  if (time === undefined) return 0;
  // A mark is selected: the next call after it, or the last call before it.
  const after = calls.findIndex((c) => c.start >= time);
  if (step === 1) return after < 0 ? calls.length - 1 : after;
  return after < 0 ? calls.length - 1 : Math.max(after - 1, 0);
}
