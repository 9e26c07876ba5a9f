// How event fields sit in the events table (migration 004). Text fields that repeat are
// dictionary columns: they hold a strings.id, named <field>_ref. Every module that reads or
// writes events takes its column names from here.
import { ATTR_COLUMNS } from '../../../../shared/events.js';
import { SESSION_TEXT_SQL } from './derived-session-sql.js';

/** Event field -> its dictionary column. */
export const STRING_COLUMNS = {
  session_id: 'session_ref',
  user_id: 'user_ref',
  method: 'method_ref',
  url: 'url_ref',
  route: 'route_ref',
  ip_hash: 'ip_ref',
  user_agent: 'user_agent_ref',
  referrer: 'referrer_ref',
  type: 'type_ref',
  page: 'page_ref',
  target: 'target_ref',
  level: 'level_ref',
  message: 'message_ref',
} as const;
export type StringField = keyof typeof STRING_COLUMNS;
export const STRING_FIELDS = Object.keys(STRING_COLUMNS) as StringField[];

/** Fields stored as themselves. */
export const PLAIN_NUMBER_FIELDS = ['line', 'status', 'duration_ms', 'req_bytes', 'resp_bytes'] as const;
export const PLAIN_TEXT_FIELDS = ['trace_id', 'span_id'] as const;

/** Dictionary columns whose words full-text search looks at. */
export const TEXT_SEARCH_COLUMNS = [
  'method_ref', 'url_ref', 'route_ref', 'type_ref', 'page_ref', 'target_ref', 'level_ref', 'message_ref',
  'user_agent_ref', 'referrer_ref', 'user_ref', 'attrs_ref',
] as const;

export function isStringField(f: string): f is StringField {
  return Object.hasOwn(STRING_COLUMNS, f);
}

/** `(SELECT value FROM strings WHERE id = e.<col>)`: a dictionary column's text, for output. */
export const stringValue = (col: string) => `(SELECT value FROM strings WHERE id = e.${col})`;

/** The SELECT list that turns an events row back into its fields (one primary-key lookup each). */
export const EVENT_SELECT_LIST = [
  'e.id', 'e.time', 'e.kind', '(SELECT name FROM sources WHERE id = e.source_id) AS source', 'e.source_id',
  'e.session_ref < 0 AS session_derived', 'e.byte_offset', 'e.byte_length',
  ...PLAIN_NUMBER_FIELDS.map((f) => `e.${f}`),
  ...PLAIN_TEXT_FIELDS.map((f) => `e.${f}`),
  ...STRING_FIELDS.map((f) => `${f === 'session_id' ? SESSION_TEXT_SQL : stringValue(STRING_COLUMNS[f])} AS ${f}`),
  `${stringValue('attrs_ref')} AS attrs`,
].join(', ');

/**
 * The same row with each dictionary column left as its ref and session_ref as itself, read as
 * arrays in this order (EVENT_REF_NAMES): bulk reads resolve the refs of a whole page in one
 * lookup of its distinct ids (event-rows.ts). A lookup per column per row, and the driver
 * making an object per row, cost most of a page's time (measured: 38 -> 22 ms per 5,000 rows).
 */
const EVENT_REF_COLUMNS: readonly (readonly [sql: string, name: string])[] = [
  ['e.id', 'id'], ['e.time', 'time'], ['e.kind', 'kind'], ['(SELECT name FROM sources WHERE id = e.source_id)', 'source'],
  ['e.session_ref', 'session_ref'],
  ...[...PLAIN_NUMBER_FIELDS, ...PLAIN_TEXT_FIELDS].map((f) => [`e.${f}`, f] as const),
  ...STRING_FIELDS.filter((f) => f !== 'session_id').map((f) => [`e.${STRING_COLUMNS[f]}`, f] as const),
  ['e.attrs_ref', 'attrs'],
];
export const EVENT_REF_LIST = EVENT_REF_COLUMNS.map(([sql]) => sql).join(', ');
export const EVENT_REF_NAMES: readonly string[] = EVENT_REF_COLUMNS.map(([, name]) => name);

export { ATTR_COLUMNS };
