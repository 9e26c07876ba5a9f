// What the events table the adapter found looks like. A table this version creates has every
// column schema.ts lists; one created by an earlier version (or a team's cluster table made
// from its DDL) may lack the split search columns and hold plain Nullable(String) where this
// version uses LowCardinality. The adapter reads and writes either: the column types only
// change speed, and the search columns decide what an insert writes and a search reads.
import { z } from 'zod';
import type { Connection } from './connection.js';
import { SqlParams } from './sql-params.js';

export interface EventsLayout {
  /** search_key and search_agent are there beside search_text (free-text.ts). */
  splitSearch: boolean;
  /** Text columns stored as LowCardinality, whose distinct values are cheap to list (group-codes.ts). */
  lowCardinality: ReadonlySet<string>;
}

/** The columns that make the split search layout. */
const SPLIT_SEARCH_COLUMNS = ['search_key', 'search_agent'] as const;

const ColumnRow = z.object({ name: z.string(), type: z.string() });

/** The table's layout, with its engine and column names for ensureSchema. */
export async function readEventsLayout(conn: Connection): Promise<EventsLayout & { engine: string; columns: ReadonlySet<string> }> {
  const p = new SqlParams();
  const db = p.add('String', conn.database);
  const columns = await conn.rows(`SELECT name, type FROM system.columns WHERE database = ${db} AND table = 'events'`, p, ColumnRow);
  const [table] = await conn.rows(`SELECT engine FROM system.tables WHERE database = ${db} AND name = 'events'`, p, z.object({ engine: z.string() }));
  const names = new Set(columns.map((c) => c.name));
  return {
    engine: table?.engine ?? '',
    columns: names,
    splitSearch: SPLIT_SEARCH_COLUMNS.every((c) => names.has(c)),
    lowCardinality: new Set(columns.filter((c) => c.type.startsWith('LowCardinality(')).map((c) => c.name)),
  };
}
