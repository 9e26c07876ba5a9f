import { afterEach, describe, expect, it, vi } from 'vitest';
import { debounce } from '../../renderer/src/lib/debounce.js';
import { formatDuration, formatMatchCount, formatTime, formatUtcOffset, groupDigits, statusClass } from '../../renderer/src/lib/format.js';
import { excerptAt } from '../../renderer/src/lib/query-pointer.js';

describe('formatTime', () => {
  const ms = Date.UTC(2015, 4, 17, 10, 5, 3, 7);

  it('shows UTC with millisecond precision', () => {
    expect(formatTime(ms, true)).toBe('2015-05-17 10:05:03.007');
  });

  it('shows local time shifted by the local offset', () => {
    const offsetMin = -new Date(ms).getTimezoneOffset();
    const shifted = new Date(ms + offsetMin * 60_000);
    expect(formatTime(ms, false)).toBe(formatTime(shifted.getTime(), true));
  });

  it('is empty for an impossible time rather than "NaN"', () => {
    expect(formatTime(Number.NaN, true)).toBe('');
  });

  it('labels the local offset', () => {
    expect(formatUtcOffset(ms)).toMatch(/^UTC[+-]\d\d:\d\d$/);
  });
});

describe('formatDuration', () => {
  it.each([
    [undefined, ''],
    [0, '0'],
    [0.123, '0.12'],
    [3.456, '3.5'],
    [42.4, '42'],
    [1234.5, '1,235'],
    [98_765_432, '98,765,432'],
  ])('%s ms -> %s', (input, out) => {
    expect(formatDuration(input)).toBe(out);
  });
});

describe('groupDigits', () => {
  it('groups thousands and keeps sign and fraction', () => {
    expect(groupDigits(1_000)).toBe('1,000');
    expect(groupDigits(-1234567.5)).toBe('-1,234,567.5');
    expect(groupDigits(999)).toBe('999');
  });
});

describe('statusClass', () => {
  it.each([
    [200, '2xx'],
    [204, '2xx'],
    [304, '3xx'],
    [404, '4xx'],
    [499, '4xx'],
    [503, '5xx'],
    [101, '1xx'],
    [0, 'other'],
    [999, 'other'],
  ] as const)('%d is %s', (status, cls) => {
    expect(statusClass(status)).toBe(cls);
  });

  it('has no class without a status', () => {
    expect(statusClass(undefined)).toBeNull();
  });
});

describe('formatMatchCount', () => {
  it('groups the total the way every other number in the app is written', () => {
    expect(formatMatchCount(213)).toBe('213 events');
    expect(formatMatchCount(213, true)).toBe('≈ 213 events');
    expect(formatMatchCount(10_000)).toBe('10,000 events');
    expect(formatMatchCount(1_000_000, true)).toBe('≈ 1,000,000 events');
    expect(formatMatchCount(1)).toBe('1 event');
    expect(formatMatchCount(0)).toBe('0 events');
  });
});

describe('excerptAt', () => {
  it('splits a short query at the column', () => {
    expect(excerptAt('status:>abc', 8)).toEqual({ before: 'status:', at: '>', after: 'abc', clippedStart: false, clippedEnd: false });
  });

  it('points one past the end for an unexpected end of query', () => {
    expect(excerptAt('method:(GET', 12)).toMatchObject({ before: 'method:(GET', at: ' ', after: '' });
  });

  it('clips long queries around the column', () => {
    const q = `${'a'.repeat(100)}X${'b'.repeat(100)}`;
    const e = excerptAt(q, 101, 10);
    expect(e).toEqual({ before: 'a'.repeat(10), at: 'X', after: 'b'.repeat(10), clippedStart: true, clippedEnd: true });
  });
});

describe('debounce', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs once with the last arguments after the wait', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const d = debounce(fn, 250);
    d('s');
    vi.advanceTimersByTime(200);
    d('st');
    vi.advanceTimersByTime(200);
    d('sta');
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(250);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn).toHaveBeenCalledWith('sta');
  });

  it('with a max wait, calls that keep coming closer than the wait still run once per max wait', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const d = debounce(fn, 200, 1_000);
    // An event every 100 ms for 2.5 s: a plain trailing debounce would not run until they stop.
    for (let t = 0; t < 2_500; t += 100) {
      d(t);
      vi.advanceTimersByTime(100);
    }
    expect(fn.mock.calls.map(([t]) => t)).toEqual([900, 1_900]);
    vi.advanceTimersByTime(200);
    expect(fn).toHaveBeenCalledTimes(3);
    expect(fn).toHaveBeenLastCalledWith(2_400);
  });

  it('flush runs the pending call now, cancel drops it', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const d = debounce(fn, 250);
    d(1);
    expect(d.pending()).toBe(true);
    d.flush();
    expect(fn).toHaveBeenCalledWith(1);
    expect(d.pending()).toBe(false);
    d.flush();
    expect(fn).toHaveBeenCalledTimes(1);
    d(2);
    d.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
