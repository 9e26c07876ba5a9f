import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../shared/events.js';
import { appendPage, mergeFirstPage } from '../../renderer/src/lib/rows.js';

// Newest first, like events.search. Ids and cursors are opaque strings: the tests give them
// shapes unlike any number so that nothing can order by them.
const ev = (n: number, time = n * 1000): LogEvent => ({ id: `e${n}x`, time, kind: 'api' });
const ids = (events: LogEvent[]) => events.map((e) => Number(e.id.slice(1, -1)));
const cursorOf = (e: LogEvent) => `cursor-after-${e.id}`;

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

  it('places loaded rows by time when the fresh page ends on a row not loaded, ties at one millisecond left out', () => {
    const loaded = { events: [ev(10), ev(9), ev(8, 7000), ev(7)], next: cursorOf(ev(7)) };
    const fresh = { events: [ev(12), ev(11), ev(6, 7000)], next: cursorOf(ev(6, 7000)) };
    expect(ids(mergeFirstPage(loaded, fresh).events)).toEqual([12, 11, 6]);
    const later = { events: [ev(12), ev(11), ev(6, 9500)], next: cursorOf(ev(6)) };
    expect(ids(mergeFirstPage(loaded, later).events)).toEqual([12, 11, 6, 9, 8, 7]);
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
