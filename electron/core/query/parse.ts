// The search language's parser: tokens (tokenize.ts) to a QueryNode, by recursive descent.
//
//   query   := or EOF
//   or      := and (OR and)*                 inside a field group, juxtaposition is OR too
//   and     := unary ((AND)? unary)*         at top level, juxtaposition is AND
//   unary   := (NOT | -) unary | primary
//   primary := ( or ) | field value | "phrase" | word
//   value   := "phrase" | word | ( or )      the group form only after `:`
//
// Precedence is NOT > AND > OR, so `a OR b c` is `a OR (b AND c)`. Every mistake throws a
// QuerySyntaxError naming the problem and its column; nothing is silently dropped.
import { FIELDS, isNumberText, QuerySyntaxError, type CompareOp, type FieldName, type QueryNode } from './ast.js';
import { ATTR_COLUMNS } from '../../../shared/events.js';
import { EVENT_FIELDS } from '../../../shared/fields.js';
import { parseTimeValue } from '../../../shared/time.js';
import { routeTemplate } from '../../../shared/route.js';
import { tokenize, type PhraseToken, type Token, type WordToken } from './tokenize.js';

/** Deep enough for any hand-written query, shallow enough to never overflow the stack. */
const MAX_DEPTH = 64;
/**
 * Search terms in one query. Each becomes a few SQL expressions, and SQLite refuses a WHERE
 * clause deeper than 1000; this keeps the worst shape (every term negated, nested to MAX_DEPTH)
 * well inside that, and far beyond what anyone writes by hand.
 */
export const MAX_TERMS = 256;

type Target = { kind: 'field'; field: FieldName; name: string } | { kind: 'attr'; path: string[]; name: string };

/** Inside `field:( ... )`: words are values of that field, and juxtaposition means OR. */
interface Group {
  target: Target;
}

export function parseQuery(text: string): QueryNode | null {
  const trimmed = text.trim();
  // Kibana users type `*` for "everything"; it is the same as an empty query.
  if (trimmed === '' || trimmed === '*') return null;
  const tokens = tokenize(text);
  let terms = 0;
  for (const t of tokens) {
    if (t.kind === 'word' || t.kind === 'phrase') terms++;
    if (terms > MAX_TERMS) {
      throw new QuerySyntaxError(
        `The query has more than ${MAX_TERMS} search terms (the one at column ${t.col} is over); search for fewer words, or narrow with fields such as status:500.`,
        t.col,
      );
    }
  }
  const p = new Parser(tokens);
  const node = p.or(null, 0);
  const rest = p.peek();
  if (rest.kind !== 'eof') {
    // Every token that can start a term was consumed by the implicit AND, so this is a `)`.
    throw new QuerySyntaxError(`The ")" at column ${rest.col} has no matching "(".`, rest.col);
  }
  return node;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.pos] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  or(group: Group | null, depth: number): QueryNode {
    const children = [this.and(group, depth)];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'or') {
        this.next();
        this.expectOperand(t);
        children.push(this.and(group, depth));
      } else if (group && startsOperand(t)) {
        // `method:(POST PUT)`: one field holds one value, so AND of two different values could
        // never match; Lucene's default operator is OR, and that is the only useful reading.
        children.push(this.and(group, depth));
      } else {
        return combine('or', children);
      }
    }
  }

  private and(group: Group | null, depth: number): QueryNode {
    const children = [this.unary(group, depth)];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'and') {
        this.next();
        this.expectOperand(t);
        children.push(this.unary(group, depth));
      } else if (!group && startsOperand(t)) {
        children.push(this.unary(group, depth));
      } else {
        return combine('and', children);
      }
    }
  }

  private unary(group: Group | null, depth: number): QueryNode {
    const t = this.peek();
    if (depth > MAX_DEPTH) {
      throw new QuerySyntaxError(`The query nests too deeply at column ${t.col}.`, t.col);
    }
    if (t.kind === 'not' || t.kind === 'minus') {
      this.next();
      this.expectOperand(t);
      return { type: 'not', child: this.unary(group, depth + 1) };
    }
    return this.primary(group, depth);
  }

  private primary(group: Group | null, depth: number): QueryNode {
    const t = this.next();
    switch (t.kind) {
      case 'lparen':
        return this.parenthesised(t, group, depth);
      case 'field':
        return this.fieldTerm(t, depth);
      case 'word':
      case 'phrase':
        return group ? fieldLeaf(group.target, ':', t, t.col, t.col) : textNode(t);
      case 'rparen':
        throw new QuerySyntaxError(`The ")" at column ${t.col} has no matching "(".`, t.col);
      case 'and':
      case 'or':
        throw new QuerySyntaxError(`"${t.raw}" at column ${t.col} has no search term before it.`, t.col);
      default:
        // not/minus are taken by unary(); eof is caught by expectOperand() or parseQuery().
        throw new QuerySyntaxError(`Expected a search term at column ${t.col}.`, t.col);
    }
  }

  private parenthesised(open: Token, group: Group | null, depth: number): QueryNode {
    if (this.peek().kind === 'rparen') {
      throw new QuerySyntaxError(`The parentheses at column ${open.col} are empty.`, open.col);
    }
    if (this.peek().kind === 'eof') {
      throw new QuerySyntaxError(`The "(" at column ${open.col} is never closed.`, open.col);
    }
    const node = this.or(group, depth + 1);
    if (this.peek().kind !== 'rparen') {
      throw new QuerySyntaxError(`The "(" at column ${open.col} is never closed.`, open.col);
    }
    this.next();
    return node;
  }

  private fieldTerm(t: Extract<Token, { kind: 'field' }>, depth: number): QueryNode {
    const target = resolveField(t.name, t.col);
    const v = this.next();
    if (v.kind === 'word' || v.kind === 'phrase') return fieldLeaf(target, t.op, v, t.col, t.opCol);
    if (v.kind === 'lparen') {
      if (t.op !== ':') {
        throw new QuerySyntaxError(
          `A list of values in parentheses only works with ":", not "${t.op}" (column ${t.opCol}).`,
          t.opCol,
        );
      }
      return this.parenthesised(v, { target }, depth);
    }
    throw new QuerySyntaxError(`"${t.raw}" at column ${t.col} is missing its value.`, t.col);
  }

  /** After an operator, something must follow that can start a term. */
  private expectOperand(op: Token): void {
    if (!startsOperand(this.peek())) {
      throw new QuerySyntaxError(`"${op.raw}" at column ${op.col} needs a search term after it.`, op.col);
    }
  }
}

function startsOperand(t: Token): boolean {
  return ['not', 'minus', 'lparen', 'field', 'word', 'phrase'].includes(t.kind);
}

/** Flattens nested nodes of the same kind, so `a (b c)` is one AND of three terms. */
function combine(type: 'and' | 'or', children: QueryNode[]): QueryNode {
  if (children.length === 1) return children[0] as QueryNode;
  return { type, children: children.flatMap((c) => (c.type === type ? c.children : [c])) };
}

// ---- Terms ----

const HAS_SEARCHABLE = /[\p{L}\p{N}]/u;

function textNode(t: WordToken | PhraseToken): QueryNode {
  if (t.kind === 'phrase') {
    if (!HAS_SEARCHABLE.test(t.text)) {
      throw new QuerySyntaxError(`The quoted text at column ${t.col} has no letters or digits to search for.`, t.col);
    }
    return { type: 'text', text: t.text, phrase: true, prefix: false, column: t.col };
  }
  const misplacedEquals = /^([\w.@]+)==?./.exec(t.text);
  if (misplacedEquals && lookupField(misplacedEquals[1] as string)) {
    const fixed = t.raw.replace(/==?/, ':');
    throw new QuerySyntaxError(`Fields compare with ":", so write ${fixed} instead of "${t.raw}" at column ${t.col}.`, t.col);
  }
  // FTS5 can only match prefixes, so `*` is allowed only at the end of a word.
  const prefix = t.stars.length > 0 && t.stars.every((s, k) => s === t.text.length - t.stars.length + k);
  if (t.stars.length > 0 && !prefix) {
    throw new QuerySyntaxError(
      `Full-text search allows "*" only at the end of a word ("${t.raw}" at column ${t.col}); use a field, as in url:*cart*.`,
      t.col,
    );
  }
  const text = prefix ? t.text.slice(0, t.text.length - t.stars.length) : t.text;
  if (!HAS_SEARCHABLE.test(text)) {
    throw new QuerySyntaxError(`"${t.raw}" at column ${t.col} has no letters or digits to search for.`, t.col);
  }
  const node: QueryNode = { type: 'text', text, phrase: false, prefix, column: t.col };
  // A bare `404` is what users type for a status, which no text holds as a word: it finds both.
  if (!prefix && STATUS_WORD.test(text)) return { type: 'or', children: [{ type: 'field', field: 'status', op: ':', value: text, wildcard: false, column: t.col }, node] };
  return node;
}

const STATUS_WORD = /^[1-5]\d\d$/;

const KINDS = ['api', 'user', 'log'];

/**
 * One `field<op>value` after checking the value suits the field. `column` is where the term
 * starts, `opCol` where its operator is (for complaints about the operator).
 */
function fieldLeaf(target: Target, op: CompareOp, v: WordToken | PhraseToken, column: number, opCol: number): QueryNode {
  const quoted = v.kind === 'phrase';
  // A quoted `*` is a literal star; an unquoted one is a wildcard unless escaped.
  const wildcard = !quoted && v.stars.length > 0;
  if (!quoted && wildcard && v.escapedStar) {
    throw new QuerySyntaxError(
      `The value at column ${v.col} mixes an escaped "\\*" with "*" wildcards, which cannot be told apart.`,
      v.col,
    );
  }
  if (wildcard && op !== ':') {
    throw new QuerySyntaxError(`Wildcards only work with ":", not "${op}" at column ${opCol}.`, opCol);
  }
  let value = v.text;
  const existence = wildcard && /^\*+$/.test(value);

  if (target.kind === 'attr') {
    if (op !== ':' && !isNumberText(value)) {
      throw new QuerySyntaxError(`"${target.name}${op}" needs a number, not "${value}" at column ${v.col}.`, v.col);
    }
    return { type: 'attr', path: target.path, op, value, wildcard, column };
  }

  const { field, name } = target;
  const type = FIELDS[field].type;
  if (type === 'text' && op !== ':') {
    throw new QuerySyntaxError(
      `Field "${name}" holds text, so "${op}" at column ${opCol} does not apply; use ":" instead.`,
      opCol,
    );
  }
  if (type === 'number' && !existence) {
    if (field === 'id') value = value.replace(/^evt_/i, '');
    const ok = wildcard ? /^[\d.*]+$/.test(value) : isNumberText(value);
    if (!ok) throw new QuerySyntaxError(`Field "${name}" needs a number, not "${v.text}" at column ${v.col}.`, v.col);
  }
  if (type === 'time' && !existence) {
    if (wildcard || !parseTimeValue(value)) {
      throw new QuerySyntaxError(
        `Cannot read "${value}" as a time at column ${v.col}; use ISO 8601 such as 2015-05-17T10:00:00Z, a date such as 2015-05-17, or epoch milliseconds.`,
        v.col,
      );
    }
  }
  if (field === 'kind' && !wildcard) {
    value = value.toLowerCase();
    if (!KINDS.includes(value)) {
      throw new QuerySyntaxError(`Field "${name}" must be api, user or log, not "${v.text}" at column ${v.col}.`, v.col);
    }
  }
  const leaf: QueryNode = { type: 'field', field, op, value, wildcard, column };
  // Routes are stored as templates (`/users/:id`): a concrete path pasted from a URL or a log
  // line (`route:/users/123`) finds the events of its template as well as any stored as given.
  // A quoted value is exact (`route:"/users/123"`): what a drill-down writes.
  if (field === 'route' && !wildcard && !quoted) {
    const template = routeTemplate(value);
    if (template !== value) return { type: 'or', children: [leaf, { ...leaf, value: template }] };
  }
  return leaf;
}

// ---- Field names ----

/** Every name the language reads as a field (the catalogue's names and aliases, lower-case) -> the field. */
export const FIELD_NAMES: ReadonlyMap<string, FieldName> = new Map(
  EVENT_FIELDS.flatMap((def) => [def.name, ...def.aliases].map((n): [string, FieldName] => [n.toLowerCase(), def.name])),
);

/** `--json` prints these columns inside `attrs`; `attrs.user_agent` should find what users see there. */
const ATTR_COLUMN_SET: ReadonlySet<string> = new Set(ATTR_COLUMNS);

function lookupField(name: string): FieldName | undefined {
  return FIELD_NAMES.get(name.toLowerCase());
}

function resolveField(name: string, col: number): Target {
  const field = lookupField(name);
  if (field) return { kind: 'field', field, name };
  if (/^attrs\./i.test(name)) {
    const path = name.slice('attrs.'.length).split('.');
    if (path.some((p) => p === '' || p.includes('"'))) {
      throw new QuerySyntaxError(`"${name}" at column ${col} is not a valid attribute path; write attrs.key or attrs.key.subkey.`, col);
    }
    const only = path.length === 1 ? (path[0] as string) : '';
    if (ATTR_COLUMN_SET.has(only)) return { kind: 'field', field: only as FieldName, name };
    return { kind: 'attr', path, name };
  }
  const near = closestField(name);
  const hint = near ? ` (did you mean "${near}"?)` : '';
  throw new QuerySyntaxError(
    `Unknown field "${name}" at column ${col}${hint}; known fields: ${Object.keys(FIELDS).join(', ')} and attrs.<key>.`,
    col,
  );
}

function closestField(name: string): string | undefined {
  const lower = name.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const candidate of FIELD_NAMES.keys()) {
    const d = editDistance(lower, candidate);
    if (!best || d < best.d) best = { name: candidate, d };
  }
  // Allow about one typo per three letters, so "stauts" finds status but "foo" finds nothing.
  return best && best.d <= Math.max(1, Math.floor(lower.length / 3)) ? best.name : undefined;
}

/** Optimal-string-alignment distance: Levenshtein plus swapping two neighbouring letters. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => (rows[i] as number[])[j] as number;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = d;
    }
  }
  return at(a.length, b.length);
}
