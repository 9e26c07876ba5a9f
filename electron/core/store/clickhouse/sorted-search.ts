// The keys of a search page in any sort but the default (events.ts pages newest first by time
// windows): rows [offset, offset + limit) by (value, time, id), all in the sort's direction,
// events without a value last in both directions. 18.16 has no tuple comparison across
// Nullable columns that we can trust, so the keyset is spelled out as ORs.
import { TARGET_JOIN, type SortField, type SortSpec } from '../../../../shared/sort.js';
import type { SortKey } from '../sort-cursor.js';
import { sourceNameExpr } from './aggregate.js';
import type { SqlParams } from './sql-params.js';

/** SQL for the value an event row sorts by: what shared/sort.ts sortValueOf reads from the event. */
export function sortKeyExpr(field: SortField, sourceNames: Map<number, string>, p: SqlParams): string {
  switch (field) {
    case 'time':
      return 'time';
    case 'kind':
      // The enum orders by its numbers; the text order is the contract.
      return 'toString(kind)';
    case 'source':
      return sourceNameExpr(sourceNames, p);
    case 'action':
      return `multiIf(kind = 'api', toNullable(toString(method)), kind = 'user', toNullable(toString(type)), toNullable(toString(level)))`;
    case 'target': {
      const what = 'coalesce(toNullable(toString(message)), toNullable(toString(target)))';
      const page = 'toNullable(toString(page))';
      const join = p.add('String', TARGET_JOIN);
      return `multiIf(kind = 'api', coalesce(toNullable(toString(route)), toNullable(toString(url))),
        kind = 'user', coalesce(concat(${what}, ${join}, ${page}), ${what}, ${page}), toNullable(toString(message)))`;
    }
    default:
      return field;
  }
}

/** WHERE text for the rows after `key` in `sort` (the key's expression `k` given). */
export function afterKeySql(sort: SortSpec, k: string, key: SortKey, p: SqlParams): string {
  const op = sort.dir === 'asc' ? '>' : '<';
  const t = p.add('Int64', key.time);
  const rest = `(time ${op} ${t} OR (time = ${t} AND id ${op} ${p.add('UInt64', key.id)}))`;
  if (sort.field === 'time') return rest;
  if (key.value === null) return `(isNull(${k}) AND ${rest})`;
  const v = typeof key.value === 'number' ? p.add('Float64', key.value) : p.add('String', key.value);
  const nk = `assumeNotNull(${k})`;
  return `(isNull(${k}) OR (isNotNull(${k}) AND (${nk} ${op} ${v} OR (${nk} = ${v} AND ${rest}))))`;
}

/** ORDER BY and LIMIT text of a sorted page. */
export function orderSql(sort: SortSpec, k: string, limit: number, offset: number): string {
  const dir = sort.dir === 'asc' ? 'ASC' : 'DESC';
  const by = sort.field === 'time' ? '' : `${k} ${dir} NULLS LAST, `;
  return `ORDER BY ${by}time ${dir}, id ${dir} LIMIT ${offset}, ${limit}`;
}
