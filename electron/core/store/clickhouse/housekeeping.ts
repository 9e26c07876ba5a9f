// Retention and per-store secrets on ClickHouse.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Connection } from './connection.js';
import type { EventsTable } from './events.js';
import type { ClickHouseSources } from './sources.js';
import { SqlParams } from './sql-params.js';
import { tsvText } from './tsv.js';

const num = z.union([z.string(), z.number()]).transform(Number);

/**
 * Deletes at most `limit` collected events (collector sources, payload kept) older than
 * `cutoffMs`. A delete is a mutation that rewrites the table's parts, so the oldest `limit`
 * are found first and the delete is bounded by the (time, id) of the last of them: one
 * mutation per call, never a row at a time.
 */
export async function purgeCollectedBefore(
  conn: Connection,
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
  let where = `has(${p.add('Array(UInt64)', collectors.map(String))}, source_id) AND time < ${p.add('Int64', Math.ceil(cutoffMs))} AND isNotNull(raw)`;
  const [last] = await conn.rows(
    `SELECT time, toString(id) AS i FROM ${conn.database}.events WHERE ${where} ORDER BY time, id LIMIT 1 OFFSET ${limit - 1}`,
    p,
    z.object({ time: num, i: z.string() }),
  );
  if (last) {
    const t = p.add('Int64', last.time);
    where += ` AND (time < ${t} OR (time = ${t} AND id <= ${p.add('UInt64', last.i)}))`;
  }
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
