// Collector benchmark (issue 3): 100-event batches stored durably, and single events at a
// fixed 2,000 requests/s, each beside a bare node:http server that parses and discards the same
// requests, measured in the same run; then the Node middleware's cost to an Express app.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { fmtInt, fmtMs, percentile, printTable, type Row } from '../lib/table.js';
import { REPO_ROOT, spawnServer, type Child } from '../lib/processes.js';
import { acknowledgedEvents, fixedRate, throughput, type Answer } from './load.js';
import { middlewareCostUs } from './middleware-cost.js';
import { APP_CONNECTIONS, APP_REQUESTS, APP_WARMUP, measureOverhead, runApp } from './middleware-overhead.js';

const BATCH = 100;
const BATCHES = Number(process.env.BENCH_BATCHES ?? 3000);
const CONCURRENCY = 16;
const RATE = 2000;
const SINGLES = Number(process.env.BENCH_SINGLES ?? 20_000);

/** A realistic page event: a click with a few properties, ~250 bytes as JSON. */
function event(i: number) {
  return {
    event_type: i % 5 === 0 ? 'page_view' : 'button_click',
    event_data: { page: `/shop/item/${i % 977}`, element: `#buy-${i % 13}`, button_text: 'Add to cart', price: (i % 200) + 0.99 },
    timestamp: new Date(1_763_900_000_000 + i).toISOString(),
    session_id: `sess-${i % 500}`,
    user_id: `user-${i % 2000}`,
  };
}

async function startOurs(db: string): Promise<Child> {
  return spawnServer([path.join(REPO_ROOT, 'bin', 'logbridge.mjs'), 'serve', '--db', db, '--port', '0', '--rate-limit', '0'], /listening on (http:\/\/[^/\s]+)/);
}
async function startBare(): Promise<Child> {
  return spawnServer(['--import', 'tsx', path.join(import.meta.dirname, 'bare-server.ts')], /listening on (http:\/\/[^/\s]+)/);
}

async function measure(server: Child) {
  const bodies = Array.from({ length: BATCHES }, (_, b) => JSON.stringify({ events: Array.from({ length: BATCH }, (_, i) => event(b * BATCH + i)) }));
  const url = new URL('/api/analytics/batch', server.origin);
  const acked = (a: Answer) => acknowledgedEvents(a, BATCH);
  // Warm up both the same way (JIT, page cache), then measure.
  const warm = await throughput(url, bodies.slice(0, 100), CONCURRENCY, acked);
  const batch = await throughput(url, bodies, CONCURRENCY, acked);
  const single = await fixedRate(new URL('/api/analytics/collect', server.origin), (i) => JSON.stringify(event(i)), RATE, SINGLES);
  return {
    // Only what the server acknowledged counts: a refused or half-accepted batch is not throughput.
    eventsPerS: batch.acknowledged / (batch.ms / 1000),
    batchFailures: warm.failures + batch.failures,
    acknowledged: warm.acknowledged + batch.acknowledged + SINGLES - single.failures,
    sent: (100 + BATCHES) * BATCH + SINGLES,
    single,
  };
}

async function measureMiddleware(collector: string) {
  // The app's own work, beside a sink that costs nothing: Logbridge's ingest would compete for
  // this machine's two cores and blur the comparison.
  const sink = await startBare();
  try {
    const overhead = await measureOverhead(sink.origin);
    const own = await middlewareCostUs(sink.origin);
    const toLogbridge = await runApp(collector);
    return { overhead, own, toLogbridge };
  } finally {
    await sink.stop();
  }
}

export async function runCollectorBench(): Promise<Row[]> {
  // Beside the checkout, not in the temp folder: /tmp may be RAM (tmpfs), where an fsync proves nothing.
  const cache = path.join(REPO_ROOT, 'node_modules', '.cache', 'logbridge');
  fs.mkdirSync(cache, { recursive: true });
  const dir = fs.mkdtempSync(path.join(cache, 'bench-'));
  const db = path.join(dir, 'bench.db');
  try {
    const bare = await startBare();
    const peer = await measure(bare).finally(() => bare.stop());
    const ours = await startOurs(db);
    let us: Awaited<ReturnType<typeof measure>>;
    let middleware: Awaited<ReturnType<typeof measureMiddleware>>;
    try {
      us = await measure(ours);
      middleware = await measureMiddleware(ours.origin);
    } finally {
      await ours.stop();
    }

    // Durably stored means found in the file after the server has gone.
    const stored = new Database(db, { readonly: true }).prepare('SELECT count(*) FROM events').pluck().get() as number;
    // Every event acknowledged, and every record of the one app run that sent to Logbridge.
    const expected = us.acknowledged + APP_REQUESTS + APP_WARMUP;
    const lat = (r: typeof us.single) =>
      `${fmtMs(percentile(r.latencies, 50))} / ${fmtMs(percentile(r.latencies, 99))} / ${fmtMs(r.latencies[r.latencies.length - 1] ?? NaN)}`;
    const p99 = percentile(us.single.latencies, 99);
    const rows: Row[] = [
      {
        measure: `${BATCH}-event batches, ${CONCURRENCY} connections: events/s`,
        ours: fmtInt(us.eventsPerS),
        peer: fmtInt(peer.eventsPerS),
        goal: '≥ 100,000',
        met: us.eventsPerS >= 100_000,
      },
      {
        measure: `single events at ${fmtInt(RATE)} req/s: p50 / p99 / max ms`,
        ours: lat(us.single),
        peer: lat(peer.single),
        goal: 'p99 ≤ 10 ms',
        met: p99 <= 10,
      },
      {
        measure: 'events stored after the run / acknowledged / sent (failures)',
        ours: `${fmtInt(stored)} / ${fmtInt(expected)} / ${fmtInt(us.sent + APP_REQUESTS + APP_WARMUP)} (${us.batchFailures + us.single.failures})`,
        peer: `n/a / ${fmtInt(peer.acknowledged)} / ${fmtInt(peer.sent)} (${peer.batchFailures + peer.single.failures})`,
        goal: 'all',
        met: stored === expected && us.acknowledged === us.sent && us.batchFailures + us.single.failures === 0,
      },
    ];
    printTable('Collector over loopback (issue 3)', 'bare node:http (parse + discard)', rows);
    const { overhead, own, toLogbridge } = middleware;
    const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
    const runs = (xs: number[]) => xs.map((x) => fmtInt(x)).join(' ');
    const appRows: Row[] = [
      {
        measure: `Express app process: CPU per request, µs, with the middleware (median of ${overhead.rounds} alternating runs each)`,
        ours: `${fmtMs(overhead.with.cpuUsPerReq)} (${pct(overhead.cpuShare)}; runs ${runs(overhead.cpuRuns.with)})`,
        peer: `${fmtMs(overhead.without.cpuUsPerReq)} (runs ${runs(overhead.cpuRuns.without)})`,
        goal: '≤ +10%',
        met: overhead.cpuShare <= 0.1,
      },
      {
        measure: `Express app, ${APP_CONNECTIONS} connections: req/s (same runs)`,
        ours: fmtInt(overhead.with.reqPerS),
        peer: fmtInt(overhead.without.reqPerS),
        goal: 'reported',
      },
      {
        measure: 'same app, middleware -> Logbridge on the same 2 cores: CPU µs/req, req/s',
        ours: `${fmtMs(toLogbridge.cpuUsPerReq)}, ${fmtInt(toLogbridge.reqPerS)}`,
        peer: `${fmtMs(overhead.without.cpuUsPerReq)}, ${fmtInt(overhead.without.reqPerS)}`,
        goal: 'reported',
      },
      {
        // In-process, with fake request objects: where the middleware's time goes, not the goal.
        measure: 'breakdown, in-process micro-bench: observe + record, send; µs per request',
        ours: `${fmtMs(own.observe)} + ${fmtMs(own.send)}`,
        peer: '',
        goal: 'reported',
      },
    ];
    printTable('Node middleware overhead (issue 3)', 'same app without middleware', appRows);
    return [...rows, ...appRows];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
