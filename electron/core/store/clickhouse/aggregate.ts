// Aggregates in one ClickHouse query: group keys, an optional time bucket and the metrics, with
// the port's order and limit applied in SQL to choose the rows and again in JS (aggregate-order.ts)
// so both adapters order ties alike. Several keys with LowCardinality text among them are grouped
// as one number (group-codes.ts) when every one of them can be numbered. Percentiles are exact nearest-rank values (as on SQLite):
// quantilesExact at a level a hair below p picks the value of rank ceil(p × n), measured equal to
// aggregate-order.ts nearestRank for every n up to 3000, and fast enough on a million events
// that no sketch is needed, so results are never approximate.
import { z } from 'zod';
import { ERROR_STATUS_FROM, type GroupField, type MeasureField } from '../../../../shared/fields.js';
import { orderAndLimit } from '../aggregate-order.js';
import type { AggregateResult, AggregateRow, AggregateSpec, Metric } from '../port.js';
import type { Connection } from './connection.js';
import { compileFilter, type CompiledFilter } from './filter.js';
import { combinedKey, splitKey, type GroupCodes } from './group-codes.js';
import type { EventsLayout } from './layout.js';
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

/**
 * The status class as its digit (0 for none): grouping by a number is several times faster than
 * by text. A plain if() and a truncating cast measured ~10-20% cheaper than floor() in a Nullable one.
 */
const STATUS_CLASS_CODE = 'if(ifNull(status, 0) >= 100 AND ifNull(status, 0) <= 599, toUInt8(ifNull(status, 0) / 100), 0)';

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
      // A missing status as NaN, which no stored status is (inserts write NaN as NULL): a plain
      // Float64 key grouped ~25% faster than a Nullable one, and NaN sorts after every number as NULL does.
      return { expr: 'ifNull(status, nan)', order: nullsLast, shown: (k) => `if(isNaN(${k}), NULL, ${k})`, value: (v) => (v === null ? null : Number(v)) };
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

const MEASURES: Record<MeasureField, string> = { duration_ms: 'duration_ms', req_bytes: 'req_bytes', resp_bytes: 'resp_bytes', status: 'status', time: 'time' };

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
type Row = Record<string, string | number | null>;

/** What the plain and the coded query share: the filter, the bucket, the metrics and the order. */
interface Query {
  conn: Connection;
  spec: AggregateSpec;
  filter: CompiledFilter;
  /** SQL of the bucket's start, when there are buckets. */
  bucket: string | null;
  metrics: string[];
}

export async function aggregate(
  conn: Connection,
  layout: EventsLayout,
  sources: ClickHouseSources,
  codes: GroupCodes,
  spec: AggregateSpec,
): Promise<AggregateResult> {
  const groupBy = spec.groupBy ?? [];
  const filter = compileFilter(spec.filter, { db: conn.database, layout });
  let bucket: string | null = null;
  if (spec.bucketMs !== undefined) {
    const b = Math.trunc(spec.bucketMs);
    if (!Number.isSafeInteger(b) || b < 1) throw new RangeError(`A time bucket is a positive number of milliseconds, not ${spec.bucketMs}.`);
    // As on SQLite: time - time % b (the same for the times before 1970 that imports may hold).
    bucket = `time - (time % ${filter.params.add('Int64', b)})`;
  }
  const levels = new Map<MeasureField, string[]>();
  for (const m of spec.metrics.filter(isPercentile)) {
    const list = levels.get(m.field) ?? [];
    if (!list.includes(LEVEL[m.op])) list.push(LEVEL[m.op]);
    levels.set(m.field, list);
  }
  const q: Query = { conn, spec, filter, bucket, metrics: spec.metrics.map((m, i) => `${metricExpr(m, levels)} AS m${i}`) };
  // Several keys at once, LowCardinality text among them: as one number (group-codes.ts).
  if (groupBy.length + (bucket ? 1 : 0) >= 2) {
    for (let attempt = 0; attempt < 2; attempt++) {
      const rows = await codedQuery(q, codes, groupBy);
      if (rows === 'not coded') break;
      if (rows) return { rows: orderAndLimit(rows, spec), approximate: false };
      codes.forget(groupBy);
    }
  }
  const names = groupBy.includes('source') ? await sources.allNames() : new Map<number, string>();
  return { rows: orderAndLimit(await plainQuery(q, groupBy, names), spec), approximate: false };
}

/** ORDER BY and LIMIT keeping only the rows the port keeps: the largest by the ordering metric, ties by keys (missing last). */
function orderTail(q: Query, keyOrder: string[]): string {
  if (q.spec.limit === undefined || q.spec.metrics.length === 0) return '';
  const limit = Math.max(0, Math.trunc(q.spec.limit));
  const byMetric = [`m${q.spec.orderBy ?? 0} DESC NULLS LAST`, ...keyOrder];
  return q.bucket ? ` ORDER BY b, ${byMetric.join(', ')} LIMIT ${limit} BY b` : ` ORDER BY ${byMetric.join(', ')} LIMIT ${limit}`;
}

function toAggregateRow(q: Query, r: Row, keys: (string | number | null)[]): AggregateRow {
  const row: AggregateRow = {
    keys,
    values: q.spec.metrics.map((_, i) => {
      const v = r[`m${i}`];
      return v === null || v === undefined ? null : Number(v);
    }),
  };
  if (q.bucket) row.bucket = Number(r.b);
  return row;
}

function run(q: Query, params: SqlParams, select: string[], group: string[], tail: string): Promise<Row[]> {
  if (select.length === 0) select.push('count() AS m0');
  const groupSql = group.length > 0 ? ` GROUP BY ${group.join(', ')}` : '';
  const sql = `SELECT ${select.join(', ')} FROM ${q.conn.database}.events WHERE ${q.filter.where}${groupSql}${tail}`;
  return q.conn.rows(sql, params, z.record(z.string(), cell), q.filter.settings);
}

async function plainQuery(q: Query, groupBy: readonly GroupField[], names: Map<number, string>): Promise<AggregateRow[]> {
  const params = q.filter.params.clone();
  const groupKeys = groupBy.map((field) => key(field, names, params));
  const bucket = q.bucket ? [`${q.bucket} AS b`] : [];
  const select = [
    ...bucket,
    ...groupKeys.map((k, i) => `${k.expr} AS k${i}`),
    ...groupKeys.map((k, i) => `${k.shown ? k.shown(`k${i}`) : `k${i}`} AS v${i}`),
    ...q.metrics,
  ];
  const group = [...(q.bucket ? ['b'] : []), ...groupKeys.map((_, i) => `k${i}`)];
  const rows = await run(q, params, select, group, orderTail(q, groupKeys.map((k, i) => k.order(`k${i}`))));
  return rows.map((r) => toAggregateRow(q, r, groupKeys.map((k, i) => k.value(r[`v${i}`] ?? null))));
}

/** The rows grouped by one coded key; null when a row holds a value the lists lack. */
async function codedQuery(q: Query, codes: GroupCodes, groupBy: readonly GroupField[]): Promise<AggregateRow[] | null | 'not coded'> {
  const params = q.filter.params.clone();
  const keys = await codes.keys(groupBy, params, STATUS_CLASS_CODE);
  if (!keys) return 'not coded';
  const select = [...(q.bucket ? [`${q.bucket} AS b`] : []), `${combinedKey(keys)} AS c`, ...q.metrics];
  const group = [...(q.bucket ? ['b'] : []), 'c'];
  const rows = await run(q, params, select, group, orderTail(q, ['c']));
  const out: AggregateRow[] = [];
  for (const r of rows) {
    const values = splitKey(keys, Number(r.c));
    if (!values) return null;
    out.push(toAggregateRow(q, r, values));
  }
  return out;
}

/** A source's name from its id; NULL for a source no longer listed. */
export function sourceNameExpr(names: Map<number, string>, params: SqlParams): string {
  if (names.size === 0) return 'CAST(NULL AS Nullable(String))';
  const ids = params.add('Array(UInt64)', [...names.keys()].map(String));
  const texts = params.add('Array(String)', [...names.values()]);
  return `if(has(${ids}, source_id), transform(source_id, ${ids}, ${texts}, ''), NULL)`;
}
