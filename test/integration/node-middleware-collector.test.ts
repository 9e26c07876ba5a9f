// The Node middleware against the REAL collector (startServer on port 0 over a real store):
// what the apps send must be accepted as it is and be found by the search language.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { startServer } from '../../electron/core/http/server.js';
import { createCollectorClient, logbridgeExpress, logbridgeFastify, withLogbridge, type CollectorClient } from '../../sdk/node/index.js';
import { listen } from '../helpers/fake-collector.js';
import { makeService } from '../helpers/service.js';

async function realCollector() {
  const service = await makeService();
  const server = await startServer({ service, host: '127.0.0.1', port: 0, uiDir: null });
  onTestFinished(() => server.close());
  const errors: Error[] = [];
  const client = createCollectorClient({ collector: server.origin, flushIntervalMs: 10, onError: (e) => errors.push(e) });
  onTestFinished(() => client.close());
  const search = async (query: string) => {
    const r = await service.dispatch('events.search', { query, limit: 10 });
    if (!r.ok) throw new Error(r.message);
    return r.value;
  };
  return { client, errors, search };
}

function expectAllDelivered(client: CollectorClient, errors: Error[], n: number) {
  expect(errors).toEqual([]);
  expect(client.stats()).toMatchObject({ sent: n, dropped: 0, failed: 0, errors: 0 });
}

describe('node middleware: into the real collector', () => {
  it('Express requests are stored as api events found by route:"/users/:id"', async () => {
    const { client, errors, search } = await realCollector();
    const app = express();
    app.use(logbridgeExpress({ client, headers: true }));
    app.get('/users/:id', (req, res) => {
      res.json({ id: req.params.id });
    });
    app.get('/other', (_req, res) => {
      res.send('no');
    });
    const url = await listen(http.createServer(app));
    const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const before = Date.now();
    await fetch(`${url}/users/1?tab=a`, { headers: { 'x-session-id': 'sess-42', 'x-user-id': 'alice', traceparent: `00-${trace}-00f067aa0ba902b7-01` } });
    await fetch(`${url}/users/2`, { headers: { 'x-session-id': 'sess-42', authorization: 'Bearer hunter2' } });
    await fetch(`${url}/other`);
    await client.flush();
    expectAllDelivered(client, errors, 3);

    const found = await search('route:"/users/:id"');
    expect(found.total).toBe(2);
    const byUrl = Object.fromEntries(found.events.map((e) => [e.url, e]));
    expect(byUrl['/users/1?tab=a']).toMatchObject({
      kind: 'api',
      method: 'GET',
      route: '/users/:id',
      status: 200,
      session_id: 'sess-42',
      user_id: 'alice',
      trace_id: trace,
      span_id: '00f067aa0ba902b7',
    });
    expect(byUrl['/users/2']).toMatchObject({ session_id: 'sess-42', status: 200 });
    for (const e of found.events) {
      expect(e.duration_ms).toBeGreaterThanOrEqual(0);
      expect(e.time).toBeGreaterThanOrEqual(before - 1);
      expect(e.time).toBeLessThanOrEqual(Date.now());
    }
    expect(JSON.stringify(found.events)).not.toContain('hunter2');
    expect((await search('session:sess-42')).total).toBe(2);
  });

  it('node:http and Fastify records are accepted too, aborted and failed requests included', async () => {
    const { client, errors, search } = await realCollector();
    let arrived!: () => void;
    const started = new Promise<void>((resolve) => (arrived = resolve));
    const plain = await listen(
      http.createServer(
        withLogbridge(
          (req, res) => {
            if (req.url === '/hang') return arrived();
            res.writeHead(204).end();
          },
          { client },
        ),
      ),
    );
    const fastify = Fastify();
    await fastify.register(logbridgeFastify, { client });
    fastify.get('/orders/:orderId', async () => {
      throw new Error('payment declined');
    });
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    onTestFinished(() => fastify.close());

    await fetch(`${plain}/orders/123`, { method: 'PUT' });
    const req = http.get(`${plain}/hang`);
    req.on('error', () => {});
    await started;
    req.destroy();
    await fetch(`http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}/orders/9`);
    // The aborted request is recorded on 'close', a moment after destroy().
    await vi.waitFor(() => expect(client.stats().queued + client.stats().sent).toBe(3), { timeout: 25_000 });
    await client.flush();
    expectAllDelivered(client, errors, 3);

    expect((await search('method:PUT')).events).toMatchObject([{ url: '/orders/123', status: 204 }]);
    expect((await search('status:499')).events).toMatchObject([{ url: '/hang' }]);
    expect((await search('route:"/orders/:orderId"')).events).toMatchObject([{ url: '/orders/9', status: 500 }]);
    expect((await search('"payment declined"')).total).toBe(1);
  });
});
