// Aggregates in one ClickHouse query: group keys, an optional time bucket and the metrics, with
// the port's order and limit applied in SQL to choose the rows and again in JS (aggregate-order.ts)
// so both adapters order ties alike. Percentiles are exact nearest-rank values (as on SQLite):
// quantilesExact at a level a hair below p picks the value of rank ceil(p × n), measured equal to
// aggregate-order.ts nearestRank for every n up to 3000, and fast enough on a million events
// that no sketch is needed, so results are never approximate.
import { z } from 'zod';
import { ERROR_STATUS_FROM, type GroupField, type MeasureField } from '../../../../shared/fields.js';
import { orderAndLimit } from '../aggregate-order.js';
import type { AggregateResult, AggregateRow, AggregateSpec, Metric } from '../port.js';
import type { Connection } from './connection.js';
import { compileFilter } from './filter.js';
import type { ClickHouseSources } from './sources.js';
import type { SqlParams } from './sql-params.js';

/** quantileExact takes the element at floor(level × n); this level makes that ceil(p × n) - 1. */
const LEVEL: Record<'p50' | 'p95' | 'p99', string> = { p50: '0.499999999999', p95: '0.949999999999', p99: '0.989999999999' };

/** A group key: the SQL it is grouped by, how its column `k` sorts (missing last), and its value for the user. */
interface Key {
  expr: string;
  order: (k: string) => string;
  /** What the row shows for the key (default: the key itself). */
  shown?: (k: string) => string;
  value: (v: string | number | null) => string | number | null;
}

/**
 * A missing text, grouped as a byte no UTF-8 text holds: 18.16 groups Nullable strings through
 * a generic hash table (measured 25-40% slower on a million events), and this byte also sorts
 * after every text, where the port puts missing values.
 */
const MISSING = "'\\xFF'";

const nullsLast = (k: string) => `${k} ASC NULLS LAST`;
const text = (v: string | number | null) => (v === null ? null : String(v));

/** The status class as its digit (0 for none): grouping by a number is several times faster than by text. */
const STATUS_CLASS_CODE = 'toUInt8(ifNull(if(status >= 100 AND status <= 599, floor(status / 100), 0), 0))';

function key(field: GroupField, names: Map<number, string>, params: SqlParams): Key {
  switch (field) {
    case 'status_class':
      return { expr: STATUS_CLASS_CODE, order: (k) => `${k} = 0, ${k}`, value: (v) => (v === null || Number(v) === 0 ? null : `${v}xx`) };
    case 'kind':
      // The Enum8 itself (its name comes out); sorted by name, as the text it stands for.
      return { expr: 'kind', order: (k) => `toString(${k})`, value: text };
    case 'source':
      return { expr: sourceNameExpr(names, params), order: nullsLast, value: text };
    case 'status':
      return { expr: 'status', order: nullsLast, value: (v) => (v === null ? null : Number(v)) };
    default:
      return { expr: `ifNull(${field}, ${MISSING})`, order: (k) => k, shown: (k) => `nullIf(${k}, ${MISSING})`, value: text };
  }
}

/** The SQL a distinct count is taken over. */
function distinctExpr(field: GroupField): string {
  switch (field) {
    case 'status_class':
      return `uniqExactIf(${STATUS_CLASS_CODE}, ${STATUS_CLASS_CODE} != 0)`;
    case 'source':
      return 'uniqExact(source_id)';
    default:
      return `ifNull(uniqExact(${field}), 0)`;
  }
}

const MEASURES: Record<MeasureField, string> = { duration_ms: 'duration_ms', req_bytes: 'req_bytes', resp_bytes: 'resp_bytes', status: 'status' };

type Percentile = { op: 'p50' | 'p95' | 'p99'; field: MeasureField };
const isPercentile = (m: Metric): m is Metric & Percentile => m.op === 'p50' || m.op === 'p95' || m.op === 'p99';

function metricExpr(m: Metric, percentileLevels: Map<MeasureField, string[]>): string {
  switch (m.op) {
    case 'count':
      return 'count()';
    case 'errors':
      // countIf over no rows at all is NULL on 18.16; a count is 0.
      return `ifNull(countIf(status >= ${ERROR_STATUS_FROM}), 0)`;
    case 'distinct':
      return distinctExpr(m.field);
    case 'avg':
    case 'min':
    case 'max':
    case 'sum':
      return `${m.op}(${MEASURES[m.field]})`;
    default: {
      // One quantilesExact per field: p50, p95 and p99 of durations share one pass over the values.
      const levels = percentileLevels.get(m.field) ?? [];
      const col = MEASURES[m.field];
      const at = levels.indexOf(LEVEL[m.op]) + 1;
      return `if(count(${col}) = 0, NULL, quantilesExact(${levels.join(', ')})(${col})[${at}])`;
    }
  }
}

const cell = z.union([z.string(), z.number(), z.null()]);

export async function aggregate(conn: Connection, sources: ClickHouseSources, spec: AggregateSpec): Promise<AggregateResult> {
  const groupBy = spec.groupBy ?? [];
  const bucketed = spec.bucketMs !== undefined;
  const f = compileFilter(spec.filter, conn.database);
  // Sources are grouped by name, so ties at the limit fall as they do on SQLite.
  const names = groupBy.includes('source') ? await sources.allNames() : new Map<number, string>();
  const groupKeys = groupBy.map((field) => key(field, names, f.params));
  const keys = groupKeys.map((k) => k.expr);
  if (bucketed) {
    const b = Math.trunc(spec.bucketMs as number);
    if (!Number.isSafeInteger(b) || b < 1) throw new RangeError(`A time bucket is a positive number of milliseconds, not ${spec.bucketMs}.`);
    // As on SQLite: time - time % b (the same for the times before 1970 that imports may hold).
    keys.unshift(`time - (time % ${f.params.add('Int64', b)})`);
  }
  const levels = new Map<MeasureField, string[]>();
  for (const m of spec.metrics.filter(isPercentile)) {
    const list = levels.get(m.field) ?? [];
    if (!list.includes(LEVEL[m.op])) list.push(LEVEL[m.op]);
    levels.set(m.field, list);
  }
  const offset = bucketed ? 1 : 0;
  const select = [
    ...keys.map((k, i) => `${k} AS k${i}`),
    ...groupKeys.map((k, i) => `${k.shown ? k.shown(`k${i + offset}`) : `k${i + offset}`} AS v${i}`),
    ...spec.metrics.map((m, i) => `${metricExpr(m, levels)} AS m${i}`),
  ];
  if (select.length === 0) select.push('count() AS m0');
  const group = keys.length > 0 ? ` GROUP BY ${keys.map((_, i) => `k${i}`).join(', ')}` : '';

  // Only the rows the port keeps: the largest by the ordering metric, ties by keys (missing last).
  const m = spec.orderBy ?? 0;
  const keyOrder = groupKeys.map((k, i) => k.order(`k${i + offset}`));
  let tail = '';
  if (spec.limit !== undefined && spec.metrics.length > 0) {
    const limit = Math.max(0, Math.trunc(spec.limit));
    const byMetric = [`m${m} DESC NULLS LAST`, ...keyOrder];
    tail = bucketed ? ` ORDER BY k0, ${byMetric.join(', ')} LIMIT ${limit} BY k0` : ` ORDER BY ${byMetric.join(', ')} LIMIT ${limit}`;
  }
  const sql = `SELECT ${select.join(', ')} FROM ${conn.database}.events WHERE ${f.where}${group}${tail}`;
  const rows = await conn.rows(sql, f.params, z.record(z.string(), cell), f.settings);

  const out: AggregateRow[] = rows.map((r) => {
    const row: AggregateRow = {
      keys: groupKeys.map((k, i) => k.value(r[`v${i}`] ?? null)),
      values: spec.metrics.map((_, i) => {
        const v = r[`m${i}`];
        return v === null || v === undefined ? null : Number(v);
      }),
    };
    if (bucketed) row.bucket = Number(r.k0);
    return row;
  });
  return { rows: orderAndLimit(out, spec), approximate: false };
}

/** A source's name from its id; NULL for a source no longer listed. */
function sourceNameExpr(names: Map<number, string>, params: SqlParams): string {
  if (names.size === 0) return 'CAST(NULL AS Nullable(String))';
  const ids = params.add('Array(UInt64)', [...names.keys()].map(String));
  const texts = params.add('Array(String)', [...names.values()]);
  return `if(has(${ids}, source_id), transform(source_id, ${ids}, ${texts}, ''), NULL)`;
}
