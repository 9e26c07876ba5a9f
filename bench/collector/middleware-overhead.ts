// The Node middleware's cost to the app that runs it, measured like with like: the same Express
// app (express-app.ts) in its own process, with and without the middleware, in the same run,
// CPU per request read from each process. Rounds alternate the order (ABBA) so that whatever
// else the shared machine does falls on both sides, and the median of each side is kept.
import fs from 'node:fs';
import path from 'node:path';
import { spawnServer } from '../lib/processes.js';
import { throughput } from './load.js';

export const APP_REQUESTS = Number(process.env.BENCH_APP_REQUESTS ?? 20_000);
export const APP_WARMUP = 2_000;
export const APP_CONNECTIONS = 32;
const ROUNDS = Number(process.env.BENCH_APP_ROUNDS ?? 3);
/** Past the client's 1 s flush interval, so the records of the last requests are sent, and counted. */
const SETTLE_MS = 1_500;

export interface AppRun {
  reqPerS: number;
  /** CPU the app process spent per request, µs (user + system; Linux /proc). */
  cpuUsPerReq: number;
}

/** CPU seconds a process has used so far (Linux), from /proc/<pid>/stat fields 14 and 15. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The Express app with our middleware sending to `collector`, or without it (`none`). */
export async function runApp(collector: string): Promise<AppRun> {
  const app = await spawnServer(['--import', 'tsx', path.join(import.meta.dirname, 'express-app.ts'), collector], /listening on (http:\/\/[^/\s]+)/);
  try {
    const url = new URL('/users/42', app.origin);
    await throughput(url, Array.from({ length: APP_WARMUP }, () => null), APP_CONNECTIONS);
    const cpu0 = cpuSeconds(app.proc.pid!);
    const r = await throughput(url, Array.from({ length: APP_REQUESTS }, () => null), APP_CONNECTIONS);
    // An idle app spends nothing here; with the middleware, its last batch is sent meanwhile.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const cpu = cpuSeconds(app.proc.pid!) - cpu0;
    if (r.failures > 0) throw new Error(`the Express app failed ${r.failures} requests`);
    return { reqPerS: APP_REQUESTS / (r.ms / 1000), cpuUsPerReq: (cpu * 1e6) / APP_REQUESTS };
  } finally {
    await app.stop();
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface Overhead {
  rounds: number;
  without: AppRun;
  with: AppRun;
  /** (with − without) / without, of the median CPU per request. */
  cpuShare: number;
  /** Each run's CPU per request, µs, in run order: the spread says how far to trust the medians. */
  cpuRuns: { without: number[]; with: number[] };
}

/** Alternating runs of the app without and with the middleware (sending to `sink`). */
export async function measureOverhead(sink: string): Promise<Overhead> {
  const without: AppRun[] = [];
  const withMw: AppRun[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      without.push(await runApp('none'));
      withMw.push(await runApp(sink));
    } else {
      withMw.push(await runApp(sink));
      without.push(await runApp('none'));
    }
  }
  const summary = (runs: AppRun[]): AppRun => ({ reqPerS: median(runs.map((r) => r.reqPerS)), cpuUsPerReq: median(runs.map((r) => r.cpuUsPerReq)) });
  const a = summary(without);
  const b = summary(withMw);
  return {
    rounds: ROUNDS,
    without: a,
    with: b,
    cpuShare: (b.cpuUsPerReq - a.cpuUsPerReq) / a.cpuUsPerReq,
    cpuRuns: { without: without.map((r) => r.cpuUsPerReq), with: withMw.map((r) => r.cpuUsPerReq) },
  };
}
