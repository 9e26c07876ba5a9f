// Aggregates in SQL: the exact path, taken where the columnar index (columnar/) cannot answer a
// filter, and the reference its tests compare with. Counts, sums and distincts run in SQLite;
// percentiles are ranked in JS from the group's sorted values (nearest rank, as stats.ts).
import type { GroupField, MeasureField } from '../../../../shared/fields.js';
import { ERROR_STATUS_FROM } from '../../../../shared/fields.js';
import type { AggregateResult, AggregateRow, AggregateSpec, Metric } from '../port.js';
import { compileFilter } from './event-filter.js';
import { STRING_COLUMNS, isStringField } from './event-columns.js';
import { DERIVED_SPAN, derivedSessionText } from '../derived-sessions.js';
import type { Store } from './open.js';
import { orderAndLimit, nearestRank } from '../aggregate-order.js';

/** The SQL value a group key is taken from: refs and ids, turned into text after grouping. */
function keyColumn(field: GroupField): string {
  if (field === 'status_class') return 'CASE WHEN e.status BETWEEN 100 AND 599 THEN e.status / 100 END';
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

export function aggregateWithSql(store: Store, spec: AggregateSpec): AggregateResult {
  const groupBy = spec.groupBy ?? [];
  const filter = compileFilter(spec.filter);
  const keys = groupBy.map(keyColumn);
  if (spec.bucketMs !== undefined) keys.unshift(`(e.time - (e.time % ${Math.trunc(spec.bucketMs)}))`);
  const keyList = keys.map((k, i) => `${k} AS k${i}`);
  const groupSql = keys.length > 0 ? `GROUP BY ${keys.map((_, i) => `k${i}`).join(', ')}` : '';
  const sql = `SELECT ${[...keyList, ...spec.metrics.map(metricSql)].join(', ')} FROM events e WHERE (${filter.where}) ${groupSql}`;
  const rows = store.db.prepare(sql).raw().all(...filter.params) as (number | string | null)[][];
  const groups = new Map<string, (number | string | null)[]>();
  for (const r of rows) {
    // count(*) of an empty table without GROUP BY is one row of 0; it is still a row.
    groups.set(JSON.stringify(r.slice(0, keys.length)), r);
  }

  // Percentiles: each group's values, sorted by SQLite.
  for (const [mi, m] of spec.metrics.entries()) {
    if (!isPercentile(m)) continue;
    const col = MEASURE_COLUMNS[m.field];
    const valueSql = `SELECT ${[...keyList, `${col} AS v`].join(', ')} FROM events e WHERE (${filter.where}) AND ${col} IS NOT NULL
      ORDER BY ${[...keys.map((_, i) => `k${i}`), 'v'].join(', ')}`;
    const byGroup = new Map<string, number[]>();
    for (const r of store.db.prepare(valueSql).raw().iterate(...filter.params) as Iterable<(number | string | null)[]>) {
      const k = JSON.stringify(r.slice(0, keys.length));
      let list = byGroup.get(k);
      if (!list) byGroup.set(k, (list = []));
      list.push(r[keys.length] as number);
    }
    const p = m.op === 'p50' ? 0.5 : m.op === 'p95' ? 0.95 : 0.99;
    for (const [k, row] of groups) {
      const values = byGroup.get(k);
      row[keys.length + mi] = values ? nearestRank(values, p) : null;
    }
  }

  const texts = keyTexts(store, groupBy, rows, spec.bucketMs !== undefined ? 1 : 0);
  const out: AggregateRow[] = [...groups.values()].map((r) => {
    const offset = spec.bucketMs !== undefined ? 1 : 0;
    const row: AggregateRow = {
      keys: groupBy.map((f, i) => texts(f, r[offset + i] ?? null)),
      values: spec.metrics.map((_, i) => {
        const v = r[keys.length + i];
        return v === null || v === undefined ? null : Number(v);
      }),
    };
    if (spec.bucketMs !== undefined) row.bucket = Number(r[0]);
    return row;
  });
  return { rows: orderAndLimit(out, spec), approximate: false };
}

/** Turns grouped refs and ids into what the user reads: texts, source names, `5xx`. */
function keyTexts(store: Store, groupBy: GroupField[], rows: (number | string | null)[][], offset: number) {
  const refs = new Set<number>();
  groupBy.forEach((f, i) => {
    if (!isStringField(f)) return;
    for (const r of rows) {
      const v = r[offset + i];
      if (typeof v === 'number' && v > 0) refs.add(v);
    }
  });
  const strings = store.strings.values([...refs]);
  const sourceNames = new Map(store.sources.list().map((s) => [s.id, s.name]));
  return (field: GroupField, v: number | string | null): string | number | null => {
    if (v === null) return null;
    if (field === 'status') return Number(v);
    if (field === 'status_class') return `${v}xx`;
    if (field === 'kind') return String(v);
    if (field === 'source') return sourceNames.get(Number(v)) ?? null;
    const n = Number(v);
    if (field === 'session_id' && n < 0) return derivedSessionText(Math.floor(-n / DERIVED_SPAN), -n % DERIVED_SPAN);
    return strings.get(n) ?? null;
  };
}
