// Search terms the index answers by asking SQLite the compiled term itself (event-filter.ts), so
// the comparison is SQL's to the letter:
//   - over a column's distinct values, for columns of few values (kind, status, source, the
//     sessions, the attribute objects): the term runs once per value, not once per event;
//   - over the events table, for what the index does not hold (trace_id, span_id, a number
//     matched with a wildcard, which is SQL's text form of the number): one scan, rarely asked.
import type { Database, Statement } from 'better-sqlite3';
import type { QueryNode } from '../../../query/ast.js';
import { compileFilter } from '../event-filter.js';
import type { ColumnTable } from './table.js';
import { Lru } from './lru.js';

type Leaf = Extract<QueryNode, { type: 'field' | 'attr' }>;

export class LeafSql {
  private readonly statements = new Map<string, Statement>();
  private readonly cache = new Lru<Uint8Array>(256, 4_000_000);

  constructor(
    private readonly db: Database,
    private readonly table: ColumnTable,
  ) {}

  /**
   * Which of `values` (a column's distinct values; null among them stands for a missing value)
   * the term matches, by index. `column` is the name the compiled term reads (`e.<column>`).
   * `stamp` names the state the answer depends on beyond the values themselves.
   */
  overValues(leaf: Leaf, column: string, values: readonly (string | number | null)[], stamp: string): Uint8Array {
    const key = `${leafKey(leaf)}\u0000${column}\u0000${values.length}\u0000${stamp}\u0000${this.table.generation}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const compiled = compileFilter(leaf);
    const st = this.statement(
      `SELECT json_group_array(e.k) FROM (SELECT j.key AS k, j.value AS ${column} FROM json_each(?) j) e WHERE ${compiled.where}`,
    );
    const matched = JSON.parse(st.get(JSON.stringify(values), ...compiled.params) as string) as number[];
    const out = new Uint8Array(values.length);
    for (const k of matched) out[k] = 1;
    this.cache.set(key, out, values.length + 16);
    return out;
  }

  bytes(): number {
    return this.cache.weightHeld();
  }

  forget(): void {
    this.cache.clear();
  }

  /** The rows held that match the term, by running it over the events table. */
  overEvents(leaf: Leaf): Uint8Array {
    const compiled = compileFilter(leaf);
    const st = this.statement(`SELECT json_group_array(e.id) FROM events e WHERE ${compiled.where}`);
    const ids = JSON.parse(st.get(...compiled.params) as string) as number[];
    const mask = new Uint8Array(this.table.n);
    for (const id of ids) {
      // Rows added since the last sync are not held; they are not part of this answer.
      const at = this.table.positionOf(id);
      if (at >= 0) mask[at] = 1;
    }
    return mask;
  }

  private statement(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) {
      if (this.statements.size >= 128) this.statements.clear();
      st = this.db.prepare(sql).pluck();
      this.statements.set(sql, st);
    }
    return st;
  }
}

/** A term without its position in the query text: equal terms share cached answers. */
function leafKey(leaf: Leaf): string {
  return leaf.type === 'field'
    ? JSON.stringify([leaf.field, leaf.op, leaf.value, leaf.wildcard])
    : JSON.stringify(['attrs', leaf.path, leaf.op, leaf.value, leaf.wildcard]);
}
