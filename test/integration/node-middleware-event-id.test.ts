// The Node middleware retries a batch once when the answer is lost (a timeout, a dropped
// connection), and the collector may have stored it already: each record carries an id made
// when it is recorded, so the retry is stored once. Against the REAL collector, behind a proxy
// that loses the first answer after the collector has committed.
import http from 'node:http';
import express from 'express';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startServer } from '../../electron/core/http/server.js';
import { createCollectorClient, logbridgeExpress, type ApiRecord } from '../../sdk/node/index.js';
import { fakeCollector, listen } from '../helpers/fake-collector.js';
import { makeService } from '../helpers/service.js';

/** Forwards to `target`; the first `lose` answers are never delivered: the connection is cut after the target answered. */
async function lossyProxy(target: string, lose: number) {
  let forwarded = 0;
  const url = await listen(
    http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void (async () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers[k] = v;
          const answer = await fetch(`${target}${req.url ?? '/'}`, { method: req.method, headers, body: Buffer.concat(chunks) });
          const text = await answer.text();
          if (forwarded++ < lose) {
            req.socket.destroy();
            return;
          }
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(text);
        })();
      });
    }),
  );
  return { url, forwarded: () => forwarded };
}

describe('node middleware: a retried batch is stored once', () => {
  it('records whose first answer was lost are stored once by the real collector', async () => {
    const service = await makeService();
    const server = await startServer({ service, host: '127.0.0.1', port: 0, uiDir: null });
    onTestFinished(() => server.close());
    const proxy = await lossyProxy(server.origin, 1);
    const errors: Error[] = [];
    const client = createCollectorClient({ collector: proxy.url, flushIntervalMs: 60_000, onError: (e) => errors.push(e) });
    onTestFinished(() => client.close());
    const app = express();
    app.use(logbridgeExpress({ client }));
    app.get('/orders/:id', (req, res) => {
      res.json({ id: req.params.id });
    });
    const url = await listen(http.createServer(app));
    for (const id of ['1', '2', '3']) await fetch(`${url}/orders/${id}`);
    await client.flush();

    expect(proxy.forwarded()).toBe(2);
    expect(errors).toEqual([]);
    expect(client.stats()).toMatchObject({ sent: 3, failed: 0 });
    const r = await service.dispatch('events.search', { query: 'route:"/orders/:id"', limit: 100 });
    if (!r.ok) throw new Error(r.message);
    expect(r.value.events.map((e) => e.url).sort()).toEqual(['/orders/1', '/orders/2', '/orders/3']);
  });

  it("gives records handed to record() without an id one each, without changing the caller's object", async () => {
    const collector = await fakeCollector();
    const client = createCollectorClient({ collector: collector.url, flushIntervalMs: 60_000, onError: () => {} });
    onTestFinished(() => client.close());
    const mine: ApiRecord = { method: 'GET', url: '/r', status: 200, duration_ms: 1, time: new Date().toISOString(), source: 'node:http' };
    client.record(mine);
    client.record(mine);
    client.record({ ...mine, event_id: 'chosen-by-caller' });
    await client.flush();
    const sent = collector.records().map((r) => r.event_id);
    expect(mine).not.toHaveProperty('event_id');
    expect(sent[2]).toBe('chosen-by-caller');
    expect(sent[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[1]).not.toBe(sent[0]);
  });
});
