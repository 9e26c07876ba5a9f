// Which columns of events the index can load, in which shape (columns.ts), and which column each
// event field, group field and measure reads. Column names here are the table's own, and only
// these ever reach SQL text.
import type { GroupField, MeasureField } from '../../../../../shared/fields.js';
import type { FieldName } from '../../../query/ast.js';
import { STRING_COLUMNS, isStringField } from '../event-columns.js';
import { CodeColumn, FloatColumn, RefColumn, type Column } from './columns.js';

export const FLOAT_COLUMNS = ['time', 'line', 'duration_ms', 'req_bytes', 'resp_bytes'] as const;
/**
 * Few distinct values each. session_ref is here rather than with the refs: derived sessions are
 * negative numbers past Int32 (derived-sessions.ts), and grouping by session wants dense codes.
 */
export const CODE_COLUMNS = ['kind', 'source_id', 'session_ref', 'status'] as const;
export const REF_COLUMNS = [
  'user_ref', 'method_ref', 'url_ref', 'route_ref', 'ip_ref', 'user_agent_ref', 'referrer_ref', 'type_ref', 'page_ref',
  'target_ref', 'level_ref', 'message_ref', 'attrs_ref',
] as const;

export type FloatName = (typeof FLOAT_COLUMNS)[number];
export type CodeName = (typeof CODE_COLUMNS)[number];
export type RefName = (typeof REF_COLUMNS)[number];
export type ColumnName = FloatName | CodeName | RefName;

const FLOATS = new Set<string>(FLOAT_COLUMNS);
const CODES = new Set<string>(CODE_COLUMNS);

export const isFloatName = (c: ColumnName): c is FloatName => FLOATS.has(c);
export const isCodeName = (c: ColumnName): c is CodeName => CODES.has(c);

export function makeColumn(name: ColumnName): Column {
  if (isFloatName(name)) return new FloatColumn();
  if (isCodeName(name)) return new CodeColumn();
  return new RefColumn();
}

/**
 * The column a search field compares: 'id' is the row set itself; null for trace_id and
 * span_id, plain text nearly unique per event, which SQL answers (sql-leaf.ts) rather than
 * holding a million strings in memory.
 */
export function fieldColumn(field: FieldName): ColumnName | 'id' | null {
  switch (field) {
    case 'id':
      return 'id';
    case 'trace_id':
    case 'span_id':
      return null;
    case 'source':
      return 'source_id';
    case 'session_id':
      return 'session_ref';
    case 'time':
    case 'kind':
    case 'line':
    case 'status':
    case 'duration_ms':
    case 'req_bytes':
    case 'resp_bytes':
      return field;
    default:
      if (isStringField(field)) return STRING_COLUMNS[field] as RefName;
      throw new Error(`No column for field ${String(field)}.`);
  }
}

export function groupColumn(field: GroupField): CodeName | RefName {
  switch (field) {
    case 'kind':
    case 'status':
      return field;
    case 'status_class':
      return 'status';
    case 'source':
      return 'source_id';
    case 'session_id':
      return 'session_ref';
    default:
      if (isStringField(field)) return STRING_COLUMNS[field] as RefName;
      throw new RangeError(`Cannot group by ${String(field)}.`);
  }
}

export function measureColumn(field: MeasureField): FloatName | 'status' {
  switch (field) {
    case 'duration_ms':
    case 'req_bytes':
    case 'resp_bytes':
    case 'status':
    case 'time':
      return field;
    default:
      throw new RangeError(`Cannot measure ${String(field)}.`);
  }
}
