// Soak (issue 9): `logbridge serve` for SOAK_SECONDS (default 600) at SOAK_RATE events/s (default
// 2,000) of mixed valid, invalid and hostile requests, sent open-loop so a stall shows in the
// tail. Reports latency per minute, RSS at start and end, and events acknowledged against events
// found in the database after the server has gone: the two must be equal.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { REPO_ROOT, spawnServer } from '../lib/processes.js';
import { fmtInt, fmtMs, percentile, printTable, type Row } from '../lib/table.js';
import { soakRequests, VALID_PER_REQUEST, type SoakRequest } from './mix.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const EVENTS_PER_S = Number(process.env.SOAK_RATE ?? 2000);
const WINDOW_S = Math.max(10, Math.min(60, Math.round(SECONDS / 10)));

interface Answer {
  status: number;
  body: string;
}

function post(agent: http.Agent, origin: string, req: SoakRequest): Promise<Answer> {
  return new Promise((resolve) => {
    const r = http.request(
      new URL(req.path, origin),
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(req.body) } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    // A refused upload is an answer the collector chose not to give: counted, never thrown.
    r.on('error', (e) => resolve({ status: -1, body: e.message }));
    r.end(req.body);
  });
}

/** Events the collector says it stored, read from its answer in the endpoint's own terms. */
function acknowledged(req: SoakRequest, a: Answer): number {
  if (a.status !== 200) return 0;
  const json = JSON.parse(a.body) as { accepted?: number; event_id?: string };
  return typeof json.accepted === 'number' ? json.accepted : json.event_id ? 1 : 0;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export async function runSoakBench(): Promise<Row[]> {
  const cache = path.join(REPO_ROOT, 'node_modules', '.cache', 'logbridge');
  fs.mkdirSync(cache, { recursive: true });
  const dir = fs.mkdtempSync(path.join(cache, 'soak-'));
  const db = path.join(dir, 'soak.db');
  const server = await spawnServer(
    [path.join(REPO_ROOT, 'bin', 'logbridge.mjs'), 'serve', '--db', db, '--port', '0', '--rate-limit', '0'],
    /listening on (http:\/\/[^/\s]+)/,
  );
  const pid = server.proc.pid!;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const next = soakRequests(9);
  const requestsPerS = EVENTS_PER_S / VALID_PER_REQUEST;
  const total = Math.round(SECONDS * requestsPerS);
  const windows: { latencies: number[]; statuses: Map<number, number> }[] = [];
  const rssStart = rssMb(pid);
  let rssPeak = rssStart;
  let acked = 0;
  let expected = 0;
  // Per kind: events expected and acknowledged, so a miscount names the requests behind it.
  const byKind = new Map<string, { expected: number; acked: number; statuses: Set<number> }>();
  const t0 = performance.now();
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(pid))), 1000);
  const inflight = new Set<Promise<void>>();
  let sendSeconds = NaN;
  try {
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / requestsPerS;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const req = next(i);
      expected += req.valid;
      const kind = byKind.get(req.kind) ?? { expected: 0, acked: 0, statuses: new Set<number>() };
      byKind.set(req.kind, kind);
      kind.expected += req.valid;
      const w = Math.floor((due - t0) / 1000 / WINDOW_S);
      const win = (windows[w] ??= { latencies: [], statuses: new Map() });
      const p = post(agent, server.origin, req).then((a) => {
        // Latency counts from when the request was due, not when the loop got round to it.
        win.latencies.push(performance.now() - due);
        win.statuses.set(a.status, (win.statuses.get(a.status) ?? 0) + 1);
        const n = acknowledged(req, a);
        acked += n;
        kind.acked += n;
        kind.statuses.add(a.status);
      });
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    sendSeconds = (performance.now() - t0) / 1000;
    await Promise.all(inflight);
  } finally {
    clearInterval(sampler);
  }
  const rssEnd = rssMb(pid);
  agent.destroy();
  await server.stop();
  const stored = new Database(db, { readonly: true }).prepare('SELECT count(*) FROM events').pluck().get() as number;
  fs.rmSync(dir, { recursive: true, force: true });

  const first = windows[0]!.latencies.sort((a, b) => a - b);
  const rows: Row[] = windows.map((win, k) => {
    const lat = win.latencies.sort((a, b) => a - b);
    const statuses = [...win.statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}:${n}`).join(' ');
    return {
      measure: `${k * WINDOW_S}-${(k + 1) * WINDOW_S} s: p50 / p99 ms (${statuses})`,
      ours: `${fmtMs(percentile(lat, 50))} / ${fmtMs(percentile(lat, 99))}`,
      peer: `${fmtMs(percentile(first, 50))} / ${fmtMs(percentile(first, 99))}`,
      goal: 'no drift',
    };
  });
  for (const [name, k] of byKind) {
    if (k.acked !== k.expected) {
      rows.push({ measure: `${name}: acknowledged of valid (statuses ${[...k.statuses].join(', ')})`, ours: fmtInt(k.acked), peer: fmtInt(k.expected), goal: 'equal', met: false });
    }
  }
  rows.push(
    { measure: 'events/s offered (valid events)', ours: fmtInt(expected / sendSeconds), peer: '', goal: `≥ ${fmtInt(EVENTS_PER_S)}`, met: expected / sendSeconds >= EVENTS_PER_S * 0.95 },
    { measure: 'RSS MB: start / peak / end', ours: `${rssStart.toFixed(0)} / ${rssPeak.toFixed(0)} / ${rssEnd.toFixed(0)}`, peer: '', goal: 'bounded' },
    { measure: 'events acknowledged / stored', ours: `${fmtInt(acked)} / ${fmtInt(stored)}`, peer: `${fmtInt(expected)} valid sent`, goal: 'equal', met: acked === stored && acked === expected },
  );
  printTable(`Soak: ${SECONDS} s at ${fmtInt(EVENTS_PER_S)} events/s of mixed valid, invalid and hostile requests`, 'first window', rows);
  return rows;
}
