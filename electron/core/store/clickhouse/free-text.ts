// Free text on ClickHouse: each event carries the lower-cased text of the fields the SQLite
// adapter's full-text index covers (the same fields; session ids, addresses, trace and span ids
// left out). A word or phrase matches an event whose text contains it. ClickHouse 18.16 has no
// word index, so this is a substring search; what that changes for the user is said in
// FREE_TEXT_NOTE, which the UI can show.
//
// The text is kept in three columns (schema.ts): search_key holds the fields that name what
// happened (method, route, type, page, level) and search_agent the user agent, both
// LowCardinality, so a search tests each distinct value once rather than once per event;
// search_text holds the rest. On access logs that took search_text from 139 to 41 bytes an
// event, and counting a word in a million events from 67 to 36 ms (measured).
// Parts are joined by U+001F, a character the query language refuses (query/tokenize.ts), so
// no term can span two fields and "some column contains the term" is exactly "the joined text
// contains it". Rows written before the split (or into a table without the two columns) hold
// everything in search_text, joined by line breaks; the same test finds them.
import type { EventsLayout } from './layout.js';

/** What free text means on a ClickHouse store, next to the SQLite store's word search. */
export const FREE_TEXT_NOTE =
  'On a ClickHouse store, free text matches substrings, not words: "err" also finds "error" and ' +
  '"terrible", a phrase must appear with the same punctuation and spacing, and accented letters ' +
  'must be typed with their accents. Case is ignored as before. Field searches (status:500, ' +
  'route:/api/*) behave the same on both stores.';

/** Fields whose text free text searches, in the SQLite adapter's order (event-columns.ts TEXT_SEARCH_COLUMNS). */
export const SEARCH_TEXT_FIELDS = [
  'method', 'url', 'route', 'type', 'page', 'target', 'level', 'message', 'user_agent', 'referrer', 'user_id',
] as const;
export type SearchTextField = (typeof SEARCH_TEXT_FIELDS)[number];

/** The fields search_key holds: few distinct values each, and few combinations of them. */
export const SEARCH_KEY_FIELDS = ['method', 'route', 'type', 'page', 'level'] as const satisfies readonly SearchTextField[];
/** The one field search_agent holds. */
export const SEARCH_AGENT_FIELD = 'user_agent' satisfies SearchTextField;

/** Where each searchable field goes in a table with the split columns. */
export type SearchColumn = 'text' | 'key' | 'agent';
export function searchColumnOf(field: SearchTextField, layout: EventsLayout): SearchColumn {
  if (!layout.splitSearch) return 'text';
  if (field === SEARCH_AGENT_FIELD) return 'agent';
  return (SEARCH_KEY_FIELDS as readonly string[]).includes(field) ? 'key' : 'text';
}

/** Between the parts of a search column: never part of a query term. */
export const SEARCH_SEPARATOR = '\u001f';

export interface SearchCells {
  text: string;
  key: string;
  agent: string;
}

/**
 * The search columns of an event from its searchable field values (SEARCH_TEXT_FIELDS order)
 * and its attribute leaves, lower-cased; attribute leaves go to search_text.
 */
export function searchCells(values: readonly (string | null | undefined)[], attrLeaves: readonly string[], layout: EventsLayout): SearchCells {
  const parts: Record<SearchColumn, string[]> = { text: [], key: [], agent: [] };
  SEARCH_TEXT_FIELDS.forEach((field, i) => {
    const v = values[i];
    if (v !== null && v !== undefined && v !== '') parts[searchColumnOf(field, layout)].push(v.toLowerCase());
  });
  for (const v of attrLeaves) parts.text.push(v.toLowerCase());
  return { text: parts.text.join(SEARCH_SEPARATOR), key: parts.key.join(SEARCH_SEPARATOR), agent: parts.agent.join(SEARCH_SEPARATOR) };
}

/** The text a query term is looked for as: lower-cased the same way the search columns were. */
export function freeTextNeedle(text: string): string {
  return text.toLowerCase();
}

/** SQL that is 1 where an event's text holds `needle` (a placeholder). */
export function freeTextSql(needle: string, layout: EventsLayout): string {
  if (!layout.splitSearch) return `(position(search_text, ${needle}) > 0)`;
  // The LowCardinality columns first: each is tested on its distinct values only.
  return `(position(search_key, ${needle}) > 0 OR position(search_agent, ${needle}) > 0 OR position(search_text, ${needle}) > 0)`;
}
