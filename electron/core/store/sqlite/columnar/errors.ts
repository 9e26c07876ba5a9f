// Why the columnar index declines or restarts a query.

/**
 * The index cannot answer this exactly (a numeric column holding text, say): the adapter asks
 * SQL instead. Thrown before any result is formed, never half way through one.
 */
export class NotColumnarError extends Error {
  override name = 'NotColumnarError';
}

/**
 * The loaded rows no longer match the table (rows went without the epoch moving, see epoch.ts).
 * Internal: the index drops what it holds and answers again from a fresh load.
 */
export class StaleIndexError extends Error {
  override name = 'StaleIndexError';
}
