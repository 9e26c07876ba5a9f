// The first and last time among the matched rows (an aggregate of min and max of time alone, as
// the histogram asks to lay its buckets over the search's span): read off the time order
// (sort-order.ts) from each end up to the first matched row, instead of a pass over every match.
// A common search stops at once; the rarest costs one walk of the order.
import type { AggregateRow, AggregateSpec } from '../../port.js';

/** The spec asks only min and/or max of time, with no groups and no buckets. */
export function isTimeSpan(spec: AggregateSpec): boolean {
  return (
    (spec.groupBy ?? []).length === 0 &&
    spec.bucketMs === undefined &&
    spec.metrics.length > 0 &&
    spec.metrics.every((m) => (m.op === 'min' || m.op === 'max') && m.field === 'time')
  );
}

/** `rows`: every row held, ascending by time. Null values over no matches, as SQL's. */
export function timeSpan(spec: AggregateSpec, rows: Int32Array, time: Float64Array, mask: Uint8Array | null): AggregateRow {
  const span = matchedSpan(rows, time, mask);
  return { keys: [], values: spec.metrics.map((m) => (span ? (m.op === 'min' ? span.first : span.last) : null)) };
}

/** The matched rows' first and last time, null when none matches; `rows` as for timeSpan. */
export function matchedSpan(rows: Int32Array, time: Float64Array, mask: Uint8Array | null): { first: number; last: number } | null {
  let first = 0;
  let last = rows.length - 1;
  if (mask) {
    while (first < rows.length && mask[rows[first]!] === 0) first++;
    while (last > first && mask[rows[last]!] === 0) last--;
  }
  return first < rows.length ? { first: time[rows[first]!]!, last: time[rows[last]!]! } : null;
}
