// Load generators over loopback with keep-alive connections.
import http from 'node:http';
import { z } from 'zod';

export interface Answer {
  status: number;
  body: string;
}

/** POSTs `body` (or GETs when it is null) and resolves with the answer once it is read. */
function send(agent: http.Agent, url: URL, body: string | null): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = body === null ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const req = http.request(url, { method: body === null ? 'GET' : 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

const IngestAnswer = z.object({ accepted: z.number().int().nonnegative().optional() });

/**
 * Events an ingest answer acknowledges out of `sent`: its `accepted` count when it gives one
 * (a 200 may still refuse some events), all of them on a bare 200, none otherwise.
 */
export function acknowledgedEvents(a: Answer, sent: number): number {
  if (a.status !== 200) return 0;
  let json: unknown;
  try {
    json = JSON.parse(a.body);
  } catch {
    return 0;
  }
  const parsed = IngestAnswer.safeParse(json);
  return parsed.success ? (parsed.data.accepted ?? sent) : 0;
}

/**
 * Closed loop: `concurrency` senders each post the next body as soon as the last is answered.
 * `acknowledged` says what each answer counts for (by default one per 200).
 */
export async function throughput(
  url: URL,
  bodies: readonly (string | null)[],
  concurrency: number,
  acknowledged: (a: Answer) => number = (a) => (a.status === 200 ? 1 : 0),
): Promise<{ ms: number; failures: number; acknowledged: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  let failures = 0;
  let acked = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const answer = await send(agent, url, bodies[next++]!);
        if (answer.status !== 200) failures++;
        acked += acknowledged(answer);
      }
    }),
  );
  const ms = performance.now() - t0;
  agent.destroy();
  return { ms, failures, acknowledged: acked };
}

/**
 * Open loop at a fixed rate: request i is due at i/rate seconds whether or not earlier ones
 * were answered, and its latency counts from when it was due, so a stall shows up in the
 * tail instead of slowing the sender down (no coordinated omission).
 */
export async function fixedRate(url: URL, body: (i: number) => string, ratePerS: number, count: number): Promise<{ latencies: number[]; failures: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  let failures = 0;
  const t0 = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = t0 + (i * 1000) / ratePerS;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // Timers fire late, never early: a late send still counts from when it was due.
    const from = due;
    inflight.push(
      send(agent, url, body(i)).then(
        ({ status }) => {
          if (status !== 200) failures++;
          latencies.push(performance.now() - from);
        },
        () => {
          failures++;
        },
      ),
    );
  }
  await Promise.all(inflight);
  agent.destroy();
  return { latencies: latencies.sort((a, b) => a - b), failures };
}
