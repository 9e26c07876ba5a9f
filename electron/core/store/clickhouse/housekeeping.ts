// Retention and per-store secrets on ClickHouse.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Connection } from './connection.js';
import type { EventsTable } from './events.js';
import type { ClickHouseSources } from './sources.js';
import { SqlParams } from './sql-params.js';
import { tsvText } from './tsv.js';

/**
 * Deletes every collected event (collector sources, payload kept) older than `cutoffMs` in one
 * mutation, whatever `limit` says, and resolves with how many went. A mutation rewrites the
 * parts it touches however few rows it deletes, so the retention purge's chunks of 5,000
 * (privacy/retention.ts) cost a rewrite each: 20,000 old events beside a million took 4
 * mutations and 610 ms, and take 1 and 194 ms (measured); a backlog of a million, 200 and 1.
 * The chunks exist to keep SQLite's synchronous deletes from holding the event loop; here the
 * server does the work. Returning `limit` or more has the purge's loop call once more, which
 * finds nothing and starts no mutation (deleteBySource counts first).
 */
export async function purgeCollectedBefore(
  events: EventsTable,
  sources: ClickHouseSources,
  cutoffMs: number,
  limit: number,
): Promise<number> {
  if (!Number.isFinite(cutoffMs)) throw new RangeError(`The retention cutoff must be a time in epoch ms, not ${cutoffMs}.`);
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`The purge limit must be a positive whole number, not ${limit}.`);
  const collectors = await sources.collectorIds();
  if (collectors.length === 0) return 0;
  const p = new SqlParams();
  const where = `has(${p.add('Array(UInt64)', collectors.map(String))}, source_id) AND time < ${p.add('Int64', Math.ceil(cutoffMs))} AND isNotNull(raw)`;
  const gone = await events.deleteBySource(where, p);
  let total = 0;
  for (const [sourceId, n] of gone) {
    await sources.uncount(sourceId, n);
    total += n;
  }
  return total;
}

/**
 * A random secret made on first use. Two processes may each write one at once; every reader
 * takes the earliest written, so both settle on the same value from their next read on.
 */
export async function secret(conn: Connection, name: string): Promise<string> {
  const table = `${conn.database}.settings`;
  const read = async () => {
    const p = new SqlParams();
    const rows = await conn.rows(
      `SELECT value FROM ${table} WHERE key = ${p.add('String', name)} ORDER BY created_at, value LIMIT 1`,
      p,
      z.object({ value: z.string() }),
    );
    return rows[0]?.value;
  };
  const found = await read();
  if (found !== undefined) return found;
  await conn.insertTsv(table, ['key', 'value', 'created_at'], `${tsvText(name)}\t${randomBytes(32).toString('hex')}\t${Date.now()}\n`);
  const value = await read();
  if (value === undefined) throw new Error(`The secret "${name}" was written to ClickHouse but cannot be read back.`);
  return value;
}
