// Group keys without strings: each grouping dimension (a field, or the time bucket) gives every
// matched row a dense code 0..card-1 (0 for a missing value), and the dimensions fold into one
// group number per row, two at a time: key = group × card + code, numbered densely again after
// each step (through a flat table when it is small enough, else a Map). Every step's keys stay
// below rows² < 2^53, so the fold is exact however many fields there are.
import { statusClass, type GroupField } from '../../../../../shared/fields.js';
import type { CodeColumn, RefColumn } from './columns.js';
import { groupColumn, isCodeName } from './catalog.js';
import type { ColumnTable } from './table.js';
import type { Scratch } from './scratch.js';
import { NotColumnarError } from './errors.js';

export interface Dimension {
  /** Per matched row (a scratch array: use it before asking for the next dimension). */
  codes: Int32Array;
  card: number;
}

/** A flat table of group numbers up to this many entries (16 MB); a Map past it. */
const FLAT_LIMIT = 1 << 22;

/** Dense codes of a dictionary column, numbered in order of first appearance. */
function refDimension(col: RefColumn, rows: Int32Array, codes: Int32Array, scratch: Scratch): Dimension {
  const d = col.data;
  if (!d) return { codes: codes.fill(0), card: 1 };
  const remap = scratch.int32('remap', col.maxRef + 1).fill(0);
  let next = 1;
  for (let j = 0; j < rows.length; j++) {
    const ref = d[rows[j]!]!;
    if (ref === 0) {
      codes[j] = 0;
      continue;
    }
    let c = remap[ref]!;
    if (c === 0) c = remap[ref] = next++;
    codes[j] = c;
  }
  return { codes, card: next };
}

/** A column of few values already holds dense codes; `classes` maps them on (the status class). */
function codeDimension(col: CodeColumn, rows: Int32Array, codes: Int32Array, map?: Int32Array): Dimension {
  const src = col.codes;
  if (map) for (let j = 0; j < rows.length; j++) codes[j] = map[src[rows[j]!]!]!;
  else for (let j = 0; j < rows.length; j++) codes[j] = src[rows[j]!]!;
  return { codes, card: map ? Math.max(...map) + 1 : col.values.length + 1 };
}

/** Status code -> class code 1..5 ('1xx'..'5xx'), 0 where there is no class. */
function statusClassMap(col: CodeColumn): Int32Array {
  const map = new Int32Array(col.values.length + 1);
  col.values.forEach((v, i) => {
    if (typeof v !== 'number') throw new NotColumnarError('A status is stored as text; only SQL groups it.');
    const cls = statusClass(v);
    map[i + 1] = cls === null ? 0 : Number(cls[0]);
  });
  return map;
}

/** Codes of `field` for the matched rows, written into the scratch slot `slot`. */
export function fieldDimension(table: ColumnTable, field: GroupField, rows: Int32Array, scratch: Scratch, slot: string): Dimension {
  const name = groupColumn(field);
  const codes = scratch.int32(slot, rows.length);
  if (!isCodeName(name)) return refDimension(table.ref(name), rows, codes, scratch);
  const col = table.code(name);
  return codeDimension(col, rows, codes, field === 'status_class' ? statusClassMap(col) : undefined);
}

/** The bucket a time falls in: as SQL's `time - time % bucketMs` (truncating, like SQLite's %). */
export const bucketOf = (time: number, bucketMs: number): number => time - (time % bucketMs);

export function bucketDimension(time: Float64Array, rows: Int32Array, bucketMs: number, scratch: Scratch): Dimension {
  const codes = scratch.int32('dimension', rows.length);
  if (rows.length === 0) return { codes, card: 1 };
  let first = Infinity;
  let last = -Infinity;
  for (let j = 0; j < rows.length; j++) {
    const t = time[rows[j]!]!;
    if (t < first) first = t;
    if (t > last) last = t;
  }
  const lo = bucketOf(first, bucketMs);
  const span = (bucketOf(last, bucketMs) - lo) / bucketMs + 1;
  if (first >= 0 && span <= Math.max(FLAT_LIMIT / 4, rows.length)) {
    // From 0 up, t - t % b is b × floor(t / b): one division a row. Exact while the time range
    // is below 2^53 ms, so the quotient's rounding can never reach the next whole number.
    for (let j = 0; j < rows.length; j++) codes[j] = Math.floor((time[rows[j]!]! - lo) / bucketMs);
    return { codes, card: span };
  }
  // Times before 1970 (where % truncates toward zero) or buckets spread far apart (tiny buckets
  // over years): number the buckets that occur.
  const seen = new Map<number, number>();
  for (let j = 0; j < rows.length; j++) {
    const b = bucketOf(time[rows[j]!]!, bucketMs);
    let c = seen.get(b);
    if (c === undefined) seen.set(b, (c = seen.size));
    codes[j] = c;
  }
  return { codes, card: seen.size };
}

/** Folds a dimension into the rows' group numbers (in place); returns the new number of groups. */
export function fold(gid: Int32Array, groups: number, dim: Dimension, scratch: Scratch): number {
  const { codes, card } = dim;
  let next = 0;
  if (groups * card <= FLAT_LIMIT) {
    const flat = scratch.int32('fold', groups * card).fill(0);
    for (let j = 0; j < gid.length; j++) {
      const key = gid[j]! * card + codes[j]!;
      let g = flat[key]!;
      if (g === 0) g = flat[key] = ++next;
      gid[j] = g - 1;
    }
    return next;
  }
  const map = new Map<number, number>();
  for (let j = 0; j < gid.length; j++) {
    const key = gid[j]! * card + codes[j]!;
    let g = map.get(key);
    if (g === undefined) map.set(key, (g = next++));
    gid[j] = g;
  }
  return next;
}
