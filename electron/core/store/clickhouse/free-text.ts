// Free text on ClickHouse: each event carries search_text, the lower-cased text of the fields
// the SQLite adapter's full-text index covers (the same fields; session ids, addresses, trace
// and span ids left out), joined by line breaks. A word or phrase matches an event whose
// search_text contains it. ClickHouse 18.16 has no word index, so this is a substring search;
// what that changes for the user is said in FREE_TEXT_NOTE, which the UI can show.

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

/** Between the parts of search_text: a term typed in a query never holds one. */
const SEPARATOR = '\n';

/** search_text of an event from its searchable field values and its attribute leaves. */
export function searchText(values: readonly (string | null | undefined)[], attrLeaves: readonly string[]): string {
  const parts: string[] = [];
  for (const v of values) if (v !== null && v !== undefined && v !== '') parts.push(v.toLowerCase());
  for (const v of attrLeaves) parts.push(v.toLowerCase());
  return parts.join(SEPARATOR);
}

/** The text a query term is looked for as: lower-cased the same way search_text was. */
export function freeTextNeedle(text: string): string {
  return text.toLowerCase();
}
