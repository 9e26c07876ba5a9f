// Prepared statements for SQL whose WHERE clause varies with the query text.
import type { Database, Statement } from 'better-sqlite3';

/** Dynamic WHERE clauses vary with the query text; cache their statements so repeats are free. */
export function statementCache(db: Database, max = 64): (sql: string) => Statement {
  const cache = new Map<string, Statement>();
  return (sql) => {
    let st = cache.get(sql);
    if (st) {
      cache.delete(sql);
    } else {
      st = db.prepare(sql);
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
    }
    cache.set(sql, st);
    return st;
  };
}
