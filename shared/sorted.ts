// Lookups in lists kept in time order (a session's calls, a timeline's marks). Pure.

/** The index of the first item of `sorted` (oldest first) at or after `time`; its length when none is. */
export function firstAtOrAfter(sorted: readonly { time: number }[], time: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
