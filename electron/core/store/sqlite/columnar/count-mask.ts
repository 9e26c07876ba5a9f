// How many rows a filter's mask lets through (no mask: every row). Pages themselves are cut by
// sorted-page.ts, in any order the table sorts by.
//
// One search asks it of one mask again and again (its first page's total, then each block the
// table fetches as it scrolls): the answer is kept with the mask, which is never written once
// made (index.ts shares it).
const counted = new WeakMap<Uint8Array, number>();

export function countMask(mask: Uint8Array | null, n: number): number {
  if (!mask) return n;
  let total = counted.get(mask);
  if (total === undefined) {
    total = sumBits(mask);
    counted.set(mask, total);
  }
  return total;
}

/** Adds a mask's bytes (each 0 or 1) four at a time: one multiply sums a word's bytes into its top byte. */
function sumBits(mask: Uint8Array): number {
  let total = 0;
  let i = 0;
  if (mask.byteOffset % 4 === 0) {
    const words = new Uint32Array(mask.buffer, mask.byteOffset, mask.length >>> 2);
    for (let w = 0; w < words.length; w++) total += Math.imul(words[w]!, 0x01010101) >>> 24;
    i = words.length * 4;
  }
  for (; i < mask.length; i++) total += mask[i]!;
  return total;
}
