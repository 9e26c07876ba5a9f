// The metrics of each group, as aggregate-sql.ts computes them in SQL: count(*); errors as
// sum(status >= ERROR_STATUS_FROM); count(DISTINCT key); sum/avg/min/max over the values present;
// exact nearest-rank percentiles. One Float64Array per metric, NaN where SQL gives NULL.
import { ERROR_STATUS_FROM, type GroupField, type MeasureField } from '../../../../../shared/fields.js';
import type { Metric } from '../../port.js';
import { measureColumn } from './catalog.js';
import { fieldDimension } from './group-keys.js';
import { percentilesOf } from './select.js';
import type { ColumnTable } from './table.js';
import type { Scratch } from './scratch.js';
import type { Codes } from './columns.js';
import { NotColumnarError } from './errors.js';

export interface Grouped {
  /** Matched row positions. */
  rows: Int32Array;
  /** Group of each matched row. */
  gid: Int32Array;
  groups: number;
}

const PERCENTILE: Record<string, number> = { p50: 0.5, p95: 0.95, p99: 0.99 };

function numericStatus(table: ColumnTable): number[] {
  const col = table.code('status');
  if (!col.numeric()) throw new NotColumnarError('A status is stored as text; only SQL compares it.');
  return col.values as number[];
}

/** The measure of each matched row (NaN where missing). */
function measureOf(table: ColumnTable, field: MeasureField, rows: Int32Array, scratch: Scratch): Float64Array {
  const out = scratch.float64(`measure ${field}`, rows.length);
  const name = measureColumn(field);
  if (name === 'status') {
    const byCode = Float64Array.from([NaN, ...numericStatus(table)]);
    const codes = table.code('status').codes;
    for (let j = 0; j < rows.length; j++) out[j] = byCode[codes[rows[j]!]!]!;
    return out;
  }
  const col = table.float(name);
  if (col.mixed) throw new NotColumnarError(`${field} holds text; only SQL measures it.`);
  const data = col.data;
  for (let j = 0; j < rows.length; j++) out[j] = data[rows[j]!]!;
  return out;
}

/** Where each group's rows start when laid out group after group (start[groups] = total). */
function starts(gid: Int32Array, groups: number): Int32Array {
  const start = new Int32Array(groups + 1);
  for (let j = 0; j < gid.length; j++) start[gid[j]! + 1]!++;
  for (let k = 0; k < groups; k++) start[k + 1]! += start[k]!;
  return start;
}

export function computeMetrics(table: ColumnTable, g: Grouped, metrics: readonly Metric[], scratch: Scratch): Float64Array[] {
  const measures = new Map<MeasureField, Float64Array>();
  const measure = (field: MeasureField) => {
    let m = measures.get(field);
    if (!m) measures.set(field, (m = measureOf(table, field, g.rows, scratch)));
    return m;
  };
  const out: Float64Array[] = metrics.map(() => new Float64Array(g.groups));
  // Rows per group (and errors, when asked) in one pass: the count metric and the percentiles'
  // layout both use the counts.
  const errorsAt = metrics.findIndex((m) => m.op === 'errors');
  const counts = groupCounts(table, g, errorsAt >= 0 ? out[errorsAt]! : null);
  // Percentiles of one field share one layout and one pass of selections.
  const percentileFields = new Map<MeasureField, number[]>();
  metrics.forEach((m, i) => {
    const res = out[i]!;
    switch (m.op) {
      case 'count':
        res.set(counts);
        return;
      case 'errors':
        if (i !== errorsAt) res.set(out[errorsAt]!);
        return;
      case 'distinct':
        distinct(table, g, m.field, res, scratch);
        return;
      case 'p50':
      case 'p95':
      case 'p99': {
        const list = percentileFields.get(m.field) ?? [];
        list.push(i);
        percentileFields.set(m.field, list);
        return;
      }
      case 'sum':
      case 'avg':
        sums(g, measure(m.field), m.op, res);
        return;
      case 'min':
      case 'max':
        extremes(g, measure(m.field), m.op, res);
        return;
      default:
        throw new RangeError(`Unknown metric ${JSON.stringify(m)}.`);
    }
  });
  for (const [field, at] of percentileFields) {
    const { values, start, end, leastPositive, most } = layOut(table, g, field, counts, scratch);
    const ps = at.map((i) => PERCENTILE[metrics[i]!.op]!);
    for (let k = 0; k < g.groups; k++) {
      const lo = start[k]!;
      const hi = end[k]!;
      const found = hi > lo ? percentilesOf(values, lo, hi, ps, { leastPositive: leastPositive[k]!, most: most[k]! }) : ps.map(() => NaN);
      at.forEach((i, x) => (out[i]![k] = found[x]!));
    }
  }
  return out;
}

/** Rows per group; with `errors`, also adds up there the rows whose status is an error. */
function groupCounts(table: ColumnTable, g: Grouped, errors: Float64Array | null): Int32Array {
  const { gid, rows, groups } = g;
  const counts = new Int32Array(groups);
  if (errors && groups === 1) {
    const isError = Uint8Array.from([0, ...numericStatus(table).map((v) => (v >= ERROR_STATUS_FROM ? 1 : 0))]);
    const codes = table.code('status').codes;
    let n = 0;
    for (let j = 0; j < rows.length; j++) n += isError[codes[rows[j]!]!]!;
    counts[0] = rows.length;
    errors[0] = n;
  } else if (errors) {
    const isError = Uint8Array.from([0, ...numericStatus(table).map((v) => (v >= ERROR_STATUS_FROM ? 1 : 0))]);
    const codes = table.code('status').codes;
    for (let j = 0; j < rows.length; j++) {
      const k = gid[j]!;
      counts[k]!++;
      errors[k]! += isError[codes[rows[j]!]!]!;
    }
  } else if (groups === 1) {
    counts[0] = gid.length;
  } else {
    for (let j = 0; j < gid.length; j++) counts[gid[j]!]!++;
  }
  return counts;
}

interface LaidOut {
  values: Float64Array;
  /** Group k's values are values[start[k]..end[k]). */
  start: Int32Array;
  end: Int32Array;
  /** Per group, the smallest value above 0 and the largest: what percentilesOf can use. */
  leastPositive: Float64Array;
  most: Float64Array;
}

/**
 * The measure's values present, laid out group after group in room for each group's rows
 * (`counts`), in one pass read straight from the column.
 */
function layOut(table: ColumnTable, g: Grouped, field: MeasureField, counts: Int32Array, scratch: Scratch): LaidOut {
  const { rows, gid, groups } = g;
  const name = measureColumn(field);
  let data: Float64Array;
  let codes: Codes | null = null;
  if (name === 'status') {
    data = Float64Array.from([NaN, ...numericStatus(table)]);
    codes = table.code('status').codes;
  } else {
    const col = table.float(name);
    if (col.mixed) throw new NotColumnarError(`${field} holds text; only SQL measures it.`);
    data = col.data;
  }
  const leastPositive = new Float64Array(groups).fill(Infinity);
  const most = new Float64Array(groups).fill(-Infinity);
  const start = new Int32Array(groups);
  for (let k = 1; k < groups; k++) start[k] = start[k - 1]! + counts[k - 1]!;
  const values = scratch.float64('laid', rows.length);
  const end = start.slice();
  if (groups === 1) {
    // One group (no keys): the same with the group's figures kept in locals.
    let at = 0;
    let least = Infinity;
    let top = -Infinity;
    for (let j = 0; j < rows.length; j++) {
      const v = codes ? data[codes[rows[j]!]!]! : data[rows[j]!]!;
      if (v !== v) continue;
      values[at++] = v;
      if (v > 0 && v < least) least = v;
      if (v > top) top = v;
    }
    end[0] = at;
    leastPositive[0] = least;
    most[0] = top;
    return { values, start, end, leastPositive, most };
  }
  for (let j = 0; j < rows.length; j++) {
    const v = codes ? data[codes[rows[j]!]!]! : data[rows[j]!]!;
    if (v !== v) continue;
    const k = gid[j]!;
    values[end[k]!++] = v;
    if (v > 0 && v < leastPositive[k]!) leastPositive[k] = v;
    if (v > most[k]!) most[k] = v;
  }
  return { values, start, end, leastPositive, most };
}

function distinct(table: ColumnTable, g: Grouped, field: GroupField, res: Float64Array, scratch: Scratch): void {
  const dim = fieldDimension(table, field, g.rows, scratch, 'distinct');
  if (g.groups === 1) {
    const seen = new Uint8Array(dim.card);
    for (let j = 0; j < dim.codes.length; j++) seen[dim.codes[j]!] = 1;
    let count = 0;
    for (let c = 1; c < seen.length; c++) count += seen[c]!;
    res[0] = count;
    return;
  }
  // Rows laid out group after group, then codes counted with a stamp per code: no sort, no set.
  const start = starts(g.gid, g.groups);
  const order = scratch.int32('order', g.rows.length);
  const fill = start.slice(0, g.groups);
  for (let j = 0; j < g.rows.length; j++) order[fill[g.gid[j]!]!++] = j;
  const stamp = new Int32Array(dim.card).fill(-1);
  for (let k = 0; k < g.groups; k++) {
    let count = 0;
    for (let x = start[k]!; x < start[k + 1]!; x++) {
      const c = dim.codes[order[x]!]!;
      if (c !== 0 && stamp[c] !== k) {
        stamp[c] = k;
        count++;
      }
    }
    res[k] = count;
  }
}

/**
 * sum or avg of the values present; NULL (NaN) for a group without any. Compensated
 * (Kahan-Babuska-Neumaier, as SQLite's sum() is since 3.43), so the total does not drift with
 * the order rows are met in; whole numbers sum exactly.
 */
function sums(g: Grouped, values: Float64Array, op: 'sum' | 'avg', res: Float64Array): void {
  const n = new Float64Array(g.groups);
  const comp = new Float64Array(g.groups);
  for (let j = 0; j < values.length; j++) {
    const v = values[j]!;
    if (v !== v) continue;
    const k = g.gid[j]!;
    const s = res[k]!;
    const t = s + v;
    comp[k]! += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    res[k] = t;
    n[k]!++;
  }
  for (let k = 0; k < g.groups; k++) res[k] = n[k] === 0 ? NaN : op === 'avg' ? (res[k]! + comp[k]!) / n[k]! : res[k]! + comp[k]!;
}

function extremes(g: Grouped, values: Float64Array, op: 'min' | 'max', res: Float64Array): void {
  res.fill(NaN);
  for (let j = 0; j < values.length; j++) {
    const v = values[j]!;
    if (v !== v) continue;
    const k = g.gid[j]!;
    const cur = res[k]!;
    if (cur !== cur || (op === 'min' ? v < cur : v > cur)) res[k] = v;
  }
}
