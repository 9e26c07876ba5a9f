// The dashboard's time axis: every bucket between the first and last (or across the range), and
// labels as short as the bucket width allows, in local time or UTC.
import { describe, expect, it } from 'vitest';
import { bucketLabel, bucketSpan, bucketStarts, MAX_AXIS_BUCKETS } from '../../renderer/src/lib/chart-time.js';
import { formatTime } from '../../renderer/src/lib/format.js';
import { rangeFor } from '../../renderer/src/lib/dashboard-range.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 2, 10, 0, 0);

describe('bucketStarts', () => {
  it('fills the buckets between the rows, gaps included', () => {
    expect(bucketStarts([T0 + 3 * MIN, T0, T0 + MIN], MIN)).toEqual([T0, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN]);
  });

  it('spans the whole range when one is given, aligned as the store aligns buckets', () => {
    const range = { from: T0 + 30_000, to: T0 + 3 * MIN + 1 };
    expect(bucketStarts([T0 + MIN], MIN, range)).toEqual([T0, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN]);
    // An end exactly on a bucket boundary does not open one more bucket.
    expect(bucketStarts([], MIN, { from: T0, to: T0 + 2 * MIN })).toEqual([T0, T0 + MIN]);
  });

  it('is empty without rows or width, and never longer than the cap', () => {
    expect(bucketStarts([], MIN)).toEqual([]);
    expect(bucketStarts([T0], 0)).toEqual([]);
    expect(bucketStarts([0, 10_000_000], 1)).toHaveLength(MAX_AXIS_BUCKETS);
  });
});

describe('bucketLabel', () => {
  const ms = Date.UTC(2026, 0, 2, 10, 5, 3, 250);
  it.each([
    [86_400_000, '2026-01-02'],
    [5 * MIN, '01-02 10:05'],
    [10_000, '10:05:03'],
    [100, '10:05:03.250'],
  ])('width %s ms -> %s in UTC', (width, label) => {
    expect(bucketLabel(ms, width, true)).toBe(label);
  });

  it('follows the local zone when UTC is off', () => {
    expect(bucketLabel(ms, 5 * MIN, false)).toBe(formatTime(ms, false).slice(5, 16));
  });

  it('spans start to end in a tooltip, the date once when both are on one day', () => {
    expect(bucketSpan(T0, MIN, true)).toBe('2026-01-02 10:00:00 – 10:01:00 UTC');
    expect(bucketSpan(Date.UTC(2026, 0, 2, 23, 59), MIN, true)).toBe('2026-01-02 23:59:00 – 2026-01-03 00:00:00 UTC');
  });
});

describe('rangeFor', () => {
  it('ends just after now and starts the preset before; all time is no range', () => {
    expect(rangeFor('1h', T0)).toEqual({ from: T0 - 3_600_000, to: T0 + 1 });
    expect(rangeFor('15m', T0)).toEqual({ from: T0 - 15 * MIN, to: T0 + 1 });
    expect(rangeFor('all', T0)).toBeUndefined();
  });
});
