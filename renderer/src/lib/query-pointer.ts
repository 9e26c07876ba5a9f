/**
 * Cut the part of a query around a 1-based column so an error can show where it points,
 * even for long queries. `at` is the character pointed at (a space past the end).
 */
export interface QueryExcerpt {
  before: string;
  at: string;
  after: string;
  clippedStart: boolean;
  clippedEnd: boolean;
}

export function excerptAt(query: string, column: number, radius = 32): QueryExcerpt {
  const index = Math.min(Math.max(column - 1, 0), query.length);
  const start = Math.max(0, index - radius);
  const end = Math.min(query.length, index + 1 + radius);
  return {
    before: query.slice(start, index),
    at: index < query.length ? query.charAt(index) : ' ',
    after: query.slice(index + 1, end),
    clippedStart: start > 0,
    clippedEnd: end < query.length,
  };
}
