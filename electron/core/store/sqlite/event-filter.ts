// Compiles a parsed query (query/ast.ts) into a WHERE fragment over `events e`. Text fields are
// dictionary refs (event-columns.ts): a match is looked up among the distinct strings, and full
// text searches strings_fts (strings.ts). User text only ever travels as a bound parameter: the
// SQL text is assembled from column names and operators taken from fixed tables.
import { FIELDS, isNumberText, QuerySyntaxError, type CompareOp, type FieldName, type QueryNode } from '../../query/ast.js';
import { parseTimeValue } from '../../../../shared/time.js';
import { parseQuery } from '../../query/parse.js';
import { isStringField, STRING_COLUMNS, TEXT_SEARCH_COLUMNS } from './event-columns.js';
import { parseDerivedSession } from '../derived-sessions.js';
import { SESSION_TEXT_SQL } from './derived-session-sql.js';

export interface CompiledFilter {
  where: string;
  params: (string | number)[];
}

type Params = (string | number)[];
type FieldNode = Extract<QueryNode, { type: 'field' }>;
type AttrNode = Extract<QueryNode, { type: 'attr' }>;
type TextNode = Extract<QueryNode, { type: 'text' }>;

const SQL_OP: Record<CompareOp, string> = { ':': '=', '>': '>', '>=': '>=', '<': '<', '<=': '<=' };

/**
 * Opaque identifiers (the catalogue's `exact`) compare exactly: nobody types them from memory,
 * and an exact `=` lets SQLite use events_by_session (a NOCASE comparison cannot use a BINARY
 * index). user_id stays case-insensitive: it is often a name or an email that people do type.
 */
const isExact = (field: FieldName): boolean => FIELDS[field].exact;

export function compileFilter(node: QueryNode | null): CompiledFilter {
  if (!node) return { where: '1', params: [] };
  const params: Params = [];
  return { where: compile(node, params), params };
}

function compile(node: QueryNode, params: Params): string {
  switch (node.type) {
    case 'and':
    case 'or':
      return compileBool(node.type, node.children, params);
    case 'not':
      // Comparisons with a missing (NULL) column are NULL, and NOT NULL is NULL: without the
      // COALESCE, `-user:bot` would drop every event that has no user at all.
      return `NOT COALESCE(${compile(node.child, params)}, 0)`;
    case 'field':
      return compileField(node, params);
    case 'attr':
      return compileAttr(node, params);
    case 'text':
      return ftsMatch(ftsTerm(node), params);
  }
}

function compileBool(type: 'and' | 'or', children: QueryNode[], params: Params): string {
  if (children.length === 0) return type === 'and' ? '1' : '0';
  const sep = type === 'and' ? ' AND ' : ' OR ';
  const parts: string[] = [];
  // Sibling OR terms share one MATCH (one index lookup). AND terms stay apart: each word may be
  // in a different field of the event (its URL and its agent), and a string holds only one.
  const texts = type === 'or' ? children.filter((c): c is TextNode => c.type === 'text') : [];
  if (texts.length > 0) parts.push(ftsMatch(texts.map(ftsTerm).join(sep), params));
  for (const c of children) if (type === 'and' || c.type !== 'text') parts.push(compile(c, params));
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(sep)})`;
}

// ---- Full text ----

/**
 * The full-text index covers each distinct string once (strings_fts), so a match is a set of
 * string ids, and an event matches when any of its text columns is in that set.
 */
function ftsMatch(match: string, params: Params): string {
  const set = '(SELECT rowid FROM strings_fts WHERE strings_fts MATCH ?)';
  for (let i = 0; i < TEXT_SEARCH_COLUMNS.length; i++) params.push(match);
  return `(${TEXT_SEARCH_COLUMNS.map((c) => `e.${c} IN ${set}`).join(' OR ')})`;
}

/**
 * Every term becomes an FTS5 string literal, so nothing the user typed can act as FTS syntax
 * (AND, NEAR(, column filters, ^, ...): inside double quotes only `""` is special.
 */
function ftsTerm(node: TextNode): string {
  const quoted = `"${node.text.replaceAll('"', '""')}"`;
  return node.prefix ? `${quoted} *` : quoted;
}

// ---- Columns ----

/** `*` wildcards to a LIKE pattern, with LIKE's own `%`, `_` and the escape char made literal. */
function likePattern(value: string): string {
  return likeEscape(value).replaceAll('*', '%');
}

/** Makes LIKE's `%`, `_` and our escape character match themselves. */
function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, '\\$&');
}

const LIKE = "LIKE ? ESCAPE '\\'";

function compileField(node: FieldNode, params: Params): string {
  const def = FIELDS[node.field];
  // The column name is spliced into SQL, so it must be one of ours whatever built the node.
  if (!def) throw new QuerySyntaxError(`Unknown field "${String(node.field)}".`, node.column);
  const existence = node.wildcard && /^\*+$/.test(node.value);
  if (isStringField(node.field)) return compileStringField(node, STRING_COLUMNS[node.field], existence, params);
  const col = `e.${node.field}`;

  if (node.field === 'source') {
    if (node.op !== ':') throw textCompareError(node);
    // Without a wildcard the pattern has no `%`, so LIKE is a case-insensitive equality.
    params.push(node.wildcard ? likePattern(node.value) : likeEscape(node.value));
    return `e.source_id IN (SELECT id FROM sources WHERE name ${LIKE})`;
  }
  if (existence) return `${col} IS NOT NULL`;

  switch (def.type) {
    case 'number': {
      if (node.wildcard) {
        params.push(likePattern(node.value));
        return `CAST(${col} AS TEXT) ${LIKE}`;
      }
      params.push(toNumber(node));
      return `${col} ${SQL_OP[node.op]} ?`;
    }
    case 'time':
      return compileTime(node, col, params);
    case 'text': {
      if (node.op !== ':') throw textCompareError(node);
      if (node.wildcard) {
        params.push(likePattern(node.value));
        return `${col} ${LIKE}`;
      }
      if (node.field === 'kind') {
        params.push(node.value.toLowerCase());
        return `${col} = ?`;
      }
      params.push(node.value);
      return isExact(node.field) ? `${col} = ?` : `${col} = ? COLLATE NOCASE`;
    }
  }
}

/**
 * A dictionary column (event-columns.ts): the text matches are found among the distinct strings,
 * then events by id. An exact, case-sensitive match is one lookup in strings_by_value.
 */
function compileStringField(node: FieldNode, column: string, existence: boolean, params: Params): string {
  const col = `e.${column}`;
  if (existence) return `${col} IS NOT NULL`;
  if (node.op !== ':') throw textCompareError(node);
  if (node.field === 'session_id') return compileSession(node, params);
  if (node.wildcard) {
    params.push(likePattern(node.value));
    return `${col} IN (SELECT id FROM strings WHERE value ${LIKE})`;
  }
  params.push(node.value);
  return isExact(node.field)
    ? `${col} = (SELECT id FROM strings WHERE value = ?)`
    : `${col} IN (SELECT id FROM strings WHERE value = ? COLLATE NOCASE)`;
}

/** Sessions are given (dictionary refs) or derived (negative refs, derived-sessions.ts). */
function compileSession(node: FieldNode, params: Params): string {
  if (node.wildcard) {
    const pattern = likePattern(node.value);
    params.push(pattern, pattern);
    return `(e.session_ref IN (SELECT id FROM strings WHERE value ${LIKE}) OR (e.session_ref < 0 AND ${SESSION_TEXT_SQL} ${LIKE}))`;
  }
  const derived = parseDerivedSession(node.value);
  params.push(node.value);
  const given = 'e.session_ref = (SELECT id FROM strings WHERE value = ?)';
  if (derived === null) return given;
  params.push(derived);
  return `(${given} OR e.session_ref = ?)`;
}

/** A time value is an interval (query/time.ts); each operator compares with one of its ends. */
function compileTime(node: FieldNode, col: string, params: Params): string {
  const range = parseTimeValue(node.value);
  if (!range) throw new QuerySyntaxError(`Cannot read "${node.value}" as a time.`, node.column);
  switch (node.op) {
    case ':':
      params.push(range.start, range.end);
      return `(${col} >= ? AND ${col} < ?)`;
    case '>':
      params.push(range.end);
      return `${col} >= ?`;
    case '>=':
      params.push(range.start);
      return `${col} >= ?`;
    case '<':
      params.push(range.start);
      return `${col} < ?`;
    case '<=':
      params.push(range.end);
      return `${col} < ?`;
  }
}

function toNumber(node: FieldNode): number {
  const text = node.field === 'id' ? node.value.replace(/^evt_/i, '') : node.value;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) {
    throw new QuerySyntaxError(`${node.field} needs a number, not "${node.value}".`, node.column);
  }
  return n;
}

function textCompareError(node: FieldNode): QuerySyntaxError {
  return new QuerySyntaxError(`"${node.op}" does not apply to the text field ${node.field}; use ":".`, node.column);
}

// ---- Attributes ----

/** `["a", "b c"]` to the JSON path `$."a"."b c"`, every key quoted so dots and spaces are keys. */
function jsonPath(node: AttrNode): string {
  if (node.path.length === 0 || node.path.some((k) => k.includes('"') || k.includes('\\'))) {
    throw new QuerySyntaxError(`"attrs.${node.path.join('.')}" is not a valid attribute path.`, node.column);
  }
  return `$${node.path.map((k) => `."${k}"`).join('')}`;
}

/** The attribute object's JSON text, from the dictionary. */
const ATTRS = '(SELECT value FROM strings WHERE id = e.attrs_ref)';

function compileAttr(node: AttrNode, params: Params): string {
  return compileAttrOn(node, params).replaceAll('e.attrs', ATTRS);
}

function compileAttrOn(node: AttrNode, params: Params): string {
  const path = jsonPath(node);
  const value = node.value;
  if (node.wildcard && /^\*+$/.test(value)) {
    params.push(path);
    return 'json_type(e.attrs, ?) IS NOT NULL';
  }
  if (node.op !== ':') {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) {
      throw new QuerySyntaxError(`attrs.${node.path.join('.')}${node.op} needs a number, not "${value}".`, node.column);
    }
    // SQLite orders every string after every number, so without the type check `attrs.x>5`
    // would match each string value.
    params.push(path, path, n);
    return `(json_type(e.attrs, ?) IN ('integer', 'real') AND json_extract(e.attrs, ?) ${SQL_OP[node.op]} ?)`;
  }
  if (node.wildcard) {
    params.push(path, likePattern(value));
    return `json_extract(e.attrs, ?) ${LIKE}`;
  }
  // JSON keeps types the query text does not have: `attrs.n:7` should find 7 and "7".
  if (isNumberText(value)) {
    params.push(path, Number(value), value);
    return 'json_extract(e.attrs, ?) IN (?, ?)';
  }
  if (/^(true|false|null)$/i.test(value)) {
    params.push(path, value.toLowerCase(), path, value);
    return "(json_type(e.attrs, ?) = ? OR json_extract(e.attrs, ?) = ? COLLATE NOCASE)";
  }
  params.push(path, value);
  return 'json_extract(e.attrs, ?) = ? COLLATE NOCASE';
}

/** A query's text straight to its WHERE fragment (the adapter's own tests and tools). */
export function compileQuery(text: string): CompiledFilter {
  return compileFilter(parseQuery(text));
}
