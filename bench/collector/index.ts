// Collector benchmark (issue 3): 100-event batches stored durably, and single events at a
// fixed 2,000 requests/s, each beside a bare node:http server that parses and discards the same
// requests, measured in the same run.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { fmtInt, fmtMs, percentile, printTable, type Row } from '../lib/table.js';
import { REPO_ROOT, spawnServer, type Child } from '../lib/processes.js';
import { fixedRate, throughput } from './load.js';
import { middlewareCostUs } from './middleware-cost.js';

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
  // Warm up both the same way (JIT, page cache), then measure.
  await throughput(new URL('/api/analytics/batch', server.origin), bodies.slice(0, 100), CONCURRENCY);
  const batch = await throughput(new URL('/api/analytics/batch', server.origin), bodies, CONCURRENCY);
  const single = await fixedRate(new URL('/api/analytics/collect', server.origin), (i) => JSON.stringify(event(i)), RATE, SINGLES);
  return { eventsPerS: (BATCHES * BATCH) / (batch.ms / 1000), batchFailures: batch.failures, single };
}

const APP_REQUESTS = Number(process.env.BENCH_APP_REQUESTS ?? 20_000);
const APP_WARMUP = 2_000;
const APP_CONNECTIONS = 32;

interface AppRun {
  reqPerS: number;
  /** CPU the app process spent per request, µs (user + system; Linux /proc). */
  cpuUsPerReq: number;
}

/** CPU seconds a process has used so far (Linux), from /proc/<pid>/stat fields 14 and 15. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The same Express app with our middleware (sending to `collector`) and without (`none`). */
async function runApp(collector: string): Promise<AppRun> {
  const app = await spawnServer(['--import', 'tsx', path.join(import.meta.dirname, 'express-app.ts'), collector], /listening on (http:\/\/[^/\s]+)/);
  try {
    const url = new URL('/users/42', app.origin);
    await throughput(url, Array.from({ length: APP_WARMUP }, () => null), APP_CONNECTIONS);
    const cpu0 = cpuSeconds(app.proc.pid!);
    const r = await throughput(url, Array.from({ length: APP_REQUESTS }, () => null), APP_CONNECTIONS);
    const cpu = cpuSeconds(app.proc.pid!) - cpu0;
    if (r.failures > 0) throw new Error(`the Express app failed ${r.failures} requests`);
    return { reqPerS: APP_REQUESTS / (r.ms / 1000), cpuUsPerReq: (cpu * 1e6) / APP_REQUESTS };
  } finally {
    await app.stop();
  }
}

async function measureMiddleware(collector: string) {
  const without = await runApp('none');
  const toLogbridge = await runApp(collector);
  // The same middleware sending to the bare server: its own cost, without Logbridge's ingest
  // competing for this machine's two cores; and its work measured in-process.
  const sink = await startBare();
  try {
    const toBareSink = await runApp(sink.origin);
    const own = await middlewareCostUs(sink.origin);
    return { without, toLogbridge, toBareSink, own };
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
    const expected = (BATCHES + 100) * BATCH + SINGLES + APP_REQUESTS + APP_WARMUP;
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
        measure: 'events stored after the run / sent (failures)',
        ours: `${fmtInt(stored)} / ${fmtInt(expected)} (${us.batchFailures + us.single.failures})`,
        peer: `n/a (${peer.batchFailures + peer.single.failures})`,
        goal: 'all',
        met: stored === expected && us.batchFailures + us.single.failures === 0,
      },
    ];
    printTable('Collector over loopback (issue 3)', 'bare node:http (parse + discard)', rows);
    const { without, toLogbridge, toBareSink, own } = middleware;
    const ownUs = own.observe + own.send;
    const appRows: Row[] = [
      {
        measure: 'middleware CPU per request, µs (observe + record + send), vs the app\'s own',
        ours: `${fmtMs(ownUs)} (${fmtMs(own.observe)} + ${fmtMs(own.send)})`,
        peer: fmtInt(without.cpuUsPerReq),
        goal: '≤ 10% of the app\'s',
        met: ownUs <= 0.1 * without.cpuUsPerReq,
      },
      {
        measure: 'Express app process: CPU per request, µs (middleware -> bare sink)',
        ours: fmtInt(toBareSink.cpuUsPerReq),
        peer: fmtInt(without.cpuUsPerReq),
        goal: 'reported',
      },
      {
        measure: `Express app, ${APP_CONNECTIONS} connections: req/s (middleware -> bare sink)`,
        ours: fmtInt(toBareSink.reqPerS),
        peer: fmtInt(without.reqPerS),
        goal: 'reported',
      },
      {
        measure: 'same, middleware -> Logbridge on the same 2 cores',
        ours: fmtInt(toLogbridge.reqPerS),
        peer: fmtInt(without.reqPerS),
        goal: 'reported',
      },
    ];
    printTable('Node middleware overhead (issue 3)', 'same app without middleware', appRows);
    return [...rows, ...appRows];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
