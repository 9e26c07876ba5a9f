// Grouping by cells: when every key is a small number already (a code, a strings ref, a time
// bucket's index), the keys mix into one cell number per row (mixed radix) in a pass per key,
// with no renumbering. Two uses:
//   - countCells, the commonest aggregates (facets, histograms): counts and errors only, keys
//     taken as they are (a facet's cells are its refs), up to 2M cells of Int32 counters;
//   - layCells for the general path (metrics.ts) when the keys' distinct values multiply to few
//     cells (per route and method: ~100); refs are first numbered among the column's distinct
//     refs (RefColumn.dense), so the cells stay few.
import type { GroupField } from '../../../../../shared/fields.js';
import { ERROR_STATUS_FROM, statusClass } from '../../../../../shared/fields.js';
import type { AggregateSpec } from '../../port.js';
import { groupColumn, isCodeName } from './catalog.js';
import type { Codes } from './columns.js';
import type { RawKey } from './display.js';
import type { ColumnTable } from './table.js';
import type { Scratch } from './scratch.js';
import { NotColumnarError } from './errors.js';

/** Cells counted in one array: 2M Int32 counters (8 MB), enough for a facet of 2M values. */
const COUNT_CELLS = 1 << 21;

export interface Grouping {
  groups: number;
  /** One per metric; NaN where SQL gives NULL. */
  values: Float64Array[];
  /** The bucket of group k, when the spec has buckets. */
  bucketOf: ((k: number) => number) | null;
  rawKeys(k: number): RawKey[];
}

interface Digit {
  card: number;
  codes: Codes | Int32Array | null;
  /** Maps codes on (status to class, a ref to its dense number), when set. */
  map?: Int32Array;
  raw(digit: number): RawKey;
}

function digitOf(table: ColumnTable, field: GroupField, compact: boolean): Digit {
  const name = groupColumn(field);
  if (!isCodeName(name)) {
    const col = table.ref(name);
    if (!compact) return { card: col.maxRef + 1, codes: col.data, raw: (d) => (d === 0 ? null : d) };
    const refs = col.distinct();
    return { card: refs.length + 1, codes: col.data, map: col.dense(), raw: (d) => (d === 0 ? null : refs[d - 1]!) };
  }
  const col = table.code(name);
  if (field !== 'status_class') return { card: col.values.length + 1, codes: col.codes, raw: (d) => (d === 0 ? null : col.values[d - 1]!) };
  const map = new Int32Array(col.values.length + 1);
  col.values.forEach((v, i) => {
    if (typeof v !== 'number') throw new NotColumnarError('A status is stored as text; only SQL groups it.');
    const cls = statusClass(v);
    map[i + 1] = cls === null ? 0 : Number(cls[0]);
  });
  return { card: 6, codes: col.codes, map, raw: (d) => (d === 0 ? null : `${d}xx`) };
}

/** The matched rows' first and last time (time-span.ts matchedSpan), when the caller can read it off the time order. */
export type SpanOf = () => { first: number; last: number } | null;

export interface CellLayout {
  /** Cell of each matched row. */
  key: Int32Array;
  cells: number;
  rawKeys(cell: number): RawKey[];
  bucketOf: ((cell: number) => number) | null;
}

/**
 * The cell of each of `rows`, or null when the cells would pass `limit` (or times before 1970
 * need SQL's truncating %: the general path follows it there). Keys with buckets need rows.
 */
export function layCells(table: ColumnTable, scratch: Scratch, rows: Int32Array, spec: AggregateSpec, compact: boolean, limit: number, spanOf?: SpanOf): CellLayout | null {
  const m = rows.length;
  const bucketMs = spec.bucketMs === undefined ? undefined : Math.trunc(spec.bucketMs);
  const key = scratch.int32('cell', m);
  let cells = 1;
  let lo = 0;
  if (bucketMs !== undefined) {
    const col = table.float('time');
    if (col.mixed) throw new NotColumnarError('A time is stored as text; only SQL buckets it.');
    const time = col.data;
    // Off the time order when the caller has it (two short walks), else a pass over the matches.
    let { first, last } = spanOf?.() ?? { first: Infinity, last: -Infinity };
    if (!spanOf) {
      for (let j = 0; j < m; j++) {
        const t = time[rows[j]!]!;
        if (t < first) first = t;
        if (t > last) last = t;
      }
    }
    if (first < 0) return null;
    if (m > 0) {
      lo = first - (first % bucketMs);
      cells = (last - (last % bucketMs) - lo) / bucketMs + 1;
      if (cells > limit) return null;
    }
  }
  const digits = (spec.groupBy ?? []).map((f) => digitOf(table, f, compact));
  for (const d of digits) {
    cells *= d.card;
    if (cells > limit) return null;
  }
  // From 0 up, t - t % b is b × floor(t / b): exact while the time range is below 2^53 ms.
  // Buckets by one field (a histogram stacked by class or kind): bucket and digit in one pass.
  const only = digits.length === 1 ? digits[0]! : null;
  let fused = false;
  if (bucketMs !== undefined) {
    const time = table.float('time').data;
    if (only?.codes) {
      const { card, codes, map } = only;
      if (map) for (let j = 0; j < m; j++) key[j] = Math.floor((time[rows[j]!]! - lo) / bucketMs) * card + map[codes[rows[j]!]!]!;
      else for (let j = 0; j < m; j++) key[j] = Math.floor((time[rows[j]!]! - lo) / bucketMs) * card + codes[rows[j]!]!;
      fused = true;
    } else for (let j = 0; j < m; j++) key[j] = Math.floor((time[rows[j]!]! - lo) / bucketMs);
  }
  // Without buckets the first field's digit is written, not added: no pass to clear the keys.
  let first = bucketMs === undefined;
  if (first && digits.length === 0) key.fill(0);
  for (const { card, codes, map } of fused ? [] : digits) {
    if (first) {
      if (!codes) key.fill(0);
      else if (map) for (let j = 0; j < m; j++) key[j] = map[codes[rows[j]!]!]!;
      else for (let j = 0; j < m; j++) key[j] = codes[rows[j]!]!;
      first = false;
    } else if (!codes) for (let j = 0; j < m; j++) key[j] = key[j]! * card;
    else if (map) for (let j = 0; j < m; j++) key[j] = key[j]! * card + map[codes[rows[j]!]!]!;
    else for (let j = 0; j < m; j++) key[j] = key[j]! * card + codes[rows[j]!]!;
  }
  /** A cell's digits: the bucket's first, then one per field. */
  const split = (cell: number): number[] => {
    const out = new Array<number>(digits.length);
    let rest = cell;
    for (let f = digits.length - 1; f >= 0; f--) {
      out[f] = rest % digits[f]!.card;
      rest = Math.floor(rest / digits[f]!.card);
    }
    return [rest, ...out];
  };
  return {
    key,
    cells,
    rawKeys: (cell) => split(cell).slice(1).map((d, f) => digits[f]!.raw(d)),
    bucketOf: bucketMs === undefined ? null : (cell) => lo + split(cell)[0]! * bucketMs,
  };
}

/** Counts and errors by cell, or null when the spec needs the general path. */
export function countCells(table: ColumnTable, scratch: Scratch, mask: Uint8Array | null, spec: AggregateSpec, spanOf?: SpanOf): Grouping | null {
  const groupBy = spec.groupBy ?? [];
  if (groupBy.length === 0 && spec.bucketMs === undefined) return null;
  if (spec.metrics.some((m) => m.op !== 'count' && m.op !== 'errors')) return null;
  // Only the matching rows are looked at: a selective filter leaves little to count.
  const rows = scratch.matchedRows(mask, table.n);
  const m = rows.length;
  let counts: Int32Array;
  let cellOf: (j: number) => number;
  let layout: Pick<CellLayout, 'rawKeys' | 'bucketOf'>;
  const only = groupBy.length === 1 && spec.bucketMs === undefined ? digitOf(table, groupBy[0]!, false) : null;
  if (only && !only.map && only.card <= COUNT_CELLS) {
    // One field, no buckets (a facet): its codes are the cells.
    const codes = only.codes;
    counts = scratch.int32('cell counts', only.card).fill(0);
    if (codes) for (let j = 0; j < m; j++) counts[codes[rows[j]!]!]!++;
    else counts[0] = m;
    cellOf = codes ? (j) => codes[rows[j]!]! : () => 0;
    layout = { rawKeys: (cell) => [only.raw(cell)], bucketOf: null };
  } else {
    const lay = layCells(table, scratch, rows, spec, false, COUNT_CELLS, spanOf);
    if (!lay) return null;
    const key = lay.key;
    counts = scratch.int32('cell counts', lay.cells).fill(0);
    for (let j = 0; j < m; j++) counts[key[j]!]!++;
    cellOf = (j) => key[j]!;
    layout = lay;
  }
  let errors: Int32Array | null = null;
  if (spec.metrics.some((x) => x.op === 'errors')) {
    const status = table.code('status');
    if (!status.numeric()) throw new NotColumnarError('A status is stored as text; only SQL compares it.');
    const isError = Uint8Array.from([0, ...(status.values as number[]).map((v) => (v >= ERROR_STATUS_FROM ? 1 : 0))]);
    const codes = status.codes;
    errors = scratch.int32('cell errors', counts.length).fill(0);
    for (let j = 0; j < m; j++) if (isError[codes[rows[j]!]!]) errors[cellOf(j)]!++;
  }
  return groupingOf(counts, errors, spec, layout);
}

/** The groups of the cells some row fell in, with their counts (and errors). */
function groupingOf(counts: Int32Array, errors: Int32Array | null, spec: AggregateSpec, layout: Pick<CellLayout, 'rawKeys' | 'bucketOf'>): Grouping {
  const used: number[] = [];
  for (let c = 0; c < counts.length; c++) if (counts[c] !== 0) used.push(c);
  const values = spec.metrics.map((x) => {
    const from = x.op === 'count' ? counts : errors!;
    const v = new Float64Array(used.length);
    for (let u = 0; u < used.length; u++) v[u] = from[used[u]!]!;
    return v;
  });
  return {
    groups: used.length,
    values,
    bucketOf: layout.bucketOf ? (k) => layout.bucketOf!(used[k]!) : null,
    rawKeys: (k) => layout.rawKeys(used[k]!),
  };
}

/** A count by one field whose codes are its cells (a facet): what countFields takes. */
function isFieldCount(spec: AggregateSpec): boolean {
  return spec.groupBy?.length === 1 && spec.bucketMs === undefined && spec.metrics.every((m) => m.op === 'count');
}

/** Fields counted in one walk of the matches: their increments are independent, so the CPU overlaps them. */
const FIELDS_A_PASS = 3;

/**
 * countCells for several specs over the same matches: each count by one field (a facet) is
 * counted in walks shared by FIELDS_A_PASS fields. One walk counting three fields took about as
 * long as one counting one (a row's increments to one field's few counters wait on each other):
 * the sidebar's nine facets over 633k of a million rows went from 23 to 14 ms. Null for a spec it
 * leaves to countCells.
 */
export function countFields(table: ColumnTable, scratch: Scratch, mask: Uint8Array | null, specs: readonly AggregateSpec[]): (Grouping | null)[] {
  const out: (Grouping | null)[] = specs.map(() => null);
  const taken: { at: number; digit: Digit & { codes: Codes | Int32Array }; counts: Int32Array }[] = [];
  specs.forEach((spec, at) => {
    if (!isFieldCount(spec)) return;
    const digit = digitOf(table, spec.groupBy![0]!, false);
    if (digit.map || !digit.codes || digit.card > COUNT_CELLS) return;
    taken.push({ at, digit: { ...digit, codes: digit.codes }, counts: scratch.int32(`field counts ${taken.length}`, digit.card).fill(0) });
  });
  if (taken.length === 0) return out;
  const rows = scratch.matchedRows(mask, table.n);
  const m = rows.length;
  for (let f = 0; f < taken.length; f += FIELDS_A_PASS) {
    const [a, b, c] = taken.slice(f, f + FIELDS_A_PASS);
    if (a && b && c) {
      const [ca, cb, cc, da, db, dc] = [a.counts, b.counts, c.counts, a.digit.codes, b.digit.codes, c.digit.codes];
      for (let j = 0; j < m; j++) {
        const r = rows[j]!;
        ca[da[r]!]!++;
        cb[db[r]!]!++;
        cc[dc[r]!]!++;
      }
    } else if (a && b) {
      const [ca, cb, da, db] = [a.counts, b.counts, a.digit.codes, b.digit.codes];
      for (let j = 0; j < m; j++) {
        const r = rows[j]!;
        ca[da[r]!]!++;
        cb[db[r]!]!++;
      }
    } else if (a) {
      const [ca, da] = [a.counts, a.digit.codes];
      for (let j = 0; j < m; j++) ca[da[rows[j]!]!]!++;
    }
  }
  for (const { at, digit, counts } of taken) out[at] = groupingOf(counts, null, specs[at]!, { rawKeys: (cell) => [digit.raw(cell)], bucketOf: null });
  return out;
}
