// Text predicates as sets of string ids. Every text column of events holds refs into `strings`
// (event-columns.ts), so `route:/api/cart` is "route_ref is one of the strings equal to
// /api/cart, ignoring case": one query over the distinct strings, then one array lookup per row.
//
// The comparisons are SQLite's own (= with NOCASE, LIKE with its escape, FTS5 MATCH), run over
// either every string or, when that is much smaller, only the strings the column holds. Results
// are cached: they depend only on the strings (ids and texts never change once committed; a
// string is never deleted) or, for the column's own strings, on the rows held.
import type { Database, Statement } from 'better-sqlite3';
import type { RefName } from './catalog.js';
import type { ColumnTable } from './table.js';
import { Lru } from './lru.js';

export type TextMatch = 'nocase' | 'like';

/** Looking in a column's own strings pays once the whole dictionary is this many times bigger. */
const OWN_STRINGS_FACTOR = 8;

const PREDICATE: Record<TextMatch, string> = {
  nocase: 'value = ? COLLATE NOCASE',
  like: "value LIKE ? ESCAPE '\\'",
};

export class StringSets {
  private readonly cache = new Lru<Int32Array>(256, 8_000_000);
  private readonly statements = new Map<string, Statement>();
  private readonly maxString: Statement;
  private readonly exactId: Statement;
  private maxStringId = 0;

  constructor(
    private readonly db: Database,
    private readonly table: ColumnTable,
  ) {
    this.maxString = db.prepare('SELECT coalesce(max(id), 0) FROM strings').pluck();
    this.exactId = db.prepare('SELECT id FROM strings WHERE value = ?').pluck();
  }

  /** Once per query, inside its read transaction: what the cache keys on. */
  begin(): void {
    this.maxStringId = this.maxString.get() as number;
  }

  /** The id of exactly this text (case and all), or 0 when it was never stored. */
  exact(value: string): number {
    return (this.exactId.get(value) as number | undefined) ?? 0;
  }

  /** Strings that match `param` the way `how` compares, among those `column` could hold. */
  matching(column: RefName, how: TextMatch, param: string): Int32Array {
    const own = this.distinctRefs(column);
    if (own.length * OWN_STRINGS_FACTOR < this.maxStringId) {
      const col = this.table.ref(column);
      const key = `${how}\u0000${param}\u0000${column}\u0000${this.table.generation}\u0000${col.version}`;
      return this.cached(key, () =>
        this.ids(
          `SELECT json_group_array(s.id) FROM json_each(?) j JOIN strings s ON s.id = j.value WHERE s.${PREDICATE[how]}`,
          JSON.stringify(Array.from(own)),
          param,
        ),
      );
    }
    return this.cached(`${how}\u0000${param}\u0000${this.maxStringId}`, () =>
      this.ids(`SELECT json_group_array(id) FROM strings WHERE ${PREDICATE[how]}`, param),
    );
  }

  bytes(): number {
    return this.cache.weightHeld() * 4;
  }

  forget(): void {
    this.cache.clear();
  }

  /** Strings whose words match an FTS5 expression (strings_fts covers each distinct string once). */
  fullText(match: string): Int32Array {
    return this.cached(`fts\u0000${match}\u0000${this.maxStringId}`, () =>
      this.ids('SELECT json_group_array(rowid) FROM strings_fts WHERE strings_fts MATCH ?', match),
    );
  }

  /** The distinct refs a loaded column holds, ascending (0, missing, left out). */
  distinctRefs(column: RefName): Int32Array {
    return this.table.ref(column).distinct();
  }

  private cached(key: string, compute: () => Int32Array): Int32Array {
    let ids = this.cache.get(key);
    if (!ids) {
      ids = compute();
      this.cache.set(key, ids, ids.length + 16);
    }
    return ids;
  }

  private ids(sql: string, ...params: (string | number)[]): Int32Array {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql).pluck();
      this.statements.set(sql, st);
    }
    return Int32Array.from(JSON.parse(st.get(...params) as string) as number[]);
  }
}

/** A bitset over string ids 0..size-1 with the given ids set (ids past it no row holds). */
export function bitsetOf(ids: Int32Array, size: number): Uint8Array {
  const bits = new Uint8Array(size);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id < size) bits[id] = 1;
  }
  return bits;
}
