// The columnar index (store/sqlite/columnar/) on 1,000,000 access-log events, against the goals
// of issue 10: per-route and overall count, errors, p50/p95/p99; a 200-bucket histogram stacked
// by status class for any filter; top 10 of six facets; free text (page and total); count. Each
// query runs warm ~20 times (p50 / p95 of wall time) after the first load, which is timed apart.
// SQL's time for the same question (the store as it is today) is the peer column.
//
//   node --import tsx bench/aggregates/columnar-probe.ts      (BENCH_COLUMNAR_ROWS for fewer)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../electron/core/store/sqlite/open.js';
import { compileFilter } from '../../electron/core/store/sqlite/event-filter.js';
import { createColumnarIndex, type ColumnarIndex } from '../../electron/core/store/sqlite/columnar/index.js';
import { createBatchEncoder } from '../../electron/core/importers/batch-encoder.js';
import { derivedSessionRef } from '../../electron/core/store/derived-sessions.js';
import { parseQuery } from '../../electron/core/query/parse.js';
import type { AggregateSpec, Metric } from '../../electron/core/store/port.js';
import type { GroupField } from '../../shared/fields.js';
import type { NewEvent } from '../../shared/events.js';
import { pick, seeded } from '../lib/random.js';
import { fmtInt, fmtMs, percentile, printTable, type Row } from '../lib/table.js';

const ROWS = Number(process.env.BENCH_COLUMNAR_ROWS ?? 1_000_000);
const RUNS = 20;
const BATCH = 65_536;

const ROUTES = ['/api/users/:id', '/api/orders', '/api/orders/:id', '/api/cart', '/api/search', '/login', '/checkout', '/api/products/:id', '/', '/static/app.js', '/static/app.css', '/favicon.ico'];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'HEAD'];
const STATUSES = [200, 200, 200, 200, 200, 200, 201, 204, 301, 302, 304, 304, 400, 401, 403, 404, 404, 500, 502, 503];

/**
 * An access log as the importer stores one: a combined-format line's fields, about a month of
 * traffic from ~200 visitors at a time (each ~20 requests; ~30k addresses, 400 agents), sessions
 * derived per address and agent (30 minutes of quiet ends one), ~200k distinct URLs. Loaded
 * through the bulk loader, as an import is.
 */
function fill(store: Store, n: number): void {
  const src = store.sources.create('file', 'access.log', 'access');
  const rnd = seeded(7);
  const agents = Array.from({ length: 400 }, (_, i) =>
    i % 5 === 0 ? `Googlebot/2.${i}` : `Mozilla/5.0 (X11; Linux x86_64; rv:${i}.0) Gecko/20100101 Firefox/${i}.0`,
  );
  const visitor = () => ({
    ip: `ip${Math.floor(rnd() * rnd() * 30_000)}`,
    ua: agents[Math.floor(rnd() * rnd() * agents.length)]!,
    left: 1 + Math.floor(rnd() * 40),
  });
  const active = Array.from({ length: 200 }, visitor);
  const load = store.bulkLoad({ sourceId: src, dropIndexes: true });
  const enc = createBatchEncoder(BATCH);
  const sessions = new Map<string, { ref: number; last: number }>();
  let next = 0;
  let time = Date.UTC(2026, 0, 1);
  for (let i = 0; i < n; i++) {
    time += Math.floor(rnd() * 5200);
    const who = Math.floor(rnd() * active.length);
    const v = active[who]!;
    if (--v.left === 0) active[who] = visitor();
    let s = sessions.get(v.ip + v.ua);
    if (!s || time - s.last > 1_800_000) sessions.set(v.ip + v.ua, (s = { ref: derivedSessionRef(src, ++next), last: time }));
    s.last = time;
    const route = pick(rnd, ROUTES);
    const e: NewEvent = {
      time,
      kind: 'api',
      method: pick(rnd, METHODS),
      route,
      url: route.replace(':id', String(Math.floor(rnd() * 100_000))) + (rnd() < 0.1 ? `?q=${Math.floor(rnd() * 1000)}` : ''),
      status: pick(rnd, STATUSES),
      duration_ms: Math.round(rnd() * rnd() * 2_000_000) / 1000,
      resp_bytes: Math.floor(rnd() * 50_000),
      ip_hash: v.ip,
      user_agent: v.ua,
      referrer: rnd() < 0.5 ? null : `https://example.com/page/${Math.floor(rnd() * 2000)}`,
      attrs: { protocol: 'HTTP/1.1' },
      raw: '',
    };
    enc.add(e, { offset: i * 200, length: 199, line: i + 1 }, false, s.ref);
    if (enc.size === BATCH) load.append(enc.take((i + 1) * 200, i + 1), 0);
  }
  if (enc.size > 0) load.append(enc.take(n * 200, n), 0);
  load.finish();
}

function time(run: () => unknown): number {
  const t0 = performance.now();
  run();
  return performance.now() - t0;
}

/**
 * p50 and p95 of warm runs (after one untimed run): the columns are loaded, but `before` (the
 * index's forgetCaches) runs untimed ahead of each, so every run computes its filter's mask and
 * string lookups afresh, as a new search does.
 */
function warm(run: () => unknown, before: () => void = () => {}, runs = RUNS): { p50: number; p95: number } {
  run();
  const ms = Array.from({ length: runs }, () => {
    before();
    return time(run);
  }).sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

const ROUTE_METRICS: Metric[] = [{ op: 'count' }, { op: 'errors' }, { op: 'p50', field: 'duration_ms' }, { op: 'p95', field: 'duration_ms' }, { op: 'p99', field: 'duration_ms' }];
const FACETS: GroupField[] = ['status', 'method', 'route', 'ip_hash', 'user_agent', 'session_id'];
/** Filters the histogram, the facets and the counts are asked under: "any filter". */
const FILTERS = ['', 'status>=500', 'method:POST route:/api/cart', 'firefox', 'ua:*googlebot*', 'ip:ip42', '-status:200 time>=2026-01-15'];

function sqlSeconds(store: Store, query: string, sql: (where: string) => string): number {
  const { where, params } = compileFilter(parseQuery(query));
  const st = store.db.prepare(sql(where));
  return time(() => st.all(...params));
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbridge-columnar-'));
  try {
    const store = openStore({ path: path.join(dir, 'bench.db') });
    console.log(`Filling ${fmtInt(ROWS)} events...`);
    console.log(`  filled in ${fmtMs(time(() => fill(store, ROWS)) / 1000)} s`);
    const span = store.db.prepare('SELECT max(time) - min(time) FROM events').pluck().get() as number;
    const bucketMs = Math.ceil(span / 200);
    const index: ColumnarIndex = createColumnarIndex(store.db);
    const histogram = (q: string): AggregateSpec => ({ filter: parseQuery(q), bucketMs, groupBy: ['status_class'], metrics: [{ op: 'count' }] });
    const fresh = () => index.forgetCaches();
    const facets = (q: string) => FACETS.map((f) => index.aggregate({ filter: parseQuery(q), groupBy: [f], metrics: [{ op: 'count' }], limit: 10 }));
    const rows: Row[] = [];
    const add = (measure: string, ours: string, peer: string, goalMs: number | null, met?: boolean) =>
      rows.push({ measure, ours, peer, goal: goalMs === null ? '' : `≤ ${goalMs} ms`, ...(met === undefined ? {} : { met }) });

    // First loads: what a query pays when its columns are not held yet (each load is kept).
    const firstSync = time(() => index.sync());
    add('sync, nothing loaded (ms)', fmtMs(firstSync), '', null);
    add('first load: ids (count, no filter)', fmtMs(time(() => index.count(null))), '', null);
    add('first load: per-route stats columns', fmtMs(time(() => index.aggregate({ filter: null, groupBy: ['route', 'method'], metrics: ROUTE_METRICS }))), '', null);
    add('first load: histogram (time)', fmtMs(time(() => index.aggregate(histogram('')))), '', null);
    add('first load: facet columns (ip, agent, session)', fmtMs(time(() => facets(''))), '', null);
    add('first load: full-text columns', fmtMs(time(() => index.page(parseQuery('firefox'), 100))), '', null);
    add('sync, nothing changed (µs)', (warm(() => index.sync(), undefined, 200).p50 * 1000).toFixed(1), '', null);

    const stats = warm(() => index.aggregate({ filter: null, groupBy: ['route', 'method'], metrics: ROUTE_METRICS, limit: 100 }), fresh);
    const sqlStats = time(() => store.stats.routes(compileFilter(null), 'route', 100));
    add('per route: count, errors, p50/p95/p99 (p50 / p95)', `${fmtMs(stats.p50)} / ${fmtMs(stats.p95)}`, fmtMs(sqlStats), 50, stats.p95 <= 50);
    const overall = warm(() => index.aggregate({ filter: null, metrics: ROUTE_METRICS }), fresh);
    const sqlOverall = time(() => store.stats.routes(compileFilter(null), 'all', 1));
    add('overall: count, errors, p50/p95/p99', `${fmtMs(overall.p50)} / ${fmtMs(overall.p95)}`, fmtMs(sqlOverall), 50, overall.p95 <= 50);

    for (const q of FILTERS) {
      const h = warm(() => index.aggregate(histogram(q)), fresh);
      const sql = sqlSeconds(store, q, (w) => `SELECT e.time - e.time % ${bucketMs}, e.status / 100, count(*) FROM events e WHERE (${w}) GROUP BY 1, 2`);
      add(`histogram 200 × class, filter "${q}"`, `${fmtMs(h.p50)} / ${fmtMs(h.p95)}`, fmtMs(sql), 50, h.p95 <= 50);
    }
    for (const q of FILTERS) {
      const f = warm(() => facets(q), fresh);
      const sql = FACETS.reduce(
        (sum, field) =>
          sum + sqlSeconds(store, q, (w) => `SELECT ${field === 'status' ? 'e.status' : field === 'session_id' ? 'e.session_ref' : `e.${field === 'ip_hash' ? 'ip' : field}_ref`}, count(*) FROM events e WHERE (${w}) GROUP BY 1 ORDER BY 2 DESC LIMIT 10`),
        0,
      );
      add(`6 facets top 10, filter "${q}"`, `${fmtMs(f.p50)} / ${fmtMs(f.p95)}`, fmtMs(sql), 100, f.p95 <= 100);
    }
    for (const word of ['api', 'firefox', 'zzqxv']) {
      const w = warm(() => index.page(parseQuery(word), 100), fresh);
      const cached = warm(() => index.page(parseQuery(word), 100));
      const sql = sqlSeconds(store, word, (x) => `SELECT count(*) FROM events e WHERE (${x})`);
      add(`free text "${word}": first page + total`, `${fmtMs(w.p50)} / ${fmtMs(w.p95)}`, fmtMs(sql), 50, w.p95 <= 50);
      add(`  the same again (mask cached)`, `${fmtMs(cached.p50)} / ${fmtMs(cached.p95)}`, '', null);
    }
    for (const q of FILTERS) {
      const c = warm(() => index.count(parseQuery(q)), fresh);
      const sql = sqlSeconds(store, q, (w) => `SELECT count(*) FROM events e WHERE (${w})`);
      add(`count, filter "${q}"`, `${fmtMs(c.p50)} / ${fmtMs(c.p95)}`, fmtMs(sql), 50, c.p95 <= 50);
    }
    add('held: bytes per event (all columns loaded)', (index.bytes() / ROWS).toFixed(1), '', null);
    add('held beside them: caches, bytes per event', (index.cacheBytes() / ROWS).toFixed(1), '', null);
    add('process RSS (MB)', fmtInt(process.memoryUsage().rss / 2 ** 20), '', null);
    printTable(`Columnar index on ${fmtInt(ROWS)} events (ms, warm p50 / p95 of ${RUNS}; first loads once)`, 'SQL today', rows);
    console.log(`\nMachine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (other work inflates the figures).`);
    index.close();
    store.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
