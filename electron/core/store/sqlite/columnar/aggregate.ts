// An aggregate over the matched rows: each row's group (cells.ts when the keys' values multiply
// to few cells, else renumbered key by key, group-keys.ts), the metrics per group (metrics.ts;
// counts and errors alone are counted straight into cells), then the port's order and limit
// (aggregate-order.ts, shared with the SQL path). Only groups that can make the cut get their
// keys looked up: with a limit, those whose ordering metric reaches the limit-th largest (ties
// included, since keys break them).
import { GROUP_FIELDS, type GroupField } from '../../../../../shared/fields.js';
import type { AggregateResult, AggregateRow, AggregateSpec } from '../../port.js';
import { orderAndLimit } from '../../aggregate-order.js';
import { groupColumn, measureColumn, type ColumnName } from './catalog.js';
import { bucketDimension, bucketOf, fieldDimension, fold } from './group-keys.js';
import { computeMetrics } from './metrics.js';
import { countCells, countFields, layCells, type Grouping, type SpanOf } from './cells.js';
import { selectKth } from './select.js';
import type { ColumnTable } from './table.js';
import { rawKeysAt, type KeyDisplay } from './display.js';
import type { Scratch } from './scratch.js';
import { NotColumnarError } from './errors.js';

const GROUPABLE = new Set<string>(GROUP_FIELDS);

/** Checks the spec and adds the columns it reads (beyond its filter's). */
export function aggregateColumns(spec: AggregateSpec, out: Set<ColumnName>): void {
  for (const f of spec.groupBy ?? []) {
    if (!GROUPABLE.has(f)) throw new RangeError(`Cannot group by ${String(f)}.`);
    out.add(groupColumn(f));
  }
  if (spec.bucketMs !== undefined) {
    if (!Number.isFinite(spec.bucketMs) || Math.trunc(spec.bucketMs) < 1) throw new RangeError(`A time bucket must be at least 1 ms, not ${spec.bucketMs}.`);
    out.add('time');
  }
  if (spec.metrics.length === 0) throw new RangeError('An aggregate needs at least one metric.');
  for (const m of spec.metrics) {
    if (m.op === 'count') continue;
    if (m.op === 'errors') out.add('status');
    else if (m.op === 'distinct') {
      if (!GROUPABLE.has(m.field)) throw new RangeError(`Cannot count distinct ${String(m.field)}.`);
      out.add(groupColumn(m.field));
    } else out.add(measureColumn(m.field));
  }
  const by = spec.orderBy ?? 0;
  if (!Number.isInteger(by) || by < 0 || by >= spec.metrics.length) throw new RangeError(`orderBy ${by} names no metric.`);
}

export function aggregate(table: ColumnTable, display: KeyDisplay, scratch: Scratch, mask: Uint8Array | null, spec: AggregateSpec, spanOf?: SpanOf): AggregateResult {
  return resultOf(display, spec, countCells(table, scratch, mask, spec, spanOf) ?? groupRows(table, scratch, mask, spec, spanOf));
}

/** aggregate for each of `specs`, all over the rows of one mask: counts by one field share their walks (countFields). */
export function aggregateEach(table: ColumnTable, display: KeyDisplay, scratch: Scratch, mask: Uint8Array | null, specs: readonly AggregateSpec[]): AggregateResult[] {
  const together = countFields(table, scratch, mask, specs);
  return specs.map((spec, i) => together[i] ? resultOf(display, spec, together[i]) : aggregate(table, display, scratch, mask, spec));
}

/** The rows the port gives for a grouping: the groups that make the cut, with their keys shown. */
function resultOf(display: KeyDisplay, spec: AggregateSpec, g: Grouping): AggregateResult {
  const kept = candidates(g.groups, g.values[spec.orderBy ?? 0]!, spec.limit, g.bucketOf);
  const keys = display.show(spec.groupBy ?? [], kept.map((k) => g.rawKeys(k)));
  const out: AggregateRow[] = kept.map((k, x) => {
    const row: AggregateRow = { keys: keys[x]!, values: g.values.map((v) => (Number.isNaN(v[k]!) ? null : v[k]!)) };
    if (g.bucketOf) row.bucket = g.bucketOf(k);
    return row;
  });
  return { rows: orderAndLimit(out, spec), approximate: false };
}

/** Cells for the general path: keys whose distinct values multiply to at most this many. */
const DENSE_CELLS = 1 << 16;

/** The general path: group numbers per matched row, then any metric. */
function groupRows(table: ColumnTable, scratch: Scratch, mask: Uint8Array | null, spec: AggregateSpec, spanOf?: SpanOf): Grouping {
  const rows = scratch.matchedRows(mask, table.n);
  const groupBy: readonly GroupField[] = spec.groupBy ?? [];
  const lay = layCells(table, scratch, rows, spec, true, DENSE_CELLS, spanOf);
  if (lay) {
    const values = computeMetrics(table, { rows, gid: lay.key, groups: lay.cells }, spec.metrics, scratch);
    // Cells no row fell in are no groups (but without keys the one row stays, as in SQL).
    const filled = new Uint8Array(lay.cells);
    for (let j = 0; j < rows.length; j++) filled[lay.key[j]!] = 1;
    const keep: number[] = [];
    for (let c = 0; c < lay.cells; c++) if (filled[c] || (groupBy.length === 0 && spec.bucketMs === undefined)) keep.push(c);
    return {
      groups: keep.length,
      values: values.map((v) => Float64Array.from(keep, (c) => v[c]!)),
      bucketOf: lay.bucketOf ? (k) => lay.bucketOf!(keep[k]!) : null,
      rawKeys: (k) => lay.rawKeys(keep[k]!),
    };
  }
  const bucketMs = spec.bucketMs === undefined ? undefined : Math.trunc(spec.bucketMs);
  const gid = scratch.int32('gid', rows.length).fill(0);
  // Without keys, SQL's aggregate gives one row even over no events (count 0).
  let groups = bucketMs === undefined && groupBy.length === 0 ? 1 : rows.length > 0 ? 1 : 0;
  let time: Float64Array | undefined;
  if (bucketMs !== undefined) {
    const col = table.float('time');
    if (col.mixed) throw new NotColumnarError('A time is stored as text; only SQL buckets it.');
    time = col.data;
    groups = fold(gid, groups, bucketDimension(time, rows, bucketMs, scratch), scratch);
  }
  for (const f of groupBy) groups = fold(gid, groups, fieldDimension(table, f, rows, scratch, 'dimension'), scratch);
  const values = computeMetrics(table, { rows, gid, groups }, spec.metrics, scratch);
  // Each group's first row stands for it: its keys are the group's keys.
  const rep = new Int32Array(groups).fill(-1);
  for (let j = 0; j < rows.length; j++) if (rep[gid[j]!] === -1) rep[gid[j]!] = rows[j]!;
  return {
    groups,
    values,
    bucketOf: time && bucketMs !== undefined ? (k) => bucketOf(time[rep[k]!]!, bucketMs) : null,
    rawKeys: (k) => rawKeysAt(table, groupBy, rep[k]!),
  };
}

/**
 * Groups that can be among the first `limit` (of their bucket): every group whose ordering value
 * is at least the limit-th largest. NULL orders as -Infinity, as in orderAndLimit.
 */
function candidates(groups: number, order: Float64Array, limit: number | undefined, bucketOfGroup: ((k: number) => number) | null): number[] {
  const value = new Float64Array(groups);
  for (let k = 0; k < groups; k++) value[k] = Number.isNaN(order[k]!) ? -Infinity : order[k]!;
  if (limit === undefined || groups <= limit) return Array.from({ length: groups }, (_, k) => k);
  if (limit <= 0) return [];
  if (!bucketOfGroup) {
    const all = new Int32Array(groups);
    for (let k = 0; k < groups; k++) all[k] = k;
    return atLeastLimitth(all, value, limit);
  }
  const lists = new Map<number, number[]>();
  for (let k = 0; k < groups; k++) {
    const b = bucketOfGroup(k);
    let list = lists.get(b);
    if (!list) lists.set(b, (list = []));
    list.push(k);
  }
  const kept: number[] = [];
  for (const list of lists.values()) kept.push(...atLeastLimitth(Int32Array.from(list), value, limit));
  return kept;
}

function atLeastLimitth(list: Int32Array, value: Float64Array, limit: number): number[] {
  if (list.length <= limit) return Array.from(list);
  const vals = new Float64Array(list.length);
  for (let x = 0; x < list.length; x++) vals[x] = value[list[x]!]!;
  const threshold = selectKth(vals, 0, vals.length, vals.length - limit);
  const kept: number[] = [];
  for (let x = 0; x < list.length; x++) if (value[list[x]!]! >= threshold) kept.push(list[x]!);
  return kept;
}
