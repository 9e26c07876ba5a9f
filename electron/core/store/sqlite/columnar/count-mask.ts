// How many rows a filter's mask lets through (no mask: every row). Pages themselves are cut by
// sorted-page.ts, in any order the table sorts by.

export function countMask(mask: Uint8Array | null, n: number): number {
  if (!mask) return n;
  let total = 0;
  for (let i = 0; i < mask.length; i++) total += mask[i]!;
  return total;
}
