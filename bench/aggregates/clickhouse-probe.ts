// How the ClickHouse adapter answers the UI's queries on a million events: starts a real
// clickhouse-server (test/helpers/clickhouse-server.ts), loads 1,000,000 access-log-like events
// through the adapter's bulk sink in the import's batch size, then times each goal query through
// the store port (HTTP round trip and JS included), warm, over 20 runs, right after the load and
// again once the server has merged the table's parts into one; then what deletes cost (a removed
// source, a forgotten tail, a retention purge of collected events).
//
//   node --import tsx bench/aggregates/clickhouse-probe.ts [--events 1000000] [--runs 20]
import { parseArgs } from 'node:util';
import type { NewEvent } from '../../shared/events.js';
import { createBatchEncoder } from '../../electron/core/importers/batch-encoder.js';
import { DEFAULT_PURGE_CHUNK } from '../../electron/core/privacy/retention.js';
import { parseQuery } from '../../electron/core/query/parse.js';
import { openClickHouseStore, type ClickHouseEventStore } from '../../electron/core/store/clickhouse/index.js';
import { derivedSessionRef } from '../../electron/core/store/derived-sessions.js';
import type { AggregateSpec } from '../../electron/core/store/port.js';
import type { GroupField } from '../../shared/fields.js';
import { startClickHouse } from '../../test/helpers/clickhouse-server.js';
import { pick, seeded } from '../lib/random.js';
import { fmtInt, fmtMs, percentile } from '../lib/table.js';

const { values: args } = parseArgs({ options: { events: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '20' } } });
const EVENTS = Number(args.events);
const RUNS = Number(args.runs);
const GOAL_MS = 50;
/** The six facets are asked for together; the goal is for all of them. */
const FACETS_GOAL_MS = 100;
const BATCH = 16_384; // import-job.ts BATCH_EVENTS
const T0 = Date.UTC(2026, 0, 1);
const PURGED = 20_000;
const PURGE_CHUNK = DEFAULT_PURGE_CHUNK;
const SPAN_MS = 30 * 86_400_000;

const ROUTES = [
  '/api/users/:id', '/api/orders', '/api/orders/:id', '/api/cart', '/api/search', '/login', '/checkout', '/api/products/:id',
  '/api/products', '/api/reviews/:id', '/static/app.js', '/static/app.css', '/', '/health', '/api/payments', '/api/session',
];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE'];
const AGENTS = Array.from({ length: 200 }, (_, i) =>
  i % 3 === 0
    ? `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${100 + (i % 30)}.0.${i}.0 Safari/537.36`
    : i % 3 === 1
      ? `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_${i % 8}) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.${i % 5} Safari/605.1.15`
      : `curl/8.${i % 10}.${i % 4}`,
);
const REFERRERS = ['-', 'https://www.google.com/', 'https://example.com/', 'https://news.ycombinator.com/', 'https://t.co/x'];
const PROTO = Object.freeze({ proto: 'HTTP/1.1' });

function statusOf(r: number): number {
  if (r < 0.85) return 200;
  if (r < 0.9) return 304;
  if (r < 0.95) return 404;
  if (r < 0.97) return 401;
  if (r < 0.985) return 500;
  if (r < 0.995) return 502;
  return 503;
}

async function load(store: ClickHouseEventStore): Promise<{ ms: number; sourceId: number }> {
  const rnd = seeded(42);
  const sourceId = await store.sources.createFile('access-1m.log', 'access', { path: '/bench/access-1m.log', size: EVENTS * 200, mtimeMs: 0, headHash: 'bench' }, null);
  const sink = await store.bulkLoad({ sourceId, expectedEvents: EVENTS });
  const enc = createBatchEncoder(BATCH);
  // Visits: a few hundred clients are active at a time, each for a while, as on a real site.
  const active = Array.from({ length: 300 }, () => Math.floor(rnd() * 5000));
  const sessions = new Map<number, { n: number; last: number }>();
  let nextSession = 0;
  const started = performance.now();
  const inflight: Promise<unknown>[] = [];
  let offset = 0;
  for (let i = 0; i < EVENTS; i++) {
    const time = T0 + Math.floor((i / EVENTS) * SPAN_MS);
    const route = pick(rnd, ROUTES);
    const id = Math.floor(rnd() * 5000);
    const url = route.replace(':id', String(Math.floor(rnd() * 20_000)));
    const status = statusOf(rnd());
    if (rnd() < 0.02) active[Math.floor(rnd() * active.length)] = Math.floor(rnd() * 5000);
    const client = pick(rnd, active);
    const e: NewEvent = {
      time, kind: 'api', method: pick(rnd, METHODS), url: rnd() < 0.1 ? `${url}?page=${id % 50}` : url, route, status,
      duration_ms: Math.round(Math.exp(rnd() * 7) * 10) / 10, resp_bytes: Math.floor(rnd() * 50_000),
      ip_hash: `ip${client.toString(36)}`, user_agent: AGENTS[client % AGENTS.length], referrer: REFERRERS[client % REFERRERS.length],
      attrs: PROTO, raw: '',
    };
    let s = sessions.get(client);
    if (!s || time - s.last > 30 * 60_000) sessions.set(client, (s = { n: ++nextSession, last: time }));
    s.last = time;
    enc.add(e, { offset, length: 180, line: i + 1 }, false, derivedSessionRef(sourceId, s.n));
    offset += 181;
    if (enc.size === BATCH || i === EVENTS - 1) {
      // As import-job.ts does: the next batch is made while up to three are being written.
      inflight.push(sink.append(enc.take(offset, i + 1), 0));
      if (inflight.length >= 3) await inflight.shift();
    }
  }
  await Promise.all(inflight);
  await sink.finish();
  return { ms: performance.now() - started, sourceId };
}

interface Probe {
  name: string;
  run: () => Promise<unknown>;
  goal?: number;
}

function probes(store: ClickHouseEventStore): Probe[] {
  const agg = (spec: Omit<AggregateSpec, 'filter'> & { filter?: string }) => () =>
    store.aggregate({ ...spec, filter: spec.filter ? parseQuery(spec.filter) : null });
  const facets: GroupField[] = ['route', 'method', 'status', 'user_agent', 'ip_hash', 'session_id'];
  const pct = (op: 'p50' | 'p95' | 'p99') => ({ op, field: 'duration_ms' as const });
  const text = (q: string) => async () => Promise.all([store.search({ filter: parseQuery(q), limit: 100 }), store.count(parseQuery(q))]);
  return [
    { name: 'per-route count, errors, p50/p95/p99', run: agg({ groupBy: ['route', 'method'], metrics: [{ op: 'count' }, { op: 'errors' }, pct('p50'), pct('p95'), pct('p99')], limit: 100 }) },
    { name: 'overall p50/p95/p99', run: agg({ metrics: [{ op: 'count' }, pct('p50'), pct('p95'), pct('p99')] }) },
    {
      name: '200-bucket histogram by status class, filtered',
      run: agg({ filter: 'route:/api/* method:GET', bucketMs: Math.ceil(SPAN_MS / 200), groupBy: ['status_class'], metrics: [{ op: 'count' }] }),
    },
    ...facets.map((f) => ({ name: `top 10 ${f}`, run: agg({ groupBy: [f], metrics: [{ op: 'count' }], limit: 10 }) })),
    { name: 'top 10 of all 6 facets, in parallel', goal: FACETS_GOAL_MS, run: () => Promise.all(facets.map((f) => agg({ groupBy: [f], metrics: [{ op: 'count' }], limit: 10 })())) },
    {
      name: 'top 10 of all 6 facets, one after another',
      goal: FACETS_GOAL_MS,
      run: async () => {
        for (const f of facets) await agg({ groupBy: [f], metrics: [{ op: 'count' }], limit: 10 })();
      },
    },
    { name: 'free text, common word: page + total', run: text('safari') },
    { name: 'free text, word found nowhere: page + total', run: text('zqxjvk') },
    { name: 'first page, no filter', run: () => store.search({ filter: null, limit: 100 }) },
    { name: 'count for a filter', run: () => store.count(parseQuery('status>=500 method:POST')) },
  ];
}

async function time(p: Probe): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i++) await p.run();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await p.run();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

async function measure(title: string, store: ClickHouseEventStore): Promise<void> {
  const rows: string[][] = [];
  for (const p of probes(store)) {
    const { p50, p95 } = await time(p);
    const goal = p.goal ?? GOAL_MS;
    rows.push([p.name, fmtMs(p50), fmtMs(p95), `≤ ${goal} ms`, p50 <= goal ? 'yes' : 'NO']);
  }
  const head = ['query', 'p50 ms', 'p95 ms', 'goal', 'met'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n${title}`);
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

async function main(): Promise<void> {
  const server = await startClickHouse();
  try {
    const store = await openClickHouseStore(server.url('bench'));
    try {
      const { ms, sourceId } = await load(store);
      const parts = async () => (await server.query("SELECT count() FROM system.parts WHERE database = 'bench' AND table = 'events' AND active")).trim();
      const bytes = (await server.query("SELECT sum(bytes_on_disk) FROM system.parts WHERE database = 'bench' AND table = 'events' AND active")).trim();
      console.log(`loaded ${fmtInt(EVENTS)} events in ${fmtInt(ms)} ms (${fmtInt((EVENTS / ms) * 1000)} events/s), ${await parts()} parts, ${fmtInt(Number(bytes) / 1e6)} MB on disk`);
      await measure(`ClickHouse ${(await server.query('SELECT version()')).trim()}, ${fmtInt(EVENTS)} events, just loaded (${await parts()} parts), warm, ${RUNS} runs`, store);

      const t = performance.now();
      await server.query('OPTIMIZE TABLE bench.events FINAL');
      console.log(`\nOPTIMIZE TABLE FINAL took ${fmtInt(performance.now() - t)} ms`);
      await measure(`after merging (${await parts()} parts)`, store);

      // What a delete costs: ClickHouse rewrites the table's parts (a mutation).
      const other = await store.sources.createFile('small.log', 'access', { path: '/bench/small.log', size: 1, mtimeMs: 0, headHash: 's' }, null);
      await store.append(other, Array.from({ length: 1000 }, (_, i) => ({ time: T0 + i, kind: 'api' as const, raw: '' })));
      const d = performance.now();
      const removed = await store.sources.remove(other);
      console.log(`\nremoving a ${fmtInt(removed)}-event source beside ${fmtInt(EVENTS)} others: ${fmtInt(performance.now() - d)} ms`);
      const f = performance.now();
      const forgot = await store.sources.forgetAfterLine(sourceId, EVENTS - 100);
      console.log(`forgetting the last ${forgot} lines of the big source: ${fmtInt(performance.now() - f)} ms`);

      // Retention as privacy/retention.ts runs it: calls in chunks of 5,000 until one deletes fewer.
      const collector = await store.sources.collectorId();
      for (let i = 0; i < PURGED / 1000; i++) {
        await store.append(collector, Array.from({ length: 1000 }, (_, k) => ({ time: T0 + i * 1000 + k, kind: 'log' as const, message: 'old', raw: '{}' })));
      }
      const r = performance.now();
      let purged = 0;
      let calls = 0;
      for (let n = PURGE_CHUNK; n >= PURGE_CHUNK; purged += n, calls++) n = await store.purgeCollectedBefore(T0 + SPAN_MS, PURGE_CHUNK);
      console.log(`retention purge of ${fmtInt(purged)} collected events beside ${fmtInt(EVENTS)} imported, ${calls} calls of ${fmtInt(PURGE_CHUNK)}: ${fmtInt(performance.now() - r)} ms`);
    } finally {
      await store.close();
    }
  } finally {
    await server.stop();
  }
}

await main();
