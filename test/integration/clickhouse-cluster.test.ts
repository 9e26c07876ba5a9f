// A team's cluster on one machine: two shards that are databases of one clickhouse-server, a
// Distributed table over their local events tables (the DDL of the README's ClickHouse section),
// and the adapter pointed at the database that holds it. Writes spread over the shards, reads
// and aggregates gather them; deletes are refused with a message that says where to run them.
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { parseQuery } from '../../electron/core/query/parse.js';
import { LOW_CARDINALITY_SETTING } from '../../electron/core/store/clickhouse/connection.js';
import { openClickHouseStore } from '../../electron/core/store/clickhouse/index.js';
import { EVENT_COLUMNS_SQL, EVENTS_ENGINE } from '../../electron/core/store/clickhouse/schema.js';
import { startClickHouse, type ClickHouseServer } from '../helpers/clickhouse-server.js';

let server: ClickHouseServer;
beforeAll(async () => {
  server = await startClickHouse({ cluster: { name: 'team', shardDatabases: ['shard1', 'shard2'] } });
  // The DDL creates LowCardinality columns: 18.x takes them only with its setting on (later releases no longer know it).
  const has18Setting = (await server.query(`SELECT count() FROM system.settings WHERE name = '${LOW_CARDINALITY_SETTING}'`)).trim() === '1';
  const ddl: Record<string, number> = has18Setting ? { [LOW_CARDINALITY_SETTING]: 1 } : {};
  // An earlier version's DDL: plain String columns, no split search columns.
  const earlier = EVENT_COLUMNS_SQL.replaceAll('LowCardinality(Nullable(String))', 'Nullable(String)').replace(/\n\s*search_(key|agent) [^\n]*/g, '');
  for (const shard of ['shard1', 'shard2']) {
    await server.query(`CREATE DATABASE ${shard}`);
    await server.query(`CREATE TABLE ${shard}.events_local (${EVENT_COLUMNS_SQL}) ENGINE = ${EVENTS_ENGINE}`, ddl);
    await server.query(`CREATE TABLE ${shard}.events_earlier (${earlier}) ENGINE = ${EVENTS_ENGINE}`);
  }
  // '' as the database: each shard's replica reads its own default database.
  await server.query('CREATE DATABASE logbridge');
  await server.query(`CREATE TABLE logbridge.events AS shard1.events_local ENGINE = Distributed(team, '', events_local, rand())`, ddl);
  await server.query('CREATE DATABASE earlier');
  await server.query(`CREATE TABLE earlier.events AS shard1.events_earlier ENGINE = Distributed(team, '', events_earlier, rand())`);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

it('stores through a Distributed table and answers from every shard', async () => {
  const store = await openClickHouseStore(server.url('logbridge'));
  onTestFinished(() => store.close());
  const collector = await store.sources.collectorId();
  const ids = await store.append(
    collector,
    Array.from({ length: 60 }, (_, i) => ({ time: Date.UTC(2026, 0, 1) + i, kind: 'api' as const, route: `/r${i % 3}`, status: i % 6 ? 200 : 503, duration_ms: i, raw: 'x' })),
  );
  // A Distributed table sends rows on to the shards in the background by default.
  await expect.poll(async () => (await store.count(null)).count).toBe(60);
  const perShard = await Promise.all(['shard1', 'shard2'].map(async (s) => Number(await server.query(`SELECT count() FROM ${s}.events_local`))));
  expect(perShard[0]! + perShard[1]!).toBe(60);
  expect(perShard.every((n) => n > 0)).toBe(true);

  expect((await store.count(parseQuery('status:503'))).count).toBe(10);
  expect((await store.get(ids[7]!))?.event.route).toBe('/r1');
  const agg = await store.aggregate({ filter: null, groupBy: ['route'], metrics: [{ op: 'count' }, { op: 'errors' }, { op: 'p50', field: 'duration_ms' }] });
  // /r0 holds 0, 3, ..., 57 (20 values, all six 503s): the 10th is 27.
  expect(agg.rows.map((r) => [...r.keys, ...r.values])).toEqual([['/r0', 20, 10, 27], ['/r1', 20, 0, 28], ['/r2', 20, 0, 29]]);
  const page = await store.search({ filter: null, limit: 7 });
  expect(page.events.map((e) => e.duration_ms)).toEqual([59, 58, 57, 56, 55, 54, 53]);
  expect((await store.sources.list()).find((s) => s.id === collector)?.imported).toBe(60);

  await expect(store.purgeCollectedBefore(Date.UTC(2027, 0, 1), 10)).rejects.toThrow(/Distributed table logbridge\.events.*ON CLUSTER/);
});

it("keeps to a cluster table made from an earlier version's DDL: no columns added, all the text in search_text", async () => {
  const store = await openClickHouseStore(server.url('earlier'));
  onTestFinished(() => store.close());
  await store.append(await store.sources.collectorId(), [
    { time: Date.UTC(2026, 0, 1), kind: 'api', method: 'GET', route: '/r', user_agent: 'TeamAgent/3', raw: 'x' },
  ]);
  await expect.poll(async () => (await store.count(parseQuery('teamagent'))).count).toBe(1);
  expect((await store.count(parseQuery('"get"'))).count).toBe(1);
  for (const table of ['earlier.events', 'shard1.events_earlier']) {
    const [db, name] = table.split('.');
    expect(await server.query(`SELECT count() FROM system.columns WHERE database = '${db}' AND table = '${name}' AND name LIKE 'search_%'`)).toBe('1\n');
  }
});
