// The hostile clients, run as their own process (bench/hostile/index.ts starts it) so the load
// they generate can be given a lower CPU priority than the server and the probes it measures.
// Usage: node --import tsx clients.ts ORIGIN SECONDS CLIENTS; prints one JSON tally line.
import { z } from 'zod';
import { hostileRequests, type HostileRequest } from './bodies.js';

export interface Tally {
  name: string;
  sent: number;
  statuses: Record<string, number>;
  ms: number[];
}

const Args = z.tuple([z.url(), z.coerce.number().positive(), z.coerce.number().int().positive()]);

async function client(origin: string, bodies: HostileRequest[], offset: number, until: number, tally: Map<string, Tally>, stop: AbortSignal) {
  for (let i = offset; performance.now() < until; i++) {
    const h = bodies[i % bodies.length]!;
    const t = tally.get(h.name)!;
    const t0 = performance.now();
    let status: string;
    try {
      const res = await fetch(`${origin}${h.path}`, { method: 'POST', headers: { 'content-type': h.contentType }, body: h.body, signal: stop });
      await res.arrayBuffer();
      status = String(res.status);
    } catch (err) {
      status = stop.aborted ? 'cut at the end' : `error ${String((err as Error).cause ?? err).slice(0, 60)}`;
    }
    t.sent++;
    t.statuses[status] = (t.statuses[status] ?? 0) + 1;
    t.ms.push(performance.now() - t0);
  }
}

const [origin, seconds, clients] = Args.parse(process.argv.slice(2));
const bodies = hostileRequests();
const tally = new Map(bodies.map((b): [string, Tally] => [b.name, { name: b.name, sent: 0, statuses: {}, ms: [] }]));
const until = performance.now() + seconds * 1000;
const stop = new AbortController();
// A request still running at the end is cut, not waited for.
setTimeout(() => stop.abort(), seconds * 1000 + 1000).unref();
await Promise.all(Array.from({ length: clients }, (_, c) => client(origin, bodies, c, until, tally, stop.signal)));
process.stdout.write(`${JSON.stringify([...tally.values()])}\n`);
