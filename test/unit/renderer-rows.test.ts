import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../shared/events.js';
import { appendPage, isOlderThan, mergeFirstPage } from '../../renderer/src/lib/rows.js';

// Newest first, like events.search: ids descending with time.
const ev = (id: number, time = id * 1000): LogEvent => ({ id, time, kind: 'api' });
const ids = (events: LogEvent[]) => events.map((e) => e.id);
const cursorOf = (e: LogEvent) => ({ time: e.time, id: e.id });

describe('isOlderThan', () => {
  it('orders by time, then id', () => {
    expect(isOlderThan({ time: 1, id: 9 }, { time: 2, id: 1 })).toBe(true);
    expect(isOlderThan({ time: 2, id: 1 }, { time: 2, id: 2 })).toBe(true);
    expect(isOlderThan({ time: 2, id: 2 }, { time: 2, id: 2 })).toBe(false);
    expect(isOlderThan({ time: 3, id: 1 }, { time: 2, id: 2 })).toBe(false);
  });
});

describe('mergeFirstPage', () => {
  it('keeps pages already scrolled through when new events arrive on top', () => {
    const loaded = { events: [10, 9, 8, 7, 6, 5].map((i) => ev(i)), next: cursorOf(ev(5)) };
    const fresh = { events: [12, 11, 10].map((i) => ev(i)), next: cursorOf(ev(10)) };
    const merged = mergeFirstPage(loaded, fresh);
    expect(ids(merged.events)).toEqual([12, 11, 10, 9, 8, 7, 6, 5]);
    expect(merged.next).toEqual(loaded.next);
  });

  it('takes the fresh page whole when it reaches the end', () => {
    const loaded = { events: [3, 2].map((i) => ev(i)), next: null };
    const fresh = { events: [4, 3, 2].map((i) => ev(i)), next: null };
    expect(mergeFirstPage(loaded, fresh)).toBe(fresh);
  });

  it('takes the fresh page when nothing loaded lies beyond it', () => {
    const loaded = { events: [5, 4].map((i) => ev(i)), next: cursorOf(ev(4)) };
    const fresh = { events: [7, 6, 5, 4].map((i) => ev(i)), next: cursorOf(ev(4)) };
    expect(mergeFirstPage(loaded, fresh)).toBe(fresh);
  });

  it('drops rows that vanished from the fresh page range', () => {
    const loaded = { events: [10, 9, 8, 7].map((i) => ev(i)), next: cursorOf(ev(7)) };
    const fresh = { events: [11, 10, 8].map((i) => ev(i)), next: cursorOf(ev(8)) };
    expect(ids(mergeFirstPage(loaded, fresh).events)).toEqual([11, 10, 8, 7]);
  });
});

describe('appendPage', () => {
  it('appends the next page when the list still ends at its cursor', () => {
    const loaded = { events: [5, 4].map((i) => ev(i)), next: cursorOf(ev(4)) };
    const page = { events: [3, 2].map((i) => ev(i)), next: cursorOf(ev(2)) };
    const out = appendPage(loaded, cursorOf(ev(4)), page);
    expect(out && ids(out.events)).toEqual([5, 4, 3, 2]);
    expect(out?.next).toEqual(cursorOf(ev(2)));
  });

  it('refuses a page fetched for a list that has since changed', () => {
    const loaded = { events: [9, 8].map((i) => ev(i)), next: cursorOf(ev(8)) };
    expect(appendPage(loaded, cursorOf(ev(4)), { events: [ev(3)], next: null })).toBeNull();
  });

  it('never duplicates a row', () => {
    const loaded = { events: [5, 4].map((i) => ev(i)), next: cursorOf(ev(4)) };
    const out = appendPage(loaded, cursorOf(ev(4)), { events: [ev(4), ev(3)], next: null });
    expect(out && ids(out.events)).toEqual([5, 4, 3]);
  });
});
