// A search page in any sort: rows [offset, offset + limit) of the matching rows ordered by
// (key, time, id), all in one direction, rows without a key last in both directions. The
// matching rows after the cursor are gathered once; a page near either end is kept by a small
// heap (one comparison turns away nearly every row), one deep inside by selection (nth element,
// linear on average) instead of sorting them all. Only the page's rows are then sorted.
import type { SortDir } from '../../../../../shared/sort.js';
import { countMask } from './page.js';

export interface RowOrder {
  /** Per row; NaN: no key. Null: time order alone. */
  key: Float64Array | null;
  time: Float64Array;
  ids: Float64Array;
  dir: SortDir;
}

/** Where a cursor stands: the last row's key (NaN: none; may fall between rows' keys), time and id. */
export interface RowCursor {
  key: number;
  time: number;
  id: number;
}

/** Pages this deep (from either end) are kept by a heap rather than found by selection. */
const HEAP_ROWS = 4096;

/** Positive when row a comes after row b in the order; so sorting by it puts the order's first row first. */
export function comparator(o: RowOrder): (a: number, b: number) => number {
  const { key, time, ids } = o;
  const s = o.dir === 'asc' ? 1 : -1;
  if (!key) {
    return (a, b) => {
      const dt = time[a]! - time[b]!;
      return dt !== 0 ? s * dt : s * (ids[a]! - ids[b]!);
    };
  }
  return (a, b) => {
    const ka = key[a]!;
    const kb = key[b]!;
    if (ka !== kb) {
      if (ka !== ka) return kb !== kb ? tie(a, b) : 1;
      if (kb !== kb) return -1;
      return ka < kb ? -s : s;
    }
    return tie(a, b);
  };
  function tie(a: number, b: number): number {
    const dt = time[a]! - time[b]!;
    return dt !== 0 ? s * dt : s * (ids[a]! - ids[b]!);
  }
}

/** True when row i comes after the cursor in the order. */
function afterCursor(o: RowOrder, c: RowCursor): (i: number) => boolean {
  const { key, time, ids } = o;
  const s = o.dir === 'asc' ? 1 : -1;
  const rest = (i: number) => {
    const dt = time[i]! - c.time;
    return dt !== 0 ? s * dt > 0 : s * (ids[i]! - c.id) > 0;
  };
  if (!key) return rest;
  const ck = c.key;
  if (ck !== ck) return (i) => key[i] !== key[i] && rest(i);
  return (i) => {
    const k = key[i]!;
    if (k !== k) return true;
    if (k !== ck) return s * (k - ck) > 0;
    return rest(i);
  };
}

export function sortedPage(
  o: RowOrder,
  mask: Uint8Array | null,
  n: number,
  limit: number,
  offset: number,
  after?: RowCursor,
): { rows: number[]; total: number } {
  const total = countMask(mask, n);
  if (limit <= 0 || total === 0) return { rows: [], total };
  const keep = after ? afterCursor(o, after) : null;
  const rows = new Int32Array(total);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (mask && mask[i] === 0) continue;
    if (keep && !keep(i)) continue;
    rows[m++] = i;
  }
  if (offset >= m) return { rows: [], total };
  const end = Math.min(m, offset + limit);
  const cmp = comparator(o);
  let page: number[];
  if (end <= HEAP_ROWS) {
    page = smallest(rows, m, end, cmp).slice(offset);
  } else if (m - offset <= HEAP_ROWS) {
    // The last rows: the smallest of the reversed order, turned back.
    const last = smallest(rows, m, m - offset, (a, b) => cmp(b, a)).reverse();
    page = last.slice(0, end - offset);
  } else {
    select(rows, 0, m - 1, offset, cmp);
    select(rows, offset, m - 1, end - 1, cmp);
    page = Array.from(rows.subarray(offset, end)).sort(cmp);
  }
  return { rows: page, total };
}

/** The first `k` of rows[0..m) in the order of `cmp`, sorted: a heap whose top is the last kept. */
function smallest(rows: Int32Array, m: number, k: number, cmp: (a: number, b: number) => number): number[] {
  const heap = new Int32Array(k);
  let size = 0;
  const down = (from: number) => {
    let at = from;
    for (;;) {
      const l = 2 * at + 1;
      if (l >= size) return;
      const r = l + 1;
      const child = r < size && cmp(heap[r]!, heap[l]!) > 0 ? r : l;
      if (cmp(heap[child]!, heap[at]!) <= 0) return;
      const t = heap[at]!;
      heap[at] = heap[child]!;
      heap[child] = t;
      at = child;
    }
  };
  const up = (from: number) => {
    let at = from;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (cmp(heap[at]!, heap[parent]!) <= 0) return;
      const t = heap[at]!;
      heap[at] = heap[parent]!;
      heap[parent] = t;
      at = parent;
    }
  };
  for (let j = 0; j < m; j++) {
    const i = rows[j]!;
    if (size < k) {
      heap[size] = i;
      up(size++);
    } else if (cmp(i, heap[0]!) < 0) {
      heap[0] = i;
      down(0);
    }
  }
  return Array.from(heap.subarray(0, size)).sort(cmp);
}

/** Rearranges rows[lo..hi] so rows[k] is the row the order puts there, none after it before it, none before it after. */
function select(rows: Int32Array, lo: number, hi: number, k: number, cmp: (a: number, b: number) => number): void {
  while (hi > lo) {
    // Median of three as the pivot: rows mostly arrive in time order, where a fixed pivot is the worst.
    const mid = (lo + hi) >>> 1;
    if (cmp(rows[mid]!, rows[lo]!) < 0) swap(rows, mid, lo);
    if (cmp(rows[hi]!, rows[lo]!) < 0) swap(rows, hi, lo);
    if (cmp(rows[hi]!, rows[mid]!) < 0) swap(rows, hi, mid);
    const pivot = rows[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (cmp(rows[i]!, pivot) < 0) i++;
      while (cmp(rows[j]!, pivot) > 0) j--;
      if (i <= j) swap(rows, i++, j--);
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(rows: Int32Array, a: number, b: number): void {
  const t = rows[a]!;
  rows[a] = rows[b]!;
  rows[b] = t;
}
