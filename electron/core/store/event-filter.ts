// Compiles a parsed query (query/ast.ts) into a WHERE fragment over `events e`, and builds the
// text each event contributes to the full-text index. User text only ever travels as a bound
// parameter: the SQL text is assembled from column names and operators taken from fixed tables.
import { FIELDS, isNumberText, QuerySyntaxError, type CompareOp, type FieldName, type QueryNode } from '../query/ast.js';
import { parseTimeValue } from '../../../shared/time.js';

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
 * Opaque identifiers compare exactly: nobody types them from memory, and an exact `=` lets
 * SQLite use events_by_session (a NOCASE comparison cannot use a BINARY index). user_id stays
 * case-insensitive: it is often a name or an email that people do type.
 */
const EXACT_FIELDS = new Set<FieldName>(['session_id', 'trace_id', 'span_id', 'ip_hash']);

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
  // Sibling full-text terms share one MATCH: FTS5 combines them in a single index lookup.
  const texts = children.filter((c): c is TextNode => c.type === 'text');
  if (texts.length > 0) parts.push(ftsMatch(texts.map(ftsTerm).join(sep), params));
  for (const c of children) if (c.type !== 'text') parts.push(compile(c, params));
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(sep)})`;
}

// ---- Full text ----

function ftsMatch(match: string, params: Params): string {
  params.push(match);
  return 'e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)';
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
  const col = `e.${node.field}`;
  const existence = node.wildcard && /^\*+$/.test(node.value);

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
      return EXACT_FIELDS.has(node.field) ? `${col} = ?` : `${col} = ? COLLATE NOCASE`;
    }
  }
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
  if (node.path.length === 0 || node.path.some((k) => k.includes('"'))) {
    throw new QuerySyntaxError(`"attrs.${node.path.join('.')}" is not a valid attribute path.`, node.column);
  }
  return `$${node.path.map((k) => `."${k}"`).join('')}`;
}

function compileAttr(node: AttrNode, params: Params): string {
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

// ---- The indexed text ----

export interface FtsFields {
  method?: string | null;
  url?: string | null;
  route?: string | null;
  type?: string | null;
  page?: string | null;
  target?: string | null;
  level?: string | null;
  message?: string | null;
  user_agent?: string | null;
  referrer?: string | null;
  session_id?: string | null;
  user_id?: string | null;
  attrs?: Record<string, unknown> | null;
}

const FTS_FIELDS = [
  'method', 'url', 'route', 'type', 'page', 'target', 'level', 'message', 'user_agent', 'referrer',
  'session_id', 'user_id',
] as const;

/** Attribute objects come from JSON, but a hostile or odd one must not recurse forever. */
const MAX_ATTR_DEPTH = 16;

/** The text one event contributes to events_fts.body: its words, not its keys. */
export function buildFtsBody(e: FtsFields): string {
  const parts: string[] = [];
  for (const f of FTS_FIELDS) {
    const v = e[f];
    if (typeof v === 'string' && v.trim() !== '') parts.push(v);
  }
  if (e.attrs) collectLeaves(e.attrs, parts, 0);
  return parts.join(' ');
}

function collectLeaves(value: unknown, out: string[], depth: number): void {
  if (typeof value === 'string') {
    if (value.trim() !== '') out.push(value);
  } else if (typeof value === 'number') {
    if (Number.isFinite(value)) out.push(String(value));
  } else if (value !== null && typeof value === 'object' && depth < MAX_ATTR_DEPTH) {
    for (const v of Object.values(value)) collectLeaves(v, out, depth + 1);
  }
}
