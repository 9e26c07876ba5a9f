// The lanes above the waterfall: page sections, action and log marks, and which marks are drawn
// at a zoom (only those on screen, never two in one spot, errors first, room for their text).
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../shared/events.js';
import { actionMarks, logMarks, MARK_MIN_GAP_PX, pageSections, placeMarks, type Mark } from '../../renderer/src/lib/timeline-lanes.js';

const user = (id: string, time: number, over: Partial<LogEvent>): LogEvent => ({ id, time, kind: 'user', ...over });

describe('pageSections', () => {
  it('lasts each page view until the next one and the last until the session ends', () => {
    const events: LogEvent[] = [
      user('p1', 100, { type: 'page_view', page: '/' }),
      user('c1', 150, { type: 'click', target: '#buy', page: '/' }),
      { id: 'a1', time: 160, kind: 'api', method: 'GET', url: '/api/cart' },
      user('p2', 400, { type: 'page_view', page: '/cart' }),
    ];
    expect(pageSections(events, 900)).toEqual([
      { id: 'p1', page: '/', start: 100, end: 400 },
      { id: 'p2', page: '/cart', start: 400, end: 900 },
    ]);
  });
});

describe('marks', () => {
  it('read an error by its message and a click by its target, page views left to the sections', () => {
    const marks = actionMarks([
      user('p', 0, { type: 'page_view', page: '/' }),
      user('c', 1, { type: 'click', target: '#buy', page: '/' }),
      user('e', 2, { type: 'error_encountered', message: 'TypeError: x is undefined', target: 'app.js' }),
      user('s', 3, { type: 'form_submit', target: 'form#pay' }),
    ]);
    expect(marks.map((m) => [m.id, m.type, m.text, m.tone])).toEqual([
      ['c', 'click', '#buy', 'plain'],
      ['e', 'error_encountered', 'TypeError: x is undefined', 'error'],
      ['s', 'form_submit', 'form#pay', 'submit'],
    ]);
  });

  it('tone log records by level', () => {
    const marks = logMarks([
      { id: 'l1', time: 0, kind: 'log', level: 'ERROR', message: 'db down' },
      { id: 'l2', time: 1, kind: 'log', level: 'warning', message: 'slow' },
      { id: 'l3', time: 2, kind: 'log', message: 'hi' },
      user('u', 3, { type: 'click' }),
    ]);
    expect(marks.map((m) => [m.id, m.type, m.tone])).toEqual([
      ['l1', 'ERROR', 'error'],
      ['l2', 'warning', 'warn'],
      ['l3', 'log', 'plain'],
    ]);
  });
});

const mark = (id: string, time: number, tone: Mark['tone'] = 'plain', text = id): Mark => ({ id, time, type: 'click', text, tone });

describe('placeMarks', () => {
  const view = { start: 0, end: 1_000 };

  it('draws only the marks on screen', () => {
    const placed = placeMarks([mark('before', -500), mark('a', 100), mark('b', 900), mark('after', 1_500)], view, 1_000);
    expect(placed.map((p) => [p.mark.id, p.x])).toEqual([
      ['a', 100],
      ['b', 900],
    ]);
  });

  it('draws ten thousand marks in one spot as one, an error winning the spot', () => {
    const marks = Array.from({ length: 10_000 }, (_, i) => mark(`m${i}`, 500 + i * 0.0001, i === 7_000 ? 'error' : 'plain'));
    const placed = placeMarks(marks, view, 1_000);
    expect(placed.map((p) => p.mark.id)).toEqual(['m7000']);
  });

  it('keeps marks at least MARK_MIN_GAP_PX apart', () => {
    const marks = Array.from({ length: 1_000 }, (_, i) => mark(`m${i}`, i));
    const placed = placeMarks(marks, view, 1_000);
    expect(placed.length).toBe(Math.ceil(1_000 / MARK_MIN_GAP_PX));
    for (let i = 1; i < placed.length; i++) expect(placed[i]!.x - placed[i - 1]!.x).toBeGreaterThanOrEqual(MARK_MIN_GAP_PX);
  });

  it('always draws the selected mark', () => {
    const placed = placeMarks([mark('a', 100), mark('b', 100.5), mark('c', 101)], view, 1_000, 'b');
    expect(placed.map((p) => p.mark.id)).toEqual(['a', 'b']);
  });

  it('gives each mark the room up to the next for its text, none when too tight to read', () => {
    const placed = placeMarks([mark('a', 100), mark('b', 200), mark('c', 215), mark('d', 900, 'plain', '')], view, 1_000);
    const room = new Map(placed.map((p) => [p.mark.id, p.labelWidth]));
    expect(room.get('a')).toBe(90);
    expect(room.get('b')).toBe(0);
    expect(room.get('c')).toBeGreaterThan(200);
    expect(room.get('c')).toBeLessThanOrEqual(240);
    expect(room.get('d')).toBe(0);
  });
});
