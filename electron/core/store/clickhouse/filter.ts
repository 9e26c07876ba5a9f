// Compiles a parsed query (query/ast.ts) into a ClickHouse WHERE expression over `events`, with
// the meaning the SQLite adapter gives each node (sqlite/event-filter.ts): text compares with
// ASCII case folded except for the catalogue's exact fields, `*` is a wildcard, `field:*` asks
// for a value, times are intervals, and a NOT over a missing value matches (`-user:bot` keeps
// events without a user). User text only travels as parameters (sql-params.ts); column names
// come from fixed tables. Every leaf is a non-NULL 0/1, so NOT never meets NULL.
import { FIELDS, isNumberText, QuerySyntaxError, type CompareOp, type FieldName, type QueryNode } from '../../query/ast.js';
import { parseTimeValue } from '../../../../shared/time.js';
import { FIELD_BY_NAME } from '../../../../shared/fields.js';
import { KIND_CODES } from '../column-batch.js';
import { asciiLower, ATTR_TYPE } from './attrs-index.js';
import { freeTextNeedle, freeTextSql } from './free-text.js';
import type { EventsLayout } from './layout.js';
import { isUInt64Text, SqlParams } from './sql-params.js';
import { TEXT_FIELDS, type TextField } from './event-rows.js';

type FieldNode = Extract<QueryNode, { type: 'field' }>;
type AttrNode = Extract<QueryNode, { type: 'attr' }>;

const SQL_OP: Record<CompareOp, string> = { ':': '=', '>': '>', '>=': '>=', '<': '<', '<=': '<=' };

export interface CompiledFilter {
  where: string;
  params: SqlParams;
  /** Settings the statement should run with. */
  settings: Record<string, number>;
}

/** Where a filter runs: the database whose sources table `source:` looks in (a checked identifier), and its events table's layout. */
export interface FilterScope {
  db: string;
  layout: EventsLayout;
}

export function compileFilter(node: QueryNode | null, scope: FilterScope, params = new SqlParams()): CompiledFilter {
  const where = node ? compile(node, params, scope) : '1';
  // Every query with a filter reads a few narrow columns beside the filter's (time and id, group
  // keys, measures), so PREWHERE saves little and costs a second pass: measured on a million
  // events, without it the filtered histogram took 40 ms instead of 51, `status>=500 method:POST`
  // 12 instead of 17, and a free-text test twice as fast when most rows match (search_text is
  // copied out before it is dropped). Only a filter matching a few events close in time (one
  // session) was faster with it, 14 ms instead of 18.
  return { where, params, settings: { optimize_move_to_prewhere: 0 } };
}

function compile(node: QueryNode, params: SqlParams, scope: FilterScope): string {
  switch (node.type) {
    case 'and':
    case 'or': {
      if (node.children.length === 0) return node.type === 'and' ? '1' : '0';
      const list = node.type === 'or' ? exactValues(node) : null;
      if (list) return orFalse(`has(${params.add('Array(String)', list.values)}, ${textColumn(list.field)})`);
      const parts = node.children.map((c) => compile(c, params, scope));
      return parts.length === 1 ? (parts[0] as string) : `(${parts.join(node.type === 'and' ? ' AND ' : ' OR ')})`;
    }
    case 'not':
      return `NOT ${compile(node.child, params, scope)}`;
    case 'field':
      return compileField(node, params, scope.db);
    case 'attr':
      return compileAttr(node, params);
    case 'text':
      // Substring of the lower-cased text (free-text.ts): phrases and `word*` alike.
      return freeTextSql(params.add('String', freeTextNeedle(node.text)), scope.layout);
  }
}

/**
 * An OR of exact values of one exact-compared text field (nested ORs too: the sessions of a
 * page of the session list are 1,000 `session_id:` terms), or null. One set lookup per row
 * instead of one comparison per term: on 18.16 a list of 1,000 sessions over a million events
 * took 27 s as comparisons.
 */
function exactValues(node: QueryNode): { field: FieldName; values: string[] } | null {
  const values: string[] = [];
  let only: FieldName | null = null;
  const walk = (n: QueryNode): boolean => {
    if (n.type === 'or') return n.children.every(walk);
    if (n.type !== 'field' || n.op !== ':' || n.wildcard || n.field === 'source' || !FIELD_BY_NAME.get(n.field)?.exact) return false;
    if (FIELDS[n.field]?.type !== 'text' || n.field === 'kind' || (only !== null && n.field !== only)) return false;
    only = n.field;
    values.push(n.value);
    return true;
  };
  return walk(node) && only !== null && values.length > 1 ? { field: only, values } : null;
}

/** A comparison that is NULL for a missing value, as 0. */
const orFalse = (expr: string) => `ifNull(${expr}, 0)`;

/** `*` wildcards to a LIKE pattern with LIKE's own `%`, `_` and `\` made literal. */
function likePattern(value: string): string {
  return likeEscape(value).replaceAll('*', '%');
}

function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, '\\$&');
}

function compileField(node: FieldNode, params: SqlParams, db: string): string {
  const def = FIELDS[node.field];
  if (!def) throw new QuerySyntaxError(`Unknown field "${String(node.field)}".`, node.column);
  const existence = node.wildcard && /^\*+$/.test(node.value);

  if (node.field === 'source') {
    if (node.op !== ':') throw textCompareError(node);
    // Without a wildcard the pattern has no `%`: a case-insensitive equality, as on SQLite.
    const pattern = asciiLower(node.wildcard ? likePattern(node.value) : likeEscape(node.value));
    // Any version of a source row will do: a name never changes, and a removed source's events are gone.
    return `(source_id IN (SELECT id FROM ${db}.sources WHERE lower(name) LIKE ${params.add('String', pattern)}))`;
  }
  if (existence) return node.field === 'id' || node.field === 'time' || node.field === 'kind' ? '1' : `isNotNull(${node.field})`;

  switch (def.type) {
    case 'number':
      return compileNumber(node, params);
    case 'time':
      return compileTime(node, params);
    case 'text': {
      if (node.op !== ':') throw textCompareError(node);
      if (node.field === 'kind') return compileKind(node, params);
      const col = textColumn(node.field);
      if (node.wildcard) return orFalse(`lower(${col}) LIKE ${params.add('String', asciiLower(likePattern(node.value)))}`);
      // Opaque identifiers compare exactly (catalogue `exact`); user_id and the rest fold ASCII case.
      if (FIELD_BY_NAME.get(node.field)?.exact) return orFalse(`${col} = ${params.add('String', node.value)}`);
      return orFalse(`lower(${col}) = ${params.add('String', asciiLower(node.value))}`);
    }
  }
}

function textColumn(field: FieldName): TextField {
  if (!(TEXT_FIELDS as readonly string[]).includes(field)) throw new Error(`No text column for ${field}`);
  return field as TextField;
}

/** kind is an Enum8: a value it does not have would be an error, so it is no match instead. */
function compileKind(node: FieldNode, params: SqlParams): string {
  if (node.wildcard) return `(lower(toString(kind)) LIKE ${params.add('String', asciiLower(likePattern(node.value)))})`;
  const kind = node.value.toLowerCase();
  return (KIND_CODES as readonly string[]).includes(kind) ? `(kind = ${params.add('String', kind)})` : '0';
}

function compileNumber(node: FieldNode, params: SqlParams): string {
  const col = node.field;
  if (node.wildcard) return orFalse(`lower(toString(${col})) LIKE ${params.add('String', asciiLower(likePattern(node.value)))}`);
  const text = node.field === 'id' ? node.value.replace(/^evt_/i, '') : node.value;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) {
    throw new QuerySyntaxError(`${node.field} needs a number, not "${node.value}".`, node.column);
  }
  // Ids are 64-bit: compared as integers when the text is one, so no digit is lost to a double.
  if (node.field === 'id' && isUInt64Text(text)) return `(id ${SQL_OP[node.op]} ${params.add('UInt64', text)})`;
  if (node.field === 'id') return `(toFloat64(id) ${SQL_OP[node.op]} ${params.add('Float64', n)})`;
  return orFalse(`${col} ${SQL_OP[node.op]} ${params.add('Float64', n)}`);
}

/** A time value is an interval (shared/time.ts); each operator compares with one of its ends. */
function compileTime(node: FieldNode, params: SqlParams): string {
  const range = parseTimeValue(node.value);
  if (!range) throw new QuerySyntaxError(`Cannot read "${node.value}" as a time.`, node.column);
  const at = (ms: number) => params.add('Int64', Math.trunc(ms));
  switch (node.op) {
    case ':':
      return `(time >= ${at(range.start)} AND time < ${at(range.end)})`;
    case '>':
      return `(time >= ${at(range.end)})`;
    case '>=':
      return `(time >= ${at(range.start)})`;
    case '<':
      return `(time < ${at(range.start)})`;
    case '<=':
      return `(time < ${at(range.end)})`;
  }
}

function textCompareError(node: FieldNode): QuerySyntaxError {
  return new QuerySyntaxError(`"${node.op}" does not apply to the text field ${node.field}; use ":".`, node.column);
}

// ---- Attributes (attrs-index.ts) ----

const { null: NULL_T, true: TRUE_T, false: FALSE_T, integer: INT_T, real: REAL_T } = ATTR_TYPE;

/** `cond` over one entry (p: path, t: type, x: text, v: number) holds for the node's path. */
/**
 * The attribute at `path` meets `cond`, given its type, text and number. A path is at most one
 * entry of an event (attrs-index.ts), so its place is looked up once instead of a lambda testing
 * every entry: on 18.16 the lambda over four arrays cost ~40 ms a million events, enough to put
 * every dashboard card (they all leave out the browser's echoes by `attrs.source`) past 50 ms.
 * At place 0 (no such path) the arrays give their defaults, and the place test says no.
 */
function anyEntry(path: string, cond: (t: string, x: string, v: string) => string, params: SqlParams): string {
  const at = `indexOf(attr_paths, ${params.add('String', path)})`;
  return `(${at} > 0 AND (${cond(`attr_types[${at}]`, `attr_texts[${at}]`, `attr_nums[${at}]`)}))`;
}

function compileAttr(node: AttrNode, params: SqlParams): string {
  if (node.path.length === 0 || node.path.some((k) => k.includes('"'))) {
    throw new QuerySyntaxError(`"attrs.${node.path.join('.')}" is not a valid attribute path.`, node.column);
  }
  const path = JSON.stringify(node.path);
  const value = node.value;
  if (node.wildcard && /^\*+$/.test(value)) return `has(attr_paths, ${params.add('String', path)})`;
  if (node.op !== ':') {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) {
      throw new QuerySyntaxError(`attrs.${node.path.join('.')}${node.op} needs a number, not "${value}".`, node.column);
    }
    // Only numbers compare: a string value is never greater than 5.
    const limit = params.add('Float64', n);
    return anyEntry(path, (t, _x, v) => `${t} IN (${INT_T}, ${REAL_T}) AND ${v} ${SQL_OP[node.op]} ${limit}`, params);
  }
  if (node.wildcard) {
    const pattern = params.add('String', asciiLower(likePattern(value)));
    return anyEntry(path, (t, x) => `${t} != ${NULL_T} AND ${x} LIKE ${pattern}`, params);
  }
  // JSON keeps types the query text does not have: `attrs.n:7` finds 7 and "7" (and true is 1, as on SQLite).
  if (isNumberText(value)) {
    const number = params.add('Float64', Number(value));
    const text = params.add('String', asciiLower(value));
    return anyEntry(path, (t, x, v) => `(${t} IN (${TRUE_T}, ${FALSE_T}, ${INT_T}, ${REAL_T}) AND ${v} = ${number}) OR (${t} = ${ATTR_TYPE.text} AND ${x} = ${text})`, params);
  }
  const lowered = asciiLower(value);
  const typed = lowered === 'true' ? TRUE_T : lowered === 'false' ? FALSE_T : lowered === 'null' ? NULL_T : null;
  const given = params.add('String', lowered);
  return anyEntry(path, (t, x) => {
    const equal = `${t} != ${NULL_T} AND ${x} = ${given}`;
    return typed === null ? equal : `${t} = ${typed} OR (${equal})`;
  }, params);
}
