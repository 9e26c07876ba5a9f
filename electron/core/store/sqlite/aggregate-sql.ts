// Aggregates in SQL: the exact path, taken where the columnar index (columnar/) cannot answer a
// filter, and the reference its tests compare with. Counts, sums and distincts run in SQLite;
// percentiles are ranked in JS from each group's values, sorted by SQLite once per field (nearest
// rank, as aggregate-order.ts). Keys are shown as the index shows them (columnar/display.ts).
import type { GroupField, MeasureField } from '../../../../shared/fields.js';
import { ERROR_STATUS_FROM } from '../../../../shared/fields.js';
import type { AggregateResult, AggregateRow, AggregateSpec, Metric } from '../port.js';
import { compileFilter } from './event-filter.js';
import { STRING_COLUMNS, isStringField } from './event-columns.js';
import type { Store } from './open.js';
import { statementCache } from './statement-cache.js';
import { KeyDisplay, type RawKey } from './columnar/display.js';
import { orderAndLimit, nearestRank } from '../aggregate-order.js';

/** The SQL value a group key is taken from: refs and ids, turned into text after grouping. */
function keyColumn(field: GroupField): string {
  if (field === 'status_class') return "CASE WHEN e.status BETWEEN 100 AND 599 THEN (e.status / 100) || 'xx' END";
  if (field === 'source') return 'e.source_id';
  if (field === 'kind' || field === 'status') return `e.${field}`;
  if (isStringField(field)) return `e.${STRING_COLUMNS[field]}`;
  throw new Error(`Cannot group by ${field}.`);
}

const MEASURE_COLUMNS: Record<MeasureField, string> = {
  duration_ms: 'e.duration_ms',
  req_bytes: 'e.req_bytes',
  resp_bytes: 'e.resp_bytes',
  status: 'e.status',
  time: 'e.time',
};

const isPercentile = (m: Metric): m is Extract<Metric, { field: MeasureField }> & { op: 'p50' | 'p95' | 'p99' } =>
  m.op === 'p50' || m.op === 'p95' || m.op === 'p99';

function metricSql(m: Metric): string {
  switch (m.op) {
    case 'count':
      return 'count(*)';
    case 'errors':
      return `coalesce(sum(e.status >= ${ERROR_STATUS_FROM}), 0)`;
    case 'distinct':
      return `count(DISTINCT ${keyColumn(m.field)})`;
    case 'avg':
    case 'min':
    case 'max':
    case 'sum':
      return `${m.op}(${MEASURE_COLUMNS[m.field]})`;
    default:
      return 'NULL'; // percentiles: ranked in JS below
  }
}

export type SqlAggregator = (spec: AggregateSpec) => AggregateResult;

export function createSqlAggregator(store: Store): SqlAggregator {
  const prepared = statementCache(store.db);
  const display = new KeyDisplay(store.db);
  return (spec) => {
    const groupBy = spec.groupBy ?? [];
    const filter = compileFilter(spec.filter);
    const keys = groupBy.map(keyColumn);
    if (spec.bucketMs !== undefined) keys.unshift(`(e.time - (e.time % ${Math.trunc(spec.bucketMs)}))`);
    const keyList = keys.map((k, i) => `${k} AS k${i}`);
    const groupSql = keys.length > 0 ? `GROUP BY ${keys.map((_, i) => `k${i}`).join(', ')}` : '';
    const sql = `SELECT ${[...keyList, ...spec.metrics.map(metricSql)].join(', ')} FROM events e WHERE (${filter.where}) ${groupSql}`;
    const rows = prepared(sql).raw().all(...filter.params) as (number | string | null)[][];
    const groups = new Map<string, (number | string | null)[]>();
    // count(*) of an empty table without GROUP BY is one row of 0; it is still a row.
    for (const r of rows) groups.set(JSON.stringify(r.slice(0, keys.length)), r);

    // Percentiles: each group's values of a field, sorted by SQLite once for all its percentiles.
    const byField = new Map<MeasureField, [number, number][]>();
    for (const [mi, m] of spec.metrics.entries()) {
      if (!isPercentile(m)) continue;
      const list = byField.get(m.field) ?? [];
      list.push([mi, m.op === 'p50' ? 0.5 : m.op === 'p95' ? 0.95 : 0.99]);
      byField.set(m.field, list);
    }
    for (const [field, wanted] of byField) {
      const col = MEASURE_COLUMNS[field];
      const valueSql = `SELECT ${[...keyList, `${col} AS v`].join(', ')} FROM events e WHERE (${filter.where}) AND ${col} IS NOT NULL
        ORDER BY ${[...keys.map((_, i) => `k${i}`), 'v'].join(', ')}`;
      const byGroup = new Map<string, number[]>();
      for (const r of prepared(valueSql).raw().iterate(...filter.params) as Iterable<(number | string | null)[]>) {
        const k = JSON.stringify(r.slice(0, keys.length));
        let list = byGroup.get(k);
        if (!list) byGroup.set(k, (list = []));
        list.push(r[keys.length] as number);
      }
      for (const [k, row] of groups) {
        const values = byGroup.get(k);
        for (const [mi, p] of wanted) row[keys.length + mi] = values ? nearestRank(values, p) : null;
      }
    }

    const offset = spec.bucketMs !== undefined ? 1 : 0;
    const kept = [...groups.values()];
    const shown = display.show(groupBy, kept.map((r) => groupBy.map((_, i) => (r[offset + i] ?? null) as RawKey)));
    const out: AggregateRow[] = kept.map((r, x) => {
      const row: AggregateRow = {
        keys: shown[x]!,
        values: spec.metrics.map((_, i) => {
          const v = r[keys.length + i];
          return v === null || v === undefined ? null : Number(v);
        }),
      };
      if (spec.bucketMs !== undefined) row.bucket = Number(r[0]);
      return row;
    });
    return { rows: orderAndLimit(out, spec), approximate: false };
  };
}
