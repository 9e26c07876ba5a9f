// What only the ClickHouse adapter has: its URL, tables that outlive a connection and are shared
// by several processes, LowCardinality columns (with 18.x's setting) beside tables an earlier
// version made, free text as substrings over three columns (and the note that says so), literals
// that carry any text safely to a server without query parameters, exact nearest-rank
// percentiles, group keys numbered from listed values, retention as one mutation, and a server
// that stops answering reported as a store fault.
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { parseQuery } from '../../electron/core/query/parse.js';
import { nearestRank } from '../../electron/core/store/aggregate-order.js';
import { connect, LOW_CARDINALITY_SETTING } from '../../electron/core/store/clickhouse/connection.js';
import { createGroupCodes } from '../../electron/core/store/clickhouse/group-codes.js';
import { FREE_TEXT_NOTE, openClickHouseStore, type ClickHouseEventStore } from '../../electron/core/store/clickhouse/index.js';
import { readEventsLayout } from '../../electron/core/store/clickhouse/layout.js';
import { EVENT_COLUMNS_SQL, EVENTS_ENGINE } from '../../electron/core/store/clickhouse/schema.js';
import { SqlParams } from '../../electron/core/store/clickhouse/sql-params.js';
import { parseClickHouseUrl } from '../../electron/core/store/clickhouse/url.js';
import { StoreFaultError } from '../../electron/core/store/faults.js';
import { startClickHouse, uniqueDatabase } from '../helpers/clickhouse-server.js';
import { useClickHouseServer } from '../helpers/clickhouse-per-file.js';

const clickHouse = useClickHouseServer();

async function open(database = uniqueDatabase()): Promise<ClickHouseEventStore> {
  const store = await openClickHouseStore(clickHouse().url(database));
  onTestFinished(() => store.close());
  return store;
}

const T0 = Date.UTC(2026, 0, 1);

async function columnTypes(database: string): Promise<Map<string, string>> {
  const text = await clickHouse().query(`SELECT name, type FROM system.columns WHERE database = '${database}' AND table = 'events' FORMAT TSV`);
  return new Map(text.trim().split('\n').map((line) => line.split('\t') as [string, string]));
}

describe('ClickHouse store URL', () => {
  it('reads user, password, host, port and database, and never shows the password', () => {
    expect(parseClickHouseUrl('clickhouse://ann:s3cr%40t@db.internal:9123/logs')).toEqual({
      httpUrl: 'http://db.internal:9123', username: 'ann', password: 's3cr@t', database: 'logs', location: 'clickhouse://ann@db.internal:9123/logs',
    });
    expect(parseClickHouseUrl('clickhouse://127.0.0.1/logbridge')).toMatchObject({ httpUrl: 'http://127.0.0.1:8123', username: 'default', password: '' });
  });

  it('refuses a URL without a usable database name, without echoing the password', () => {
    for (const bad of ['clickhouse://h:1', 'clickhouse://h:1/', 'clickhouse://h:1/a-b', 'clickhouse://h:1/x;DROP', 'clickhouse://h:1/1db', 'clickhouse://h:1/db?x=1', 'http://h/db']) {
      expect(() => parseClickHouseUrl(bad), bad).toThrow(/Cannot use the store/);
    }
    expect(() => parseClickHouseUrl('clickhouse://u:hunter2@h:1/')).toThrow(/u:\*\*\*@/);
    expect(() => parseClickHouseUrl('clickhouse://u:hunter2@h:1/')).not.toThrow(/hunter2/);
  });
});

describe('ClickHouse adapter', () => {
  it('creates its tables once and finds its events again from another connection', async () => {
    const database = uniqueDatabase();
    const first = await open(database);
    expect(first.location).toBe(`clickhouse://127.0.0.1:${clickHouse().httpPort}/${database}`);
    const [id] = await first.append(await first.sources.collectorId(), [{ time: T0, kind: 'log', message: 'kept', raw: 'r' }]);
    // A second process on the same database: same collector source, same secret, same events.
    const second = await open(database);
    expect(await second.sources.collectorId()).toBe(await first.sources.collectorId());
    expect(await second.secret('k')).toBe(await first.secret('k'));
    expect((await second.get(id!))?.event.message).toBe('kept');
    const tables = await clickHouse().query(`SELECT name FROM system.tables WHERE database = '${database}' ORDER BY name FORMAT TSV`);
    expect(tables.trim().split('\n')).toEqual(['events', 'settings', 'source_counts', 'source_counts_on_insert', 'sources']);
  });

  it('stores low-cardinality text as LowCardinality, creating it with the setting 18.x needs', async () => {
    const store = await open();
    const types = await columnTypes(store.database);
    expect(types.get('route')).toBe('LowCardinality(Nullable(String))');
    expect(types.get('user_agent')).toBe('LowCardinality(Nullable(String))');
    expect(types.get('session_id')).toBe('Nullable(String)');
    expect(types.get('search_agent')).toBe('LowCardinality(String)');
    // The setting goes to the servers that list it as off (18.x), and only to them.
    const conn = await connect(parseClickHouseUrl(clickHouse().url(store.database)));
    onTestFinished(() => conn.close());
    const listed = (await clickHouse().query(`SELECT value FROM system.settings WHERE name = '${LOW_CARDINALITY_SETTING}' FORMAT TSV`)).trim();
    expect(conn.lowCardinalityDdl).toEqual(listed === '0' ? { [LOW_CARDINALITY_SETTING]: 1 } : {});
  });

  it('reads and writes an events table an earlier version created, adding the split search columns', async () => {
    const database = uniqueDatabase();
    const earlier = EVENT_COLUMNS_SQL.replaceAll('LowCardinality(Nullable(String))', 'Nullable(String)').replace(/\n\s*search_(key|agent) [^\n]*/g, '');
    await clickHouse().query(`CREATE DATABASE ${database}`);
    await clickHouse().query(`CREATE TABLE ${database}.events (${earlier}) ENGINE = ${EVENTS_ENGINE}`);
    // A row as the earlier version wrote it: its whole text in search_text, parts joined by line breaks.
    await clickHouse().query(
      `INSERT INTO ${database}.events (id, time, kind, source_id, session_derived, method, route, user_agent, status, attr_paths, attr_types, attr_texts, attr_nums, search_text)
       VALUES (1, ${T0}, 'api', 7, 0, 'GET', '/old', 'OldAgent/1', 200, [], [], [], [], 'get\n/old\noldagent/1')`,
    );
    // Two processes opening it at once both add the columns; neither fails.
    const [store] = await Promise.all([open(database), open(database)]);
    const types = await columnTypes(database);
    expect(types.get('route')).toBe('Nullable(String)');
    expect(types.get('search_key')).toBe('LowCardinality(String)');
    await store.append(await store.sources.collectorId(), [{ time: T0 + 1, kind: 'api', method: 'POST', route: '/new', user_agent: 'NewAgent/2', status: 503, raw: '' }]);
    const count = async (q: string) => (await store.count(parseQuery(q))).count;
    expect(await count('oldagent')).toBe(1);
    expect(await count('newagent')).toBe(1);
    expect(await count('agent')).toBe(2);
    expect(await count('route:/old')).toBe(1);
    const r = await store.aggregate({ filter: null, groupBy: ['route', 'method'], metrics: [{ op: 'count' }, { op: 'errors' }] });
    expect(r.rows.map((row) => [...row.keys, ...row.values])).toEqual([['/new', 'POST', 1, 1], ['/old', 'GET', 1, 0]]);
    // Opening it again finds nothing left to add.
    await open(database);
    expect((await columnTypes(database)).size).toBe(types.size);
  });

  it('finds free text in every search column, but never across two fields', async () => {
    const store = await open();
    await store.append(await store.sources.collectorId(), [
      { time: T0, kind: 'api', method: 'GET', url: '/x/y', route: '/x/:id', user_agent: 'Agent/1', message: 'hello world', attrs: { deep: 'Leaf' }, raw: '' },
    ]);
    const count = async (q: string) => (await store.count(parseQuery(q))).count;
    for (const q of ['get', '"x/:id"', 'agent/1', '"hello world"', '/x/y', 'leaf']) expect(await count(q), q).toBe(1);
    // The parts of an event's text are kept apart: a phrase with a line break does not join two fields.
    expect(await count('"get\n/x"')).toBe(0);
    expect(await count('"world\nagent"')).toBe(0);
  });

  it('matches free text as a substring, and says so in its notes', async () => {
    const store = await open();
    expect(store.notes).toEqual([FREE_TEXT_NOTE]);
    expect(FREE_TEXT_NOTE).toMatch(/substring/);
    const c = await store.sources.collectorId();
    await store.append(c, [
      { time: T0, kind: 'log', message: 'Payment declined', raw: '' },
      { time: T0 + 1, kind: 'log', message: 'café au lait', raw: '' },
      { time: T0 + 2, kind: 'api', url: '/api/items', ip_hash: 'secretclient', session_id: 'sess-xyz', raw: '' },
    ]);
    const count = async (q: string) => (await store.count(parseQuery(q))).count;
    // Inside words (a word index would need "payment").
    expect(await count('ymen')).toBe(1);
    expect(await count('"api/item"')).toBe(1);
    // Accents are not folded, case is.
    expect(await count('cafe')).toBe(0);
    expect(await count('CAFÉ')).toBe(1);
    // Identifiers stay out of free text, as on SQLite.
    expect(await count('secretclient')).toBe(0);
    expect(await count('xyz')).toBe(0);
  });

  it('carries any text through literals and parameters unchanged', async () => {
    const store = await open();
    const conn = await connect(parseClickHouseUrl(clickHouse().url(store.database)));
    onTestFinished(() => conn.close());
    const every = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
    const samples = [every, `'; DROP TABLE x; --`, `\\'`, `{p0:String}`, '\u2028 🙂 ünï', "''", '\\', ''];
    for (const s of samples) {
      const p = new SqlParams();
      const [row] = await conn.rows(`SELECT ${p.add('String', s)} AS v, ${p.add('Array(String)', [s, 'x'])} AS a`, p, z.object({ v: z.string(), a: z.array(z.string()) }));
      expect(row, JSON.stringify(s)).toEqual({ v: s, a: [s, 'x'] });
    }
    const p = new SqlParams();
    const [n] = await conn.rows(
      `SELECT ${p.add('UInt64', '18446744073709551615')} AS u, ${p.add('Int64', -42)} AS i, ${p.add('Float64', 1e21)} AS f, ${p.add('Float64', -0.125)} AS g`,
      p,
      z.object({ u: z.string(), i: z.union([z.string(), z.number()]), f: z.number(), g: z.number() }),
    );
    expect(n).toEqual({ u: '18446744073709551615', i: '-42', f: 1e21, g: -0.125 });
    expect(() => new SqlParams().add('UInt64', '18446744073709551616')).toThrow(TypeError);
    expect(() => new SqlParams().add('Float64', Number.NaN)).toThrow(TypeError);
  });

  it('gives exact nearest-rank percentiles for groups of every size', async () => {
    const store = await open();
    const c = await store.sources.collectorId();
    const sizes = Array.from({ length: 120 }, (_, i) => i + 1);
    // Group n holds durations n, 2n, ..., n·n in a shuffled order (7919 is a prime above every n).
    const events = sizes.flatMap((n) => Array.from({ length: n }, (_, k) => ({ time: T0 + k, kind: 'api' as const, route: `/r${n}`, duration_ms: ((k * 7919) % n + 1) * n, raw: '' })));
    await store.append(c, events);
    const r = await store.aggregate({
      filter: null, groupBy: ['route'], metrics: [{ op: 'p50', field: 'duration_ms' }, { op: 'p95', field: 'duration_ms' }, { op: 'p99', field: 'duration_ms' }],
    });
    expect(r.approximate).toBe(false);
    for (const n of sizes) {
      const sorted = Array.from({ length: n }, (_, k) => (k + 1) * n);
      expect(r.rows.find((row) => row.keys[0] === `/r${n}`)?.values, `n=${n}`).toEqual([0.5, 0.95, 0.99].map((p) => nearestRank(sorted, p)));
    }
  });

  it('numbers LowCardinality group keys from their listed values, and lists them again for a new value', async () => {
    const store = await open();
    const c = await store.sources.collectorId();
    await store.append(c, [{ time: T0, kind: 'api', route: '/a', method: 'GET', raw: '' }]);
    const conn = await connect(parseClickHouseUrl(clickHouse().url(store.database)));
    onTestFinished(() => conn.close());
    const codes = createGroupCodes(conn, await readEventsLayout(conn));
    const keys = await codes.keys(['route', 'method'], new SqlParams(), '0');
    expect(keys?.map((k) => k.radix)).toEqual([3, 3]);
    expect(keys?.[0]?.value(1)).toBe('/a');
    expect(keys?.[0]?.value(2)).toBeNull();
    expect(keys?.[0]?.value(0)).toBeUndefined();
    // Kept until told otherwise.
    await store.append(c, [{ time: T0, kind: 'api', route: '/b', method: 'GET', raw: '' }]);
    expect((await codes.keys(['route'], new SqlParams(), '0'))?.[0]?.radix).toBe(3);
    codes.forget(['route']);
    expect((await codes.keys(['route'], new SqlParams(), '0'))?.[0]?.radix).toBe(4);
    // Fields that are not LowCardinality are grouped the plain way.
    expect(await codes.keys(['route', 'session_id'], new SqlParams(), '0')).toBeNull();
    expect(await codes.keys(['status_class'], new SqlParams(), '0')).toBeNull();
  });

  it('purges every collected event older than the cutoff in one mutation, whatever the limit', async () => {
    const store = await open();
    const c = await store.sources.collectorId();
    await store.append(c, [0, 1, 2, 9].map((m) => ({ time: T0 + m * 60_000, kind: 'log' as const, raw: 'x' })));
    const mutations = async () => Number(await clickHouse().query(`SELECT count() FROM system.mutations WHERE database = '${store.database}' AND table = 'events'`));
    const before = await mutations();
    expect(await store.purgeCollectedBefore(T0 + 5 * 60_000, 1)).toBe(3);
    expect(await mutations()).toBe(before + 1);
    // Nothing older is left: no mutation at all.
    expect(await store.purgeCollectedBefore(T0 + 5 * 60_000, 1)).toBe(0);
    expect(await mutations()).toBe(before + 1);
    expect((await store.sources.list())[0]?.imported).toBe(1);
  });

  it('reports a server that does not answer as an unavailable store (503)', async () => {
    const own = await startClickHouse();
    onTestFinished(() => own.stop());
    const store = await openClickHouseStore(own.url('down'));
    onTestFinished(() => store.close());
    await store.append(await store.sources.collectorId(), [{ time: T0, kind: 'log', raw: '' }]);
    await own.kill();
    const err = await store.count(null).then(
      () => null,
      (e: unknown) => e,
    );
    const fault = store.fault(err);
    expect(fault).toBeInstanceOf(StoreFaultError);
    expect(fault).toMatchObject({ fault: 'unavailable', status: 503 });
    expect(fault?.message).toContain(own.url('down'));
    // Opening a store on a server that is not there fails the same way.
    await expect(openClickHouseStore(own.url('down'))).rejects.toMatchObject({ fault: 'unavailable' });
  });
});
