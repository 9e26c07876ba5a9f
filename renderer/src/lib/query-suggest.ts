// The search box's autocomplete, the pure part: which term of the query the caret is in, whether
// it asks for a field name or for a field's values, and how accepting a suggestion rewrites the
// text and moves the caret. The box (SearchBox.tsx) fetches values and draws the list.
import { EVENT_FIELDS, type FieldType } from '../../../shared/fields.js';
import { fieldValueText } from '../../../shared/query-text.js';
import { SUGGEST_FIELDS, type SuggestField } from '../../../shared/suggest.js';

/** A term of the query: from `start` (its `-`, if negated) to `end`, quotes kept whole. */
export interface TermSpan {
  start: number;
  end: number;
}

export type SuggestContext =
  /** The word at the caret could be the start of a field name. */
  | { kind: 'field'; prefix: string; from: number; to: number }
  /** After `field:`; `prefix` is what was typed after the colon (quote removed). */
  | { kind: 'value'; field: SuggestField; prefix: string; from: number; to: number; name: string; rest: string };

export interface FieldSuggestion {
  name: string;
  label: string;
  type: FieldType;
  /** The alias the typed prefix matched, when it was not the name itself. */
  alias: string | null;
}

export interface Edit {
  text: string;
  caret: number;
}

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

/**
 * The query's terms as the tokenizer (electron/core/query/tokenize.ts) would split them: spaces
 * and parentheses end a term, a quoted part (with `\"` escapes) and a backslash-escaped character
 * stay inside it. An unclosed quote runs to the end, as the user is still typing it.
 */
export function termSpans(text: string): TermSpan[] {
  const spans: TermSpan[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (isSpace(c) || c === '(' || c === ')') {
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && !isSpace(text[i]) && text[i] !== '(' && text[i] !== ')') {
      if (text[i] === '\\') {
        i += 2;
      } else if (text[i] === '"') {
        i++;
        while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
        i++;
      } else {
        i++;
      }
    }
    i = Math.min(i, text.length);
    spans.push({ start, end: i });
  }
  return spans;
}

/** The catalogue's name for a name or alias as typed, if it is one the box can list values of. */
function suggestFieldFor(name: string): SuggestField | null {
  const lower = name.toLowerCase();
  const def = EVENT_FIELDS.find((d) => d.name === lower || d.aliases.some((a) => a.toLowerCase() === lower));
  return def && (SUGGEST_FIELDS as readonly string[]).includes(def.name) ? (def.name as SuggestField) : null;
}

/** A value as typed after the colon: an opening quote dropped and `\"` / `\\` read. */
function typedValue(raw: string): string {
  if (!raw.startsWith('"')) return raw.replace(/\\(.)/g, '$1');
  return raw.slice(1).replace(/"$/, '').replace(/\\(["\\])/g, '$1');
}

const OPERATOR = /^(AND|OR|NOT|&&|\|\|)$/;

/**
 * The query without one term, for counting values among what the rest matches: an operator left
 * hanging by the removal (`a OR |`) goes too, else the rest would not parse.
 */
export function queryWithout(text: string, span: TermSpan): string {
  const words = (s: string) => s.split(/\s+/).filter((w) => w !== '');
  const before = words(text.slice(0, span.start));
  const after = words(text.slice(span.end));
  while (before.length > 0 && OPERATOR.test(before[before.length - 1] as string)) before.pop();
  while (after.length > 0 && /^(AND|OR|&&|\|\|)$/.test(after[0] as string)) after.shift();
  return [...before, ...after].join(' ');
}

/** What to suggest for the caret at `caret` in `text`, or null for nothing. */
export function suggestContext(text: string, caret: number): SuggestContext | null {
  const span = termSpans(text).find((s) => s.start <= caret && caret <= s.end);
  if (!span) return null;
  const from = text[span.start] === '-' ? span.start + 1 : span.start;
  if (caret < from) return null;
  const term = text.slice(from, span.end);
  const typed = text.slice(from, caret);
  const colon = term.search(/[:<>]/);
  if (colon < 0) {
    if (!/^[A-Za-z_@][\w.@]*$/.test(typed) || fieldSuggestions(typed).length === 0) return null;
    return { kind: 'field', prefix: typed, from, to: span.end };
  }
  // The caret in the name of a `field:value` term: the value stays, so no list.
  if (caret <= from + colon || term[colon] !== ':') return null;
  const name = term.slice(0, colon);
  const field = suggestFieldFor(name);
  if (!field) return null;
  const prefix = typedValue(typed.slice(colon + 1));
  return { kind: 'value', field, prefix, from, to: span.end, name, rest: queryWithout(text, span) };
}

/** Fields whose name or an alias starts with `prefix` (any case), names matched before aliases. */
export function fieldSuggestions(prefix: string): FieldSuggestion[] {
  const p = prefix.toLowerCase();
  const byName: FieldSuggestion[] = [];
  const byAlias: FieldSuggestion[] = [];
  for (const d of EVENT_FIELDS) {
    const entry = { name: d.name, label: d.label, type: d.type };
    if (d.name.startsWith(p)) byName.push({ ...entry, alias: null });
    else {
      const alias = d.aliases.find((a) => a.toLowerCase().startsWith(p));
      if (alias !== undefined) byAlias.push({ ...entry, alias });
    }
  }
  return [...byName, ...byAlias];
}

/** After a term: a space unless the text goes on with one or with a `)`; the caret after it. */
function insertTerm(text: string, from: number, to: number, insertion: string, spaceAfter: boolean): Edit {
  const before = text.slice(0, from) + insertion;
  const after = text.slice(to);
  if (!spaceAfter) return { text: before + after, caret: before.length };
  if (after.startsWith(')')) return { text: before + after, caret: before.length };
  if (isSpace(after[0])) return { text: before + after, caret: before.length + 1 };
  return { text: `${before} ${after}`, caret: before.length + 1 };
}

/** `stat|` -> `status:|`, ready for its values; the rest of the word at the caret is replaced. */
export function acceptField(text: string, ctx: Extract<SuggestContext, { kind: 'field' }>, name: string): Edit {
  return insertTerm(text, ctx.from, ctx.to, `${name}:`, false);
}

/**
 * `status:4|` -> `status:404 |`, the value written so the language reads it back exactly (quoted
 * when it must be), the field's name kept as typed; null when the value cannot be written.
 */
export function acceptValue(text: string, ctx: Extract<SuggestContext, { kind: 'value' }>, value: string): Edit | null {
  const written = fieldValueText(ctx.field, value);
  if (written === null) return null;
  return insertTerm(text, ctx.from, ctx.to, `${ctx.name}:${written}`, true);
}
