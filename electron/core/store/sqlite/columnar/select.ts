// Exact percentiles without sorting: quickselect puts the k-th smallest value in place in
// linear time on average, and the next rank is looked for only to its right.

import { nearestRankOf } from '../../aggregate-order.js';

/** Below this many values, insertion sort beats partitioning. */
const SMALL = 16;

/**
 * Rearranges a[lo..hi) so that a[k] holds the value a sort would put there, with none larger
 * before it and none smaller after it; returns that value. No NaN may be among the values.
 */
export function selectKth(a: Float64Array, lo: number, hi: number, k: number): number {
  let l = lo;
  let r = hi - 1;
  // Median-of-three keeps ordinary inputs linear; past this many rounds (an input built to
  // defeat it) the rest is sorted instead, so the worst case stays n log n.
  let rounds = 2 * Math.ceil(Math.log2(hi - lo + 2)) + 8;
  while (r > l) {
    if (r - l < SMALL) {
      insertionSort(a, l, r);
      break;
    }
    if (--rounds < 0) {
      a.subarray(l, r + 1).sort();
      break;
    }
    const pivot = medianOf3(a[l]!, a[(l + r) >>> 1]!, a[r]!);
    let i = l;
    let j = r;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    // Now a[l..j] <= pivot <= a[i..r], and whatever lies between equals the pivot.
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else break;
  }
  return a[k]!;
}

function medianOf3(x: number, y: number, z: number): number {
  if (x < y) return y < z ? y : x < z ? z : x;
  return x < z ? x : y < z ? z : y;
}

function insertionSort(a: Float64Array, l: number, r: number): void {
  for (let i = l + 1; i <= r; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= l && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/** Below this many values, quickselect alone; above, values are bucketed first. */
const BUCKET_FROM = 2048;
/** From here on, buckets by the top 16 bits of each value: two passes, no range to find first. */
const WIDE_FROM = 1 << 18;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Nearest-rank percentiles of a[lo..hi) for each p, rearranging that range. Ranks are found
 * smallest first, each searched for only right of the one before.
 */
export function percentilesOf(a: Float64Array, lo: number, hi: number, ps: readonly number[], range?: ValueRange): number[] {
  const n = hi - lo;
  const ranks = ps.map((p) => nearestRankOf(p, n) - 1);
  if (n >= WIDE_FROM && LITTLE_ENDIAN) return wideBucketSelect(a, lo, hi, ranks);
  if (n >= BUCKET_FROM && LITTLE_ENDIAN) return bucketedSelect(a, lo, hi, ranks, range);
  const out = new Array<number>(ps.length);
  const order = ranks.map((_, i) => i).sort((x, y) => ranks[x]! - ranks[y]!);
  let from = lo;
  for (const i of order) {
    const k = lo + ranks[i]!;
    out[i] = selectKth(a, from, hi, k);
    from = k;
  }
  return out;
}

/**
 * The values of 0-based ranks among a[lo..hi), for many values: one pass finds the range of
 * their sort keys (the high 32 bits of the IEEE 754 form with the sign folded in, which order
 * as the numbers do), one counts them into about n/4 buckets over that range, one gathers only
 * the buckets the ranks fall in, and quickselect finishes inside each: small unless the values
 * crowd together (then no worse than quickselect over them all). The range is that of the
 * positive values; zeros and negatives share bucket 0, since a single duration of 0 would
 * otherwise stretch the range over every exponent and leave a few buckets for the rest.
 */
function bucketedSelect(a: Float64Array, lo: number, hi: number, ranks: readonly number[], range?: ValueRange): number[] {
  const n = hi - lo;
  const words = new Uint32Array(a.buffer, a.byteOffset + lo * 8, n * 2);
  // Positive doubles (sign bit clear, not zero) order as their high words do.
  let kmin = 0x7fffffff;
  let kmax = 0;
  const known = range ? [highWord(range.leastPositive), highWord(range.most)] : null;
  if (known && known[0]! > 0 && known[0]! <= 0x7fffffff && range!.most > 0) {
    kmin = known[0]!;
    kmax = known[1]!;
  } else {
    for (let i = 1; i < 2 * n; i += 2) {
      const h = words[i]!;
      if (h === 0 || h > 0x7fffffff) continue;
      if (h < kmin) kmin = h;
      if (h > kmax) kmax = h;
    }
  }
  if (kmax === 0) kmin = 0;
  const bits = Math.min(16, 29 - Math.clz32(n));
  const shift = Math.max(0, 32 - Math.clz32(kmax - kmin) - bits);
  const counts = new Int32Array(((kmax - kmin) >>> shift) + 2);
  for (let i = 1; i < 2 * n; i += 2) {
    const h = words[i]!;
    counts[h === 0 || h > 0x7fffffff ? 0 : ((h - kmin) >>> shift) + 1]!++;
  }
  return gatherAndSelect(a, lo, n, words, counts, ranks, kmin, shift);
}

/** Finds each rank's bucket from the counts, gathers those buckets' values, selects inside. */
/** `kmin` -1: the buckets are wideBucketSelect's; else bucketedSelect's from kmin by `shift`. */
function gatherAndSelect(
  a: Float64Array,
  lo: number,
  n: number,
  words: Uint32Array,
  counts: Int32Array,
  ranks: readonly number[],
  kmin: number,
  shift: number,
): number[] {
  const wanted = ranks.map((rank) => {
    let before = 0;
    let b = 0;
    while (before + counts[b]! <= rank) before += counts[b++]!;
    return { bucket: b, inside: rank - before };
  });
  const slot = new Int32Array(counts.length).fill(-1);
  const gathered: Float64Array[] = [];
  for (const w of wanted) {
    if (slot[w.bucket] === -1) {
      slot[w.bucket] = gathered.length;
      gathered.push(new Float64Array(counts[w.bucket]!));
    }
  }
  const fill = new Int32Array(gathered.length);
  // The bucket computed inline (not through a function): this loop runs once per value.
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1]!;
    const b = kmin < 0 ? keyOf(h) >>> 16 : h === 0 || h > 0x7fffffff ? 0 : ((h - kmin) >>> shift) + 1;
    const x = slot[b]!;
    if (x >= 0) gathered[x]![fill[x]!++] = a[lo + i]!;
  }
  return wanted.map((w) => {
    const values = gathered[slot[w.bucket]!]!;
    return selectKth(values, 0, values.length, w.inside);
  });
}

/** What the caller already knows of the values: it spares bucketedSelect a pass. */
export interface ValueRange {
  /** The smallest value above 0 (Infinity when none is). */
  leastPositive: number;
  most: number;
}

const one = new Float64Array(1);
const oneWords = new Uint32Array(one.buffer);
/** The high 32 bits of a double's IEEE 754 form (little-endian: the second word). */
function highWord(v: number): number {
  one[0] = v;
  return oneWords[1]!;
}

/** Sort key of a double's high word: the sign folded in, so keys order as the numbers do. */
const keyOf = (h: number) => (h & 0x80000000 ? ~h : h | 0x80000000) >>> 0;

/**
 * As bucketedSelect, for many values: 65,536 buckets by the top 16 bits of the key (16 buckets
 * per power of two), counted in one pass and the ranks' buckets gathered in a second.
 */
function wideBucketSelect(a: Float64Array, lo: number, hi: number, ranks: readonly number[]): number[] {
  const n = hi - lo;
  const words = new Uint32Array(a.buffer, a.byteOffset + lo * 8, n * 2);
  const counts = new Int32Array(65_536);
  for (let i = 1; i < 2 * n; i += 2) counts[keyOf(words[i]!) >>> 16]!++;
  return gatherAndSelect(a, lo, n, words, counts, ranks, -1, 16);
}
