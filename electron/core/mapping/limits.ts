// What one mapped item may hold, whether it came to the collector or from a file. The
// collector's request limits (collect/limits.ts) re-export these beside its own.

/** Deeper payloads are refused: storing and searching them recurses, and no real client nests so. */
export const MAX_JSON_DEPTH = 32;
/** Ids taken from bodies or headers are cut to this many characters. */
export const MAX_ID_CHARS = 200;
/** Event times outside 1970 .. 9999 are refused: they cannot be shown or printed as ISO 8601. */
export const MAX_EVENT_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * AnyValue levels (a value inside an array inside a kvlist ... ) accepted in OTLP attributes and
 * log bodies. Each level becomes one JSON container in attrs, which the store refuses past
 * MAX_JSON_DEPTH, and attrs itself is one more.
 */
export const MAX_ANY_DEPTH = MAX_JSON_DEPTH - 2;

/**
 * Containers one OTLP span or record may nest (its raw JSON). OTLP/JSON spends four containers on
 * each AnyValue level, plus a few for the item's own structure.
 */
export const MAX_ITEM_DEPTH = 4 * MAX_ANY_DEPTH + 16;
