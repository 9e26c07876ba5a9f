// The Node middleware on real node:http, Express 5 and Fastify 5 apps, each on port 0, sending
// to a fake collector (a plain node:http server on port 0 that keeps what it receives).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { logbridgeExpress, logbridgeFastify, withLogbridge, type ApiRecord, type CollectorClient } from '../../sdk/node/index.js';
import { createCollectorClient } from '../../sdk/node/collector-client.js';
import { fakeCollector, listen } from '../helpers/fake-collector.js';

function clientFor(url: string, extra: Parameters<typeof createCollectorClient>[0] = {}): CollectorClient {
  const client = createCollectorClient({ collector: url, flushIntervalMs: 10, onError: () => {}, ...extra });
  onTestFinished(() => client.close());
  return client;
}

async function expressApp(client: CollectorClient, opts: Parameters<typeof logbridgeExpress>[0] = {}) {
  const app = express();
  app.use(logbridgeExpress({ client, ...opts }));
  app.get('/users/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  const api = express.Router();
  api.get('/items/:itemId', (_req, res) => {
    res.status(201).send('made');
  });
  app.use('/api', api);
  app.get('/boom', () => {
    throw new Error('handler failed');
  });
  return listen(http.createServer(app));
}

async function fastifyApp(client: CollectorClient, opts: Parameters<typeof logbridgeFastify>[1] = {}) {
  const app = Fastify();
  await app.register(logbridgeFastify, { client, ...opts });
  app.get('/users/:id', async (request) => ({ id: (request.params as { id: string }).id }));
  await app.register(
    async (scoped) => {
      scoped.get('/items/:itemId', async (_request, reply) => reply.code(201).send('made'));
    },
    { prefix: '/api' },
  );
  app.get('/boom', async () => {
    throw new Error('handler failed');
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  onTestFinished(() => app.close());
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

const byUrl = (records: ApiRecord[]) => Object.fromEntries(records.map((r) => [r.url, r]));

describe('node middleware: node:http', () => {
  it('records each request once with method, url, status, duration and start time', async () => {
    const collector = await fakeCollector();
    const client = clientFor(collector.url);
    const app = await listen(
      http.createServer(
        withLogbridge(
          (req, res) => {
            if (req.url === '/missing') {
              res.writeHead(404).end('chunked, so no size');
              return;
            }
            res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 5 });
            res.end('hello');
          },
          { client },
        ),
      ),
    );
    const before = Date.now();
    expect(await (await fetch(`${app}/hello?x=1`)).text()).toBe('hello');
    expect((await fetch(`${app}/missing`, { method: 'DELETE' })).status).toBe(404);
    await collector.waitFor(2);
    const recs = byUrl(collector.records());
    expect(recs['/hello?x=1']).toMatchObject({ method: 'GET', status: 200, source: 'node:http', resp_bytes: 5 });
    expect(recs['/missing']).toMatchObject({ method: 'DELETE', status: 404 });
    // Sizes come from Content-Length; a chunked answer has none to report.
    expect(recs['/missing']).not.toHaveProperty('resp_bytes');
    for (const r of collector.records()) {
      expect(r.route).toBeUndefined();
      expect(r.duration_ms).toBeGreaterThanOrEqual(0);
      expect(Date.parse(r.time)).toBeGreaterThanOrEqual(before - 1);
      expect(Date.parse(r.time)).toBeLessThanOrEqual(Date.now());
      expect(r.request_headers).toBeUndefined();
    }
    expect(collector.batches[0]!.path).toBe('/api/logs');
    expect(collector.batches[0]!.headers['content-type']).toBe('application/json');
  });

  it('takes the route from the route option, and headers only when asked (secrets blanked)', async () => {
    const collector = await fakeCollector();
    const client = clientFor(collector.url);
    const listener = withLogbridge(
      (_req, res) => {
        res.setHeader('set-cookie', 'sid=secret');
        res.end('ok');
      },
      { client, headers: true, route: (req) => (req.url?.startsWith('/users/') ? '/users/:id' : undefined) },
    );
    expect(listener.client).toBe(client);
    const app = await listen(http.createServer(listener));
    await fetch(`${app}/users/7`, { headers: { authorization: 'Bearer hunter2', 'x-custom': 'yes' } });
    await collector.waitFor(1);
    const [r] = collector.records();
    expect(r).toMatchObject({ route: '/users/:id', request_headers: { authorization: '[redacted]', 'x-custom': 'yes' } });
    expect(r!.response_headers).toMatchObject({ 'set-cookie': '[redacted]' });
    expect(JSON.stringify(collector.batches)).not.toContain('hunter2');
  });

  it('records a request the client abandoned as 499 with an explanation', async () => {
    const collector = await fakeCollector();
    const client = clientFor(collector.url);
    let arrived!: () => void;
    const started = new Promise<void>((resolve) => (arrived = resolve));
    const app = await listen(
      http.createServer(
        withLogbridge(() => arrived(), { client }), // never answers
      ),
    );
    const req = http.get(`${app}/slow`);
    req.on('error', () => {});
    await started;
    req.destroy();
    await collector.waitFor(1);
    expect(collector.records()[0]).toMatchObject({ url: '/slow', status: 499, error: 'client disconnected before a response was sent' });
  });
});

describe('node middleware: sessions, users and traces', () => {
  it('reads X-Session-Id, then baggage session.id, then X-POSTHOG-SESSION-ID; user and traceparent too', async () => {
    const collector = await fakeCollector();
    const client = clientFor(collector.url);
    const app = await listen(http.createServer(withLogbridge((_req, res) => res.end(), { client })));
    const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
    await fetch(`${app}/a`, { headers: { 'x-session-id': 's-header', 'x-user-id': 'u1', baggage: 'session.id=s-bag', traceparent: `00-${trace}-00f067aa0ba902b7-01` } });
    await fetch(`${app}/b`, { headers: { baggage: 'other=1, session.id=s%20bag;prop=x', 'x-posthog-session-id': 's-ph' } });
    await fetch(`${app}/c`, { headers: { 'x-posthog-session-id': 's-ph' } });
    await fetch(`${app}/d`, { headers: { baggage: 'session.id=%E0%A4%A', traceparent: 'garbage' } });
    await collector.waitFor(4);
    const recs = byUrl(collector.records());
    expect(recs['/a']).toMatchObject({ session_id: 's-header', user_id: 'u1', trace_id: trace, span_id: '00f067aa0ba902b7' });
    expect(recs['/b']!.session_id).toBe('s bag');
    expect(recs['/c']!.session_id).toBe('s-ph');
    expect(recs['/d']).not.toHaveProperty('session_id');
    expect(recs['/d']).not.toHaveProperty('trace_id');
  });

  it('prefers the sessionId/userId options, read after the app ran, and survives them throwing', async () => {
    const collector = await fakeCollector();
    const errors: Error[] = [];
    const client = clientFor(collector.url, { onError: (e) => errors.push(e) });
    const app = express();
    app.use(
      logbridgeExpress({
        client,
        sessionId: (req) => (req.path === '/throw' ? (() => { throw new Error('my bug'); })() : (req as { session?: string }).session),
        userId: (req) => (req as { user?: { id: number } }).user?.id,
      }),
    );
    // Auth middleware that runs after ours: its result is still seen, since ids are read at the end.
    app.use((req, _res, next) => {
      Object.assign(req, { session: 'from-app', user: { id: 42 } });
      next();
    });
    app.get('/{*any}', (_req, res) => {
      res.send('fine');
    });
    const url = await listen(http.createServer(app));
    expect(await (await fetch(`${url}/ok`)).text()).toBe('fine');
    expect(await (await fetch(`${url}/throw`, { headers: { 'x-session-id': 'fallback' } })).text()).toBe('fine');
    await collector.waitFor(2);
    const recs = byUrl(collector.records());
    expect(recs['/ok']).toMatchObject({ session_id: 'from-app', user_id: '42' });
    expect(recs['/throw']).toMatchObject({ session_id: 'fallback', user_id: '42' });
    expect(client.stats().errors).toBe(1);
    expect(errors[0]!.message).toMatch(/sessionId option threw: my bug/);
  });
});

describe('node middleware: Express 5', () => {
  it('records the route template, with the router mount, and none for a 404', async () => {
    const collector = await fakeCollector();
    const client = clientFor(collector.url);
    const app = await expressApp(client);
    expect(await (await fetch(`${app}/users/123?tab=1`)).json()).toEqual({ id: '123' });
    expect((await fetch(`${app}/api/items/9`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${app}/api/items/9`)).status).toBe(201);
    expect((await fetch(`${app}/boom`)).status).toBe(500);
    await collector.waitFor(4);
    const recs = collector.records();
    expect(recs.find((r) => r.url === '/users/123?tab=1')).toMatchObject({
      method: 'GET',
      route: '/users/:id',
      status: 200,
      source: 'express',
      resp_bytes: '{"id":"123"}'.length,
    });
    expect(recs.find((r) => r.method === 'POST')).toMatchObject({ url: '/api/items/9', status: 404 });
    expect(recs.find((r) => r.method === 'POST')).not.toHaveProperty('route');
    expect(recs.find((r) => r.status === 201)).toMatchObject({ url: '/api/items/9', route: '/api/items/:itemId' });
    expect(recs.find((r) => r.url === '/boom')).toMatchObject({ route: '/boom', status: 500 });
  });

  it('leaves out what ignore() says and keeps going when ignore throws', async () => {
    const collector = await fakeCollector();
    const client = clientFor(collector.url);
    const app = await expressApp(client, {
      ignore: (req) => {
        if (req.path === '/users/bad') throw new Error('oops');
        return req.path === '/users/health';
      },
    });
    await fetch(`${app}/users/health`);
    await fetch(`${app}/users/bad`);
    await collector.waitFor(1);
    expect(collector.records()[0]!.url).toBe('/users/bad');
    expect(client.stats().errors).toBe(1);
  });
});

describe('node middleware: Fastify 5', () => {
  it('records the route template (prefix included), elapsed time, errors, and none for a 404', async () => {
    const collector = await fakeCollector();
    const client = clientFor(collector.url);
    const app = await fastifyApp(client);
    expect(await (await fetch(`${app}/users/123`, { headers: { 'x-session-id': 'fs-1' } })).json()).toEqual({ id: '123' });
    expect((await fetch(`${app}/api/items/9`)).status).toBe(201);
    expect((await fetch(`${app}/nowhere`)).status).toBe(404);
    expect((await fetch(`${app}/boom`)).status).toBe(500);
    await collector.waitFor(4);
    const recs = byUrl(collector.records());
    expect(recs['/users/123']).toMatchObject({ method: 'GET', route: '/users/:id', status: 200, session_id: 'fs-1', source: 'fastify' });
    expect(recs['/api/items/9']).toMatchObject({ route: '/api/items/:itemId', status: 201 });
    expect(recs['/nowhere']).toMatchObject({ status: 404 });
    expect(recs['/nowhere']).not.toHaveProperty('route');
    expect(recs['/boom']).toMatchObject({ route: '/boom', status: 500, error: 'handler failed' });
    for (const r of collector.records()) expect(r.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('flushes its own client when the app closes', async () => {
    const collector = await fakeCollector();
    const app = Fastify();
    // A long interval: only close() can have sent the record.
    await app.register(logbridgeFastify, { collector: collector.url, flushIntervalMs: 60_000 });
    app.get('/x', async () => 'x');
    await app.inject({ url: '/x' });
    expect(collector.records()).toHaveLength(0);
    await app.close();
    expect(collector.records()).toMatchObject([{ url: '/x', status: 200 }]);
  });
});

describe('node middleware: our own failures stay ours', () => {
  it('a sender that throws on every record never reaches node:http, Express or Fastify apps', async () => {
    const swallowed: string[] = [];
    const broken: CollectorClient = {
      record: () => {
        throw new Error('sender bug');
      },
      flush: async () => {},
      close: async () => {},
      stats: () => ({ sent: 0, dropped: 0, failed: 0, queued: 0, errors: swallowed.length }),
      reportError: (err, context) => swallowed.push(`${context}: ${err instanceof Error ? err.message : String(err)}`),
    };
    const plain = await listen(http.createServer(withLogbridge((_req, res) => res.end('plain'), { client: broken })));
    const viaExpress = await expressApp(broken);
    const viaFastify = await fastifyApp(broken);
    expect(await (await fetch(`${plain}/x`)).text()).toBe('plain');
    expect(await (await fetch(`${viaExpress}/users/1`)).json()).toEqual({ id: '1' });
    expect(await (await fetch(`${viaFastify}/users/1`)).json()).toEqual({ id: '1' });
    await vi.waitFor(() => expect(swallowed).toHaveLength(3), { timeout: 25_000 });
    expect(swallowed.every((s) => s.endsWith('sender bug'))).toBe(true);
  });
});

