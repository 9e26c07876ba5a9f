// A timeline as the view lays it out: the extent covers every call's end, every event lands in
// one place, and the keyboard steps through events and rows in time.
import { describe, expect, it } from 'vitest';
import type { SessionSummary, Timeline } from '../../shared/analysis.js';
import type { LogEvent } from '../../shared/events.js';
import { buildTimelineModel, stepEvent, stepRow } from '../../renderer/src/lib/timeline-model.js';

const session: SessionSummary = {
  session_id: 's',
  derived: false,
  user_id: null,
  start: 0,
  end: 0,
  duration_ms: 0,
  pages: 0,
  actions: 0,
  api_calls: 0,
  errors: 0,
  slowest_ms: null,
  ended_after_failure: false,
};

const events: LogEvent[] = [
  { id: 'p', time: 10_000, kind: 'user', type: 'page_view', page: '/' },
  { id: 'b', time: 11_000, kind: 'api', method: 'POST', url: '/api/pay', status: 500, duration_ms: 412 },
  { id: 's', time: 11_010, kind: 'api', method: 'POST', url: '/api/pay', status: 500, duration_ms: 380 },
  { id: 'c', time: 12_000, kind: 'user', type: 'click', target: '#retry' },
  { id: 'l', time: 12_500, kind: 'log', level: 'error', message: 'payment gateway down' },
  { id: 'slow', time: 13_000, kind: 'api', method: 'GET', url: '/api/cart', status: 200, duration_ms: 100_000 },
];

const timeline: Pick<Timeline, 'events' | 'pairs' | 'session'> = { session, events, pairs: [{ browser_id: 'b', server_id: 's' }] };

describe('buildTimelineModel', () => {
  const model = buildTimelineModel(timeline);

  it('puts every event in one lane', () => {
    expect(model.calls.map((c) => c.id)).toEqual(['b', 'slow']);
    expect(model.pages.map((p) => p.id)).toEqual(['p']);
    expect(model.actions.map((m) => m.id)).toEqual(['c']);
    expect(model.logs.map((m) => m.id)).toEqual(['l']);
  });

  it('reaches past the end of the slowest call and lasts the last page until then', () => {
    expect(model.extent.start).toBeLessThan(10_000);
    expect(model.extent.end).toBeGreaterThan(113_000);
    expect(model.pages[0]!.end).toBe(113_000);
  });

  it('falls back to the session’s own times without events', () => {
    const empty = buildTimelineModel({ session: { ...session, start: 5_000, end: 5_000 }, events: [], pairs: [] });
    expect(empty.extent.start).toBeLessThan(5_000);
    expect(empty.extent.end).toBeGreaterThan(5_000);
  });
});

describe('stepping', () => {
  const model = buildTimelineModel(timeline);

  it('walks every event in time, the paired server record folded into its call', () => {
    const seen: string[] = [];
    for (let id = stepEvent(model, null, 1); id !== null; id = stepEvent(model, id, 1)) seen.push(id);
    expect(seen).toEqual(['p', 'b', 'c', 'l', 'slow']);
    expect(stepEvent(model, 'c', -1)).toBe('b');
    expect(stepEvent(model, null, -1)).toBe('slow');
  });

  it('moves between waterfall rows, from a mark to the nearest call', () => {
    expect(stepRow(model, null, 1)).toBe(0);
    expect(stepRow(model, 'b', 1)).toBe(1);
    expect(stepRow(model, 's', 1)).toBe(1);
    expect(stepRow(model, 'slow', 1)).toBe(1);
    expect(stepRow(model, 'c', 1)).toBe(1);
    expect(stepRow(model, 'c', -1)).toBe(0);
  });
});
