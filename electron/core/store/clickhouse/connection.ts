// One HTTP client per store, and the few ways the adapter talks through it: rows read as
// JSONEachRow (each checked by a zod schema: the server is outside input), statements, inserts,
// and waiting for mutations (ALTER ... DELETE/UPDATE run in the background; 18.16 has no
// mutations_sync, so the adapter polls system.mutations until they are done).
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, ClickHouseLogLevel, type ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { serverErrorCode } from './server-faults.js';
import { SqlParams } from './sql-params.js';
import type { ClickHouseTarget } from './url.js';

export interface Connection {
  readonly database: string;
  /** True when the server binds `{name:Type}` parameters itself (19.x on). */
  readonly bindsParams: boolean;
  /**
   * Settings a statement that creates LowCardinality columns needs: 18.x refuses them without
   * allow_experimental_low_cardinality_type; later releases made it obsolete and then dropped
   * it (an unknown setting fails the statement), so it goes only to a server that lists it off.
   */
  readonly lowCardinalityDdl: Record<string, number>;
  rows<T>(sql: string, params: SqlParams | null, row: z.ZodType<T>, settings?: Record<string, number>): Promise<T[]>;
  command(sql: string, params?: SqlParams | null, settings?: Record<string, number>): Promise<void>;
  /**
   * Starts a mutation (ALTER TABLE ... DELETE/UPDATE) and waits for it. Its values are always
   * literals: servers that bind query parameters do not take them in every ALTER.
   */
  mutate(table: string, sql: string, params: SqlParams): Promise<void>;
  /** Inserts TabSeparated text into the named columns. */
  insertTsv(table: string, columns: readonly string[], body: string): Promise<void>;
  /** Resolves once no mutation of `table` is left running. */
  waitForMutations(table: string): Promise<void>;
  close(): Promise<void>;
}

const MUTATIONS_NOT_SUPPORTED = '48';

/** A delete or update asked of a Distributed table: it must be run on the shards' local tables. */
export class DistributedDeleteError extends Error {
  override name = 'DistributedDeleteError';
  constructor(database: string, table: string) {
    super(
      `ClickHouse cannot delete or update through the Distributed table ${database}.${table}; run the change on its local tables ` +
        `(ALTER TABLE <local table> ON CLUSTER <cluster> DELETE WHERE ...), see the README's ClickHouse section.`,
    );
  }
}

/** Longest wait for a mutation; a healthy server finishes one in well under a second per million rows. */
const MUTATION_WAIT_MS = 10 * 60_000;

export async function connect(target: ClickHouseTarget): Promise<Connection> {
  const client: ClickHouseClient = createClient({
    url: target.httpUrl,
    username: target.username,
    password: target.password,
    // The database may not exist yet: statements name it themselves.
    database: 'default',
    request_timeout: 120_000,
    // Errors reach the caller as exceptions; the client's own console log would print them twice.
    log: { level: ClickHouseLogLevel.OFF },
    application: 'logbridge',
    clickhouse_settings: {
      // The UI asks again and again about the same recent data: keeping its blocks decompressed
      // made a scan of a million events' text ~40% faster (measured). The server skips the cache
      // by itself for reads of more than a million rows or so (merge_tree_max_rows_to_use_cache).
      use_uncompressed_cache: 1,
    },
  });
  let bindsParams = false;
  let lowCardinalityDdl: Record<string, number> = {};
  const toText = (sql: string, params: SqlParams | null | undefined) => (params && !bindsParams ? params.inline(sql) : sql);
  const bound = (params: SqlParams | null | undefined) => (params && bindsParams && params.size > 0 ? { query_params: params.queryParams() } : {});

  const conn: Connection = {
    database: target.database,
    get bindsParams() {
      return bindsParams;
    },
    get lowCardinalityDdl() {
      return lowCardinalityDdl;
    },
    async rows(sql, params, row, settings) {
      const rs = await client.query({ query: toText(sql, params), format: 'JSONEachRow', ...bound(params), ...(settings ? { clickhouse_settings: settings } : {}) });
      const data: unknown = await rs.json();
      return z.array(row).parse(data);
    },
    async command(sql, params, settings) {
      await client.command({ query: toText(sql, params), ...bound(params), ...(settings ? { clickhouse_settings: settings } : {}) });
    },
    async mutate(table, sql, params) {
      try {
        await client.command({ query: params.inline(sql) });
      } catch (err) {
        // Code 48: the table is a Distributed one (a team's cluster), which takes no ALTER ... DELETE.
        if (serverErrorCode(err) === MUTATIONS_NOT_SUPPORTED) throw new DistributedDeleteError(target.database, table);
        throw err;
      }
      await conn.waitForMutations(table);
    },
    async insertTsv(table, columns, body) {
      if (body === '') return;
      await client.insert({ table, columns: columns as [string, ...string[]], format: 'TabSeparated', values: Readable.from([Buffer.from(body)], { objectMode: false }) });
    },
    async waitForMutations(table) {
      const p = new SqlParams();
      const sql = `SELECT count() AS n FROM system.mutations WHERE database = ${p.add('String', target.database)} AND table = ${p.add('String', table)} AND is_done = 0`;
      const started = Date.now();
      for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
        const [r] = await conn.rows(sql, p, z.object({ n: z.coerce.number() }));
        if (!r || r.n === 0) return;
        if (Date.now() - started > MUTATION_WAIT_MS) {
          throw new Error(`ClickHouse has not finished deleting from ${target.database}.${table} after ${MUTATION_WAIT_MS / 60_000} minutes; see system.mutations on the server.`);
        }
        await sleep(delay);
      }
    },
    close: () => client.close(),
  };
  try {
    bindsParams = await probeParamBinding(client);
    lowCardinalityDdl = await lowCardinalitySettings(client);
  } catch (err) {
    await client.close();
    throw err;
  }
  return conn;
}

/**
 * Whether the server binds query parameters. 18.x refuses the request ("Unknown setting
 * param_p0", code 115); any other failure (a server that does not answer) is the caller's to see.
 */
async function probeParamBinding(client: ClickHouseClient): Promise<boolean> {
  try {
    const rs = await client.query({ query: 'SELECT {p0:Int64} AS v', format: 'JSONEachRow', query_params: { p0: 1 } });
    const rows = z.array(z.object({ v: z.coerce.number() })).parse(await rs.json());
    return rows[0]?.v === 1;
  } catch (err) {
    if (serverErrorCode(err) === '115') return false;
    throw err;
  }
}

export const LOW_CARDINALITY_SETTING = 'allow_experimental_low_cardinality_type';

/** What a server needs to create LowCardinality columns: the 18.x setting where it is there and off. */
async function lowCardinalitySettings(client: ClickHouseClient): Promise<Record<string, number>> {
  const rs = await client.query({ query: `SELECT value FROM system.settings WHERE name = '${LOW_CARDINALITY_SETTING}'`, format: 'JSONEachRow' });
  const rows = z.array(z.object({ value: z.string() })).parse(await rs.json());
  return rows[0]?.value === '0' ? { [LOW_CARDINALITY_SETTING]: 1 } : {};
}
