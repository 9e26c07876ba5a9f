// The waterfall's rows: a paired call is one row with both records and both durations, bars are
// coloured by status class, and the server's bar stays inside the browser's.
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../shared/events.js';
import { barTone, callRows, pairedDurations, serverSpan } from '../../renderer/src/lib/timeline-calls.js';

const api = (id: string, time: number, over: Partial<LogEvent> = {}): LogEvent => ({
  id,
  time,
  kind: 'api',
  method: 'GET',
  url: `/api/items/${id}`,
  route: '/api/items/:id',
  status: 200,
  duration_ms: 100,
  ...over,
});

describe('barTone', () => {
  it.each([
    [200, 'ok'],
    [204, 'ok'],
    [304, 'ok'],
    [399, 'ok'],
    [400, 'client-error'],
    [404, 'client-error'],
    [499, 'client-error'],
    [500, 'server-error'],
    [503, 'server-error'],
    [undefined, 'none'],
    [0, 'none'],
    [101, 'none'],
    [600, 'none'],
  ] as const)('%s is %s', (status, tone) => {
    expect(barTone(status)).toBe(tone);
  });
});

describe('callRows', () => {
  it('joins a browser and a server record into one row, found by either id', () => {
    const events = [
      api('b1', 1_000, { duration_ms: 412, status: 500, attrs: { source: 'browser' } }),
      api('s1', 1_010, { duration_ms: 380, status: 500 }),
      { id: 'u1', time: 1_100, kind: 'user', type: 'click' } satisfies LogEvent,
      api('b2', 2_000),
    ];
    const { rows, rowOf } = callRows(events, [{ browser_id: 'b1', server_id: 's1' }]);
    expect(rows.map((r) => r.id)).toEqual(['b1', 'b2']);
    expect(rows[0]!.server?.id).toBe('s1');
    expect(rows[0]!.tone).toBe('server-error');
    expect(rows[0]!.end).toBe(1_412);
    expect(rowOf.get('b1')).toBe(0);
    expect(rowOf.get('s1')).toBe(0);
    expect(rowOf.get('b2')).toBe(1);
    expect(rowOf.has('u1')).toBe(false);
    expect(pairedDurations(rows[0]!)).toBe('browser 412 ms · server 380 ms');
    expect(pairedDurations(rows[1]!)).toBeNull();
  });

  it('shows each record on its own when the pair is not all there', () => {
    const { rows } = callRows([api('b1', 1_000), api('x', 1_500)], [{ browser_id: 'b1', server_id: 'gone' }, { browser_id: 'gone2', server_id: 'x' }]);
    expect(rows.map((r) => [r.id, r.server?.id])).toEqual([
      ['b1', undefined],
      ['x', undefined],
    ]);
  });

  it('labels a call with its route, else its URL, and takes the server’s status when the browser has none', () => {
    const { rows } = callRows(
      [api('b', 0, { route: undefined, url: '/raw?q=1', status: undefined }), api('s', 5, { status: 503 })],
      [{ browser_id: 'b', server_id: 's' }],
    );
    expect(rows[0]!.label).toBe('/raw?q=1');
    expect(rows[0]!.status).toBe(503);
    expect(rows[0]!.tone).toBe('server-error');
  });

  it('says which duration is missing rather than inventing one', () => {
    const { rows } = callRows([api('b', 0, { duration_ms: undefined }), api('s', 5, { duration_ms: 3.25 })], [{ browser_id: 'b', server_id: 's' }]);
    expect(pairedDurations(rows[0]!)).toBe('browser – · server 3.3 ms');
  });
});

describe('serverSpan', () => {
  const row = { start: 1_000, end: 1_400 };

  it('keeps the server’s own times when they fall inside the browser’s', () => {
    expect(serverSpan(row, api('s', 1_050, { duration_ms: 300 }))).toEqual({ start: 1_050, end: 1_350 });
  });

  it('centres the server’s bar inside the browser’s when the clocks disagree', () => {
    expect(serverSpan(row, api('s', 900, { duration_ms: 200 }))).toEqual({ start: 1_100, end: 1_300 });
  });

  it('never draws the server longer than the browser', () => {
    expect(serverSpan(row, api('s', 1_000, { duration_ms: 900 }))).toEqual({ start: 1_000, end: 1_400 });
  });
});
