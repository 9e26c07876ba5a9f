// The Express middleware's own work per request, measured in this process where nothing else
// competes: observing a request and building its record, then serialising and sending records
// in batches to a collector (the bare server, so only the client side is counted).
// A breakdown of where the time goes, with fake request objects: the goal is judged on a real
// app process with and without the middleware (middleware-overhead.ts), never on this figure.
import { EventEmitter } from 'node:events';
import { createCollectorClient, logbridgeExpress } from '../../sdk/node/index.js';

const OBSERVED = 200_000;
const SENT = 100_000;

interface FakeResponse extends EventEmitter {
  statusCode: number;
  headersSent: boolean;
  writableFinished: boolean;
  getHeaders(): Record<string, string>;
}

function fakeResponse(): FakeResponse {
  const res = new EventEmitter() as FakeResponse;
  res.statusCode = 200;
  res.headersSent = true;
  res.writableFinished = true;
  res.getHeaders = () => ({ 'content-length': '42', 'content-type': 'application/json; charset=utf-8' });
  return res;
}

/** CPU µs per request spent by the middleware: observing plus recording, and sending. */
export async function middlewareCostUs(sink: string): Promise<{ observe: number; send: number }> {
  let recorded = 0;
  const counting = { ...createCollectorClient({ collector: sink }), record: () => void recorded++ };
  const mw = logbridgeExpress({ client: counting });
  const reqs = Array.from({ length: 1000 }, (_, i) => ({
    method: 'GET',
    url: `/users/${i}`,
    originalUrl: `/users/${i}`,
    baseUrl: '',
    route: { path: '/users/:id' },
    headers: { host: 'localhost:3000', 'user-agent': 'Mozilla/5.0 (bench)', 'x-session-id': `s${i % 50}`, accept: '*/*' },
  }));
  const c0 = process.cpuUsage();
  for (let i = 0; i < OBSERVED; i++) {
    const res = fakeResponse();
    mw(reqs[i % reqs.length] as never, res as never, () => {});
    res.emit('close');
  }
  const c1 = process.cpuUsage(c0);
  if (recorded !== OBSERVED) throw new Error(`recorded ${recorded} of ${OBSERVED}`);

  const client = createCollectorClient({ collector: sink, flushIntervalMs: 50 });
  const record = {
    method: 'GET', url: '/users/42', route: '/users/:id', status: 200, duration_ms: 1.234,
    time: new Date().toISOString(), session_id: 's1', req_bytes: 0, resp_bytes: 42, source: 'express' as const,
  };
  const s0 = process.cpuUsage();
  // In steps below the client's queue bound, as a steady app would fill it.
  for (let i = 0; i < SENT; i += 5_000) {
    for (let j = 0; j < 5_000; j++) client.record(record);
    await client.flush();
  }
  await client.close();
  const s1 = process.cpuUsage(s0);
  if (client.stats().sent !== SENT) throw new Error(`sent ${client.stats().sent} of ${SENT}`);
  const us = (u: NodeJS.CpuUsage, n: number) => (u.user + u.system) / n;
  return { observe: us(c1, OBSERVED), send: us(s1, SENT) };
}
