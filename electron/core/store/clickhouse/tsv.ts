// Values as ClickHouse's TabSeparated input reads them. Inserts use it rather than JSONEachRow:
// the server parses it faster, and a repeated string (a URL, an agent) is escaped once and
// reused (bulk-sink.ts keeps the escaped form per dictionary entry).

export const TSV_NULL = '\\N';

/** A String field: backslash, tab, line breaks and NUL escaped. */
export function tsvText(s: string): string {
  // Most values need nothing: test first, so the common case costs one scan and no copy.
  if (!/[\\\t\n\r\0]/.test(s)) return s;
  return s.replace(/[\\\t\n\r\0]/g, (c) => TSV_ESCAPES[c] ?? c);
}

const TSV_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' };

export function tsvNullableText(s: string | null | undefined): string {
  return s === null || s === undefined ? TSV_NULL : tsvText(s);
}

/** A number field; NaN, infinities and absent values are NULL. */
export function tsvNullableNumber(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? TSV_NULL : String(n);
}

/** An Int64 field that may be absent; fractions are dropped (line numbers, byte offsets). */
export function tsvNullableInt(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? TSV_NULL : String(Math.trunc(n));
}

/** Array(String): each element quoted, with a quote escaped as TSV escapes everything else. */
export function tsvStringArray(items: readonly string[]): string {
  if (items.length === 0) return '[]';
  return `[${items.map((s) => `'${tsvText(s).replaceAll("'", "\\'")}'`).join(',')}]`;
}

export function tsvNumberArray(items: readonly number[]): string {
  return `[${items.map((n) => (Number.isFinite(n) ? String(n) : '0')).join(',')}]`;
}
