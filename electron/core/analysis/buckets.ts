// Time buckets a person reads easily: about the asked-for number over the span, each a round
// width (5 minutes, not 4 minutes 37 seconds), so bars line up with the clock.
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const WIDTHS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500,
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 90 * DAY, 365 * DAY,
];

/** The smallest round width that cuts [from, to) into at most `buckets` pieces. */
export function bucketWidth(from: number, to: number, buckets: number): number {
  const span = Math.max(1, to - from);
  const wanted = span / Math.max(1, buckets);
  for (const w of WIDTHS) if (w >= wanted) return w;
  return Math.ceil(wanted / (365 * DAY)) * 365 * DAY;
}
