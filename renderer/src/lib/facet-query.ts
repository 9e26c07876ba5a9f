// The facet sidebar's edits to the search text: include a value (`field:value` ANDed in),
// exclude it (`-field:value`), or take the term out again. The query stays the user's text: only
// the one term is added, swapped or removed, everything else is left as typed. Values are written
// with shared/query-text.ts so the parser (electron/core/query/parse.ts) reads back exactly them,
// whatever they hold (spaces, quotes, colons, bidi overrides, markup). Pure: strings in, strings out.
import { EVENT_FIELDS, FIELD_BY_NAME } from '../../../shared/fields.js';
import type { FacetField } from '../../../shared/facets.js';
import { fieldValueText } from '../../../shared/query-text.js';
import { routeTemplate } from '../../../shared/route.js';

export type FacetMode = 'include' | 'exclude';

/** `field:value` as the language reads it back; null when the value cannot be written (the UI says so). */
export function facetTermText(field: FacetField, value: string | number): string | null {
  const text = fieldValueText(field, String(value));
  return text === null ? null : `${field}:${text}`;
}

/** A top-level stretch of the query between spaces, with quotes, escapes and parentheses kept whole. */
interface Chunk {
  text: string;
  start: number;
  end: number;
}

/**
 * Every character with whether it is plain: outside quotes and not escaped, so its space, `(`
 * or `)` means what it says (tokenize.ts's rules: only `\"` and `\\` escape inside quotes).
 */
function* characters(text: string): Generator<{ i: number; c: string; plain: boolean }> {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const escapes = c === '\\' && (quoted ? text[i + 1] === '"' || text[i + 1] === '\\' : i + 1 < text.length);
    if (escapes) {
      yield { i, c, plain: false };
      yield { i: ++i, c: text[i]!, plain: false };
      continue;
    }
    if (c === '"') quoted = !quoted;
    yield { i, c, plain: !quoted && c !== '"' };
  }
}

/** The query cut where the parser's top level ANDs its terms, with quotes, escapes and parentheses kept whole. */
export function topLevelChunks(query: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = -1;
  let depth = 0;
  for (const { i, c, plain } of characters(query)) {
    if (plain && depth === 0 && /\s/.test(c)) {
      if (start >= 0) chunks.push({ text: query.slice(start, i), start, end: i });
      start = -1;
      continue;
    }
    if (start < 0) start = i;
    if (plain && c === '(') depth++;
    else if (plain && c === ')') depth = Math.max(0, depth - 1);
  }
  if (start >= 0) chunks.push({ text: query.slice(start), start, end: query.length });
  return chunks;
}

const isOr = (c: Chunk) => c.text === 'OR' || c.text === '||';
const isAnd = (c: Chunk) => c.text === 'AND' || c.text === '&&';

/** Every name the language reads as a field (names and aliases, lower-case) -> the field's name. */
const FIELD_NAMES: ReadonlyMap<string, string> = new Map(
  EVENT_FIELDS.flatMap((d) => [d.name, ...d.aliases].map((n): [string, string] => [n.toLowerCase(), d.name])),
);

/** SQLite's NOCASE, which the store compares text with: ASCII letters only. */
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** `-field:value` / `field:value` as an equality the chunk states; null for anything else (ranges, wildcards, groups, words). */
function readTerm(chunk: string): { negated: boolean; field: string; value: string } | null {
  const negated = chunk.startsWith('-');
  const body = negated ? chunk.slice(1) : chunk;
  const m = /^([A-Za-z_@][\w.@]*):(.+)$/s.exec(body);
  if (!m) return null;
  const field = FIELD_NAMES.get(m[1]!.toLowerCase());
  const raw = m[2]!;
  if (!field || /^[<>]/.test(raw)) return null;
  let value: string;
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    value = raw.slice(1, -1).replace(/\\(["\\])/g, '$1');
  } else {
    // An unescaped `*` is a wildcard and `(` a list of values: not one value's equality.
    if (/(^|[^\\])(\\\\)*[*("]/.test(raw)) return null;
    value = raw.replace(/\\(.)/gs, '$1');
    // A bare concrete path also finds its template's events (parse.ts): more than this value.
    if (field === 'route' && routeTemplate(value) !== value) return null;
  }
  return { negated, field, value };
}

/** Whether the chunk says exactly "field is value" (or its negation), as the store compares them. */
function sameValue(field: FacetField, a: string, b: string | number): boolean {
  const def = FIELD_BY_NAME.get(field);
  if (def?.type === 'number') return a.trim() !== '' && Number(a) === Number(b);
  return def?.exact ? a === String(b) : asciiLower(a) === asciiLower(String(b));
}

/** Where the query includes or excludes the value at its top level, ANDed with the rest. */
function findTerm(query: string, field: FacetField, value: string | number): { mode: FacetMode; index: number; chunks: Chunk[] } | null {
  const chunks = topLevelChunks(query);
  // Under a top-level OR nothing is ANDed: the term would not narrow the whole query.
  if (chunks.some(isOr)) return null;
  for (let index = 0; index < chunks.length; index++) {
    const term = readTerm(chunks[index]!.text);
    if (!term || term.field !== field || !sameValue(field, term.value, value)) continue;
    // `NOT field:value` is an exclusion written the long way.
    const not = index > 0 && chunks[index - 1]!.text === 'NOT';
    return { mode: term.negated !== not ? 'exclude' : 'include', index, chunks };
  }
  return null;
}

/** Whether the search includes or excludes this value (for the sidebar's marks). */
export function facetState(query: string, field: FacetField, value: string | number): FacetMode | null {
  return findTerm(query, field, value)?.mode ?? null;
}

/** The query with chunks [from, to] cut out, the space around them closed up. */
function cut(query: string, chunks: Chunk[], from: number, to: number): string {
  const before = query.slice(0, chunks[from]!.start).replace(/\s+$/, '');
  const after = query.slice(chunks[to]!.end).replace(/^\s+/, '');
  return before === '' || after === '' ? before + after : `${before} ${after}`;
}

/** The query with the term ANDed on; a top-level OR is wrapped first so the term narrows all of it. */
function append(query: string, term: string): string {
  const trimmed = query.trim();
  if (trimmed === '' || trimmed === '*') return term;
  const chunks = topLevelChunks(trimmed);
  // A trailing lone backslash would escape the space after it; doubled it reads as the same backslash.
  const odd = (/\\+$/.exec(trimmed)?.[0].length ?? 0) % 2 === 1;
  const base = `${trimmed}${odd ? '\\' : ''}`;
  return chunks.some(isOr) ? `(${base}) ${term}` : `${base} ${term}`;
}

/**
 * The query after a click on a value: `include` adds `field:value`, `exclude` adds
 * `-field:value`; clicking what the query already says takes the term out, and the other way
 * round swaps it. Null when the value cannot be written in the language.
 */
export function toggleFacet(query: string, field: FacetField, value: string | number, mode: FacetMode): string | null {
  const term = facetTermText(field, value);
  if (term === null) return null;
  const wanted = mode === 'include' ? term : `-${term}`;
  const found = findTerm(query, field, value);
  if (!found) return append(query, wanted);
  const { chunks, index } = found;
  const first = index > 0 && chunks[index - 1]!.text === 'NOT' ? index - 1 : index;
  // The other way round: the term swapped where it stands.
  if (found.mode !== mode) return query.slice(0, chunks[first]!.start) + wanted + query.slice(chunks[index]!.end);
  // Taken out with its `NOT` and a joining `AND`, so what is left still parses.
  let from = first;
  let to = index;
  if (from > 0 && isAnd(chunks[from - 1]!)) from--;
  else if (to + 1 < chunks.length && isAnd(chunks[to + 1]!)) to++;
  return unwrap(cut(query, chunks, from, to));
}

/** `(a OR b)` left alone after the last term goes: the parentheses `append` put round it come off again. */
function unwrap(query: string): string {
  const chunks = topLevelChunks(query);
  const only = chunks.length === 1 ? chunks[0]!.text : '';
  if (!only.startsWith('(') || !only.endsWith(')')) return query;
  const inner = only.slice(1, -1);
  // Only when the first `(` is the one the last `)` closes, and what it holds needs no parentheses.
  return balanced(inner) && topLevelChunks(inner).some(isOr) ? inner : query;
}

/** No `)` without its `(` before it, and none left open (quoted and escaped ones aside). */
function balanced(text: string): boolean {
  let depth = 0;
  for (const { c, plain } of characters(text)) {
    if (plain && c === '(') depth++;
    else if (plain && c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}
