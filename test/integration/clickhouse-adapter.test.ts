// What only the ClickHouse adapter has: its URL, tables that outlive a connection and are shared
// by several processes, free text as substrings (and the note that says so), literals that carry
// any text safely to a server without query parameters, exact nearest-rank percentiles, and a
// server that stops answering reported as a store fault.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { parseQuery } from '../../electron/core/query/parse.js';
import { nearestRank } from '../../electron/core/store/aggregate-order.js';
import { connect } from '../../electron/core/store/clickhouse/connection.js';
import { FREE_TEXT_NOTE, openClickHouseStore, type ClickHouseEventStore } from '../../electron/core/store/clickhouse/index.js';
import { SqlParams } from '../../electron/core/store/clickhouse/sql-params.js';
import { parseClickHouseUrl } from '../../electron/core/store/clickhouse/url.js';
import { StoreFaultError } from '../../electron/core/store/faults.js';
import { startClickHouse, uniqueDatabase, type ClickHouseServer } from '../helpers/clickhouse-server.js';

let server: ClickHouseServer;
beforeAll(async () => {
  server = await startClickHouse();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

async function open(database = uniqueDatabase()): Promise<ClickHouseEventStore> {
  const store = await openClickHouseStore(server.url(database));
  onTestFinished(() => store.close());
  return store;
}

const T0 = Date.UTC(2026, 0, 1);

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
    expect(first.location).toBe(`clickhouse://127.0.0.1:${server.httpPort}/${database}`);
    const [id] = await first.append(await first.sources.collectorId(), [{ time: T0, kind: 'log', message: 'kept', raw: 'r' }]);
    // A second process on the same database: same collector source, same secret, same events.
    const second = await open(database);
    expect(await second.sources.collectorId()).toBe(await first.sources.collectorId());
    expect(await second.secret('k')).toBe(await first.secret('k'));
    expect((await second.get(id!))?.event.message).toBe('kept');
    const tables = await server.query(`SELECT name FROM system.tables WHERE database = '${database}' ORDER BY name FORMAT TSV`);
    expect(tables.trim().split('\n')).toEqual(['events', 'settings', 'source_counts', 'source_counts_on_insert', 'sources']);
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
    const conn = await connect(parseClickHouseUrl(server.url(store.database)));
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
