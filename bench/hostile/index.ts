// Hostile load (issue 9): `logbridge serve` while 4 clients send the bodies that stalled it
// (bodies.ts) in a loop, and two probes a user would notice: a single event at
// /api/analytics/collect (answered after its commit) and the UI's search over RPC (answered from
// the event loop alone). Each probe's p50/p99 is printed beside the same probes on a quiet server.
//
// The hostile clients run in a process of their own at nice HOSTILE_CLIENT_NICE (default 10):
// on a small machine the load generator would otherwise take the CPU the server needs, and
// the figures would measure the generator. HOSTILE_CLIENT_NICE=0 measures that case too.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { REPO_ROOT, spawnServer } from '../lib/processes.js';
import { fmtInt, fmtMs, percentile, printTable, type Row } from '../lib/table.js';

const SECONDS = Number(process.env.HOSTILE_SECONDS ?? 20);
const CLIENT_NICE = Number(process.env.HOSTILE_CLIENT_NICE ?? 10);
const CLIENTS = 4;
const GOAL_P99_MS = 50;
const COLLECT_EVERY_MS = 25;
const SEARCH_EVERY_MS = 100;

const TallySchema = z.array(z.object({ name: z.string(), sent: z.number(), statuses: z.record(z.string(), z.number()), ms: z.array(z.number()) }));
type Tally = z.infer<typeof TallySchema>;

interface Probe {
  name: string;
  every: number;
  send(): Promise<Response>;
}

/** Sends `probe` every `every` ms (never two at once) for `seconds`; latency of each, ms. */
async function runProbe(probe: Probe, seconds: number): Promise<{ ms: number[]; failures: string[] }> {
  const until = performance.now() + seconds * 1000;
  const ms: number[] = [];
  const failures: string[] = [];
  while (performance.now() < until) {
    const t0 = performance.now();
    try {
      const res = await probe.send();
      const text = await res.text();
      if (res.status !== 200 || text.includes('"ok":false')) failures.push(`${res.status} ${text.slice(0, 120)}`);
    } catch (err) {
      failures.push(String((err as Error).cause ?? err));
    }
    const took = performance.now() - t0;
    ms.push(took);
    await new Promise((r) => setTimeout(r, Math.max(0, probe.every - took)));
  }
  return { ms: ms.sort((a, b) => a - b), failures };
}

/** The hostile clients for `seconds`, in their own process; resolves with what they sent. */
function hostileClients(origin: string, seconds: number, clients: number): Promise<Tally> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'clients.ts'), origin, String(seconds), String(clients)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (CLIENT_NICE !== 0) os.setPriority(child.pid!, CLIENT_NICE);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`the hostile clients exited with ${code}`));
      resolve(TallySchema.parse(JSON.parse(out)));
    });
  });
}

export async function runHostileBench(): Promise<Row[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbridge-hostile-'));
  // Group 1 is the whole printed URL: its token (query or fragment) signs the RPC probe in.
  const server = await spawnServer(
    [path.join(REPO_ROOT, 'bin', 'logbridge.mjs'), 'serve', '--db', path.join(dir, 'hostile.db'), '--port', '0', '--rate-limit', '0'],
    /listening on (http:\/\/\S+)/,
  );
  const printed = new URL(server.origin);
  const origin = printed.origin;
  const secret = printed.searchParams.get('token') ?? new URLSearchParams(printed.hash.slice(1)).get('token') ?? '';
  const probes: Probe[] = [
    {
      name: 'POST /api/analytics/collect',
      every: COLLECT_EVERY_MS,
      send: () =>
        fetch(`${origin}/api/analytics/collect`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ event_type: 'probe', event_data: { page: '/probe' }, session_id: 'probe' }),
        }),
    },
    {
      name: 'RPC events.search',
      every: SEARCH_EVERY_MS,
      send: () =>
        fetch(`${origin}/rpc/events.search`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}`, origin },
          // The UI's opening view: the newest events. A filtered count scans (about 100 ms on a
          // database this run fills), which would measure the query, not the hostile load.
          body: JSON.stringify({ query: '', limit: 50 }),
        }),
    },
  ];
  const measure = (seconds: number) => Promise.all(probes.map((p) => runProbe(p, seconds)));
  try {
    // Warm up: JIT, the writer and decode threads, the page cache.
    await Promise.all([measure(3), hostileClients(origin, 3, CLIENTS)]);
    const quiet = await measure(Math.min(10, SECONDS));
    const [loaded, tally] = await Promise.all([measure(SECONDS), hostileClients(origin, SECONDS, CLIENTS)]);

    const rows: Row[] = [];
    probes.forEach((p, i) => {
      const q = quiet[i]!;
      const l = loaded[i]!;
      const p99 = percentile(l.ms, 99);
      rows.push({ measure: `${p.name} p50 (ms)`, ours: fmtMs(percentile(l.ms, 50)), peer: fmtMs(percentile(q.ms, 50)), goal: '' });
      rows.push({ measure: `${p.name} p99 (ms)`, ours: fmtMs(p99), peer: fmtMs(percentile(q.ms, 99)), goal: `≤ ${GOAL_P99_MS}`, met: p99 <= GOAL_P99_MS && l.failures.length === 0 });
      rows.push({ measure: `${p.name} probes / failed`, ours: `${fmtInt(l.ms.length)} / ${l.failures.length}`, peer: `${fmtInt(q.ms.length)} / ${q.failures.length}`, goal: '0 failed' });
      for (const f of [...new Set(l.failures)].slice(0, 3)) console.log(`  ${p.name} failed under load: ${f}`);
    });
    printTable(`Hostile load: ${CLIENTS} clients (nice ${CLIENT_NICE}) for ${SECONDS} s; logbridge = the probes under that load`, 'quiet server', rows);

    console.log('\nHostile requests sent meanwhile');
    for (const t of tally) {
      const statuses = Object.entries(t.statuses).map(([s, n]) => `${s} x${n}`).join(', ');
      const sorted = t.ms.sort((a, b) => a - b);
      console.log(`- ${t.name}: ${t.sent} sent (${statuses}), answered in p50 ${fmtMs(percentile(sorted, 50))} ms, max ${fmtMs(sorted[sorted.length - 1] ?? NaN)} ms`);
    }
    return rows;
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
