// The time axis of the dashboard's charts: which buckets it shows (every one between the first
// and the last, empty ones included, so gaps read as gaps) and how their starts are labelled,
// in local time or UTC as the app's toggle says. Pure.
import { formatTime } from './format.js';
import type { Range } from './dashboard-query.js';

/** More buckets than any chart asks for (60): a range and a width that disagree cannot blow up the axis. */
export const MAX_AXIS_BUCKETS = 2000;

/**
 * Bucket starts from the range's start (or the first row's bucket) to its end (or the last
 * row's), `bucketMs` apart and aligned to multiples of it as the store aligns them.
 */
export function bucketStarts(rowBuckets: readonly number[], bucketMs: number, range?: Range): number[] {
  if (!(bucketMs > 0) || !Number.isFinite(bucketMs)) return [];
  const align = (ms: number) => Math.floor(ms / bucketMs) * bucketMs;
  let lowest: number | undefined;
  let highest: number | undefined;
  for (const b of rowBuckets) {
    if (lowest === undefined || b < lowest) lowest = b;
    if (highest === undefined || b > highest) highest = b;
  }
  const first = range?.from !== undefined ? align(range.from) : lowest;
  const last = range?.to !== undefined ? align(range.to - 1) : highest;
  if (first === undefined || last === undefined || last < first) return [];
  const count = Math.min(MAX_AXIS_BUCKETS, Math.floor((last - first) / bucketMs) + 1);
  return Array.from({ length: count }, (_, i) => first + i * bucketMs);
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * A bucket's start as short as its width allows: a day's date, a minute's date and clock, a
 * second's clock (formatTime's `YYYY-MM-DD HH:mm:ss.SSS`, cut).
 */
export function bucketLabel(ms: number, bucketMs: number, utc: boolean): string {
  const full = formatTime(ms, utc);
  if (bucketMs >= DAY) return full.slice(0, 10);
  if (bucketMs >= MINUTE) return full.slice(5, 16);
  if (bucketMs >= 1000) return full.slice(11, 19);
  return full.slice(11, 23);
}

/** A bucket as a tooltip title: its start to its end, to the second (the millisecond when finer). */
export function bucketSpan(ms: number, bucketMs: number, utc: boolean): string {
  const cut = bucketMs >= 1000 ? 19 : 23;
  const start = formatTime(ms, utc).slice(0, cut);
  const end = formatTime(ms + bucketMs, utc);
  const sameDay = end.slice(0, 10) === start.slice(0, 10);
  return `${start} – ${sameDay ? end.slice(11, cut) : end.slice(0, cut)}${utc ? ' UTC' : ''}`;
}
