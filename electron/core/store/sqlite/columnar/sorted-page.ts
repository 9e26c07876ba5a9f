// A search page in any sort: rows [offset, offset + limit) of the matching rows ordered by
// (key, time, id), all in one direction, rows without a key last in both directions. It walks
// the field's order of every row (sort-order.ts) from the cursor's place (a binary search) or
// from the start, skipping rows the filter does not match: a page a million rows down costs one
// pass over the match mask's bytes, no comparisons. A search that matches few rows would walk
// the whole order to fill its first page: its matches are put in order by their places instead.
import type { SortDir } from '../../../../../shared/sort.js';
import type { FieldOrder } from './sort-order.js';
import { countMask } from './count-mask.js';

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

/**
 * `matched`: the rows the mask keeps, ascending (Scratch.matchedRows); given, a page of few
 * matches takes them in order by their places rather than walking the order.
 */
export function sortedPage(
  o: RowOrder,
  order: FieldOrder,
  mask: Uint8Array | null,
  n: number,
  limit: number,
  offset: number,
  after?: RowCursor,
  matched?: () => Int32Array,
): { rows: number[]; total: number } {
  const total = countMask(mask, n);
  if (limit <= 0 || total === 0) return { rows: [], total };
  // The walk would pass about (offset + limit) / (total / n) rows: most of the order when the
  // matches are few. Sorting their places costs a few thousand steps at most.
  if (mask && matched && !after && (offset + limit) * FEW > total) return { rows: fewInOrder(order, matched(), o.dir, limit, offset), total };
  const { rows, keyed } = order;
  // Position j of the requested order -> row: descending reads each run backwards.
  const at = o.dir === 'asc' ? (j: number) => rows[j]! : (j: number) => (j < keyed ? rows[keyed - 1 - j]! : rows[n - 1 - (j - keyed)]!);
  let j = 0;
  if (after) {
    // Rows after the cursor are a suffix of the order: find where it starts.
    const past = afterCursor(o, after);
    let hi = n;
    while (j < hi) {
      const mid = (j + hi) >>> 1;
      if (past(at(mid))) hi = mid;
      else j = mid + 1;
    }
  }
  const out: number[] = [];
  if (!mask) {
    for (j += offset; j < n && out.length < limit; j++) out.push(at(j));
    return { rows: out, total };
  }
  // The walk reads `rows` directly, run by run (descending: each run backwards), without `at`:
  // a page deep in a filtered sort passes most of a million rows.
  const runs: [from: number, to: number, step: 1 | -1][] = o.dir === 'asc' ? [[0, n, 1]] : [[keyed - 1, -1, -1], [n - 1, keyed - 1, -1]];
  let skip = offset;
  for (const [from, to, step] of runs) {
    const length = (to - from) * step;
    if (j >= length) {
      j -= length;
      continue;
    }
    for (let p = from + j * step; p !== to && out.length < limit; p += step) {
      const i = rows[p]!;
      if (mask[i] === 0) continue;
      if (skip > 0) skip--;
      else out.push(i);
    }
    j = 0;
    if (out.length >= limit) break;
  }
  return { rows: out, total };
}

/** A page is cut from the matches' places when they are fewer than this many times the rows it reaches. */
const FEW = 8;

/** Each order's place of every row (the inverse of its rows), made the first time few matches are paged in it. */
const placesKept = new WeakMap<Int32Array, Int32Array>();

function placesOf(rows: Int32Array): Int32Array {
  let places = placesKept.get(rows);
  if (!places) {
    places = new Int32Array(rows.length);
    for (let p = 0; p < rows.length; p++) places[rows[p]!] = p;
    placesKept.set(rows, places);
  }
  return places;
}

/** Rows [offset, offset + limit) of `matched` in the order: their places sorted, read as the walk would. */
function fewInOrder(order: FieldOrder, matched: Int32Array, dir: SortDir, limit: number, offset: number): number[] {
  const places = placesOf(order.rows);
  const at = new Int32Array(matched.length);
  for (let k = 0; k < matched.length; k++) at[k] = places[matched[k]!]!;
  at.sort();
  const m = at.length;
  // Descending reads each run backwards: the keyed places first, then those without a key.
  let cut = 0;
  while (cut < m && at[cut]! < order.keyed) cut++;
  const out: number[] = [];
  for (let x = offset; x < m && out.length < limit; x++) {
    const p = dir === 'asc' ? at[x]! : x < cut ? at[cut - 1 - x]! : at[m - 1 - (x - cut)]!;
    out.push(order.rows[p]!);
  }
  return out;
}
