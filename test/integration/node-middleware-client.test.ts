// The middleware's sender against fake collectors that answer, refuse, rate-limit, hang or
// are not there at all; the host app must keep answering through all of it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import express from 'express';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createCollectorClient, logbridgeExpress, type ApiRecord, type CollectorClient, type CollectorClientOptions } from '../../sdk/node/index.js';
import { fakeCollector, listen } from '../helpers/fake-collector.js';
import { REPO_ROOT, tempDir } from '../helpers/temp.js';

function client(opts: CollectorClientOptions): CollectorClient {
  const c = createCollectorClient({ onError: () => {}, ...opts });
  onTestFinished(() => c.close());
  return c;
}

const rec = (i: number): ApiRecord => ({
  method: 'GET',
  url: `/r/${i}`,
  status: 200,
  duration_ms: 1,
  time: new Date().toISOString(),
  source: 'node:http',
});

/** An Express app behind the middleware, answering /users/:id. */
async function app(c: CollectorClient) {
  const a = express();
  a.use(logbridgeExpress({ client: c }));
  a.get('/users/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  return listen(http.createServer(a));
}

/** A port nothing listens on: connections to it are refused. */
async function deadPort(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('collector client: batching', () => {
  it('sends N requests in fewer collector requests, on one kept-alive connection, with the token', async () => {
    const collector = await fakeCollector();
    const c = client({ collector: collector.url, maxBatch: 10, flushIntervalMs: 50, token: 't0k' });
    const url = await app(c);
    for (let i = 0; i < 25; i++) expect(await (await fetch(`${url}/users/${i}`)).json()).toEqual({ id: String(i) });
    await vi.waitFor(() => expect(collector.records()).toHaveLength(25), { timeout: 25_000 });
    expect(collector.batches.length).toBeLessThan(25);
    expect(collector.batches.length).toBeGreaterThanOrEqual(3);
    for (const b of collector.batches) expect(b.records.length).toBeLessThanOrEqual(10);
    expect(new Set(collector.records().map((r) => r.url)).size).toBe(25);
    expect(collector.batches.every((b) => b.headers.authorization === 'Bearer t0k')).toBe(true);
    expect(new Set(collector.batches.map((b) => b.remotePort)).size).toBe(1);
    expect(c.stats()).toMatchObject({ sent: 25, dropped: 0, failed: 0, queued: 0 });
  });

  it('waits for the interval before sending a partial batch; flush() sends at once', async () => {
    const collector = await fakeCollector();
    const c = client({ collector: collector.url, flushIntervalMs: 60_000 });
    c.record(rec(1));
    c.record(rec(2));
    await new Promise((r) => setTimeout(r, 50));
    expect(collector.batches).toHaveLength(0);
    expect(c.stats().queued).toBe(2);
    await c.flush();
    expect(collector.batches).toHaveLength(1);
    expect(collector.records().map((r) => r.url)).toEqual(['/r/1', '/r/2']);
  });

  it('keeps the newest maxQueue records when the queue overflows, counting the rest as dropped', async () => {
    const collector = await fakeCollector();
    const c = client({ collector: collector.url, flushIntervalMs: 60_000, maxBatch: 100, maxQueue: 5 });
    for (let i = 0; i < 12; i++) c.record(rec(i));
    expect(c.stats()).toMatchObject({ queued: 5, dropped: 7 });
    await c.flush();
    expect(collector.records().map((r) => r.url)).toEqual(['/r/7', '/r/8', '/r/9', '/r/10', '/r/11']);
  });

  it('drops a record that cannot be serialised and sends the others', async () => {
    const collector = await fakeCollector();
    const errors: string[] = [];
    const c = client({ collector: collector.url, flushIntervalMs: 60_000, onError: (e) => errors.push(e.message) });
    c.record(rec(1));
    c.record({ ...rec(2), duration_ms: 10n } as unknown as ApiRecord);
    c.record({ ...rec(3), url: 'x'.repeat(64 * 1024) });
    c.record(rec(4));
    await c.flush();
    expect(collector.records().map((r) => r.url)).toEqual(['/r/1', '/r/4']);
    expect(c.stats()).toMatchObject({ sent: 2, dropped: 2, errors: 1 });
    expect(errors.join('\n')).toMatch(/BigInt/);
  });

  it('after close(), record() only counts', async () => {
    const collector = await fakeCollector();
    const c = client({ collector: collector.url });
    c.record(rec(1));
    await c.close();
    c.record(rec(2));
    await c.flush();
    expect(collector.records()).toHaveLength(1);
    expect(c.stats()).toMatchObject({ sent: 1, dropped: 1 });
  });
});

describe('collector client: when the collector misbehaves', () => {
  it('keeps the app answering when the collector is down, and counts the loss', async () => {
    const errors: Error[] = [];
    const c = client({ collector: await deadPort(), flushIntervalMs: 5, maxBatch: 2, onError: (e) => errors.push(e) });
    const url = await app(c);
    for (let i = 0; i < 6; i++) expect(await (await fetch(`${url}/users/${i}`)).json()).toEqual({ id: String(i) });
    await c.flush();
    await vi.waitFor(() => expect(c.stats().failed + c.stats().dropped).toBe(6), { timeout: 25_000 });
    expect(c.stats().sent).toBe(0);
    expect(errors[0]!.message).toMatch(/could not deliver .*ECONNREFUSED/);
  });

  it('keeps the app answering while the collector hangs without answering', async () => {
    const pending: http.ServerResponse[] = [];
    const collector = await fakeCollector((res) => pending.push(res));
    const c = client({ collector: collector.url, flushIntervalMs: 5, timeoutMs: 300 });
    const url = await app(c);
    await fetch(`${url}/users/1`);
    await vi.waitFor(() => expect(pending).toHaveLength(1), { timeout: 25_000 });
    // The collector holds our request open; the app must not care.
    for (let i = 2; i < 6; i++) expect(await (await fetch(`${url}/users/${i}`)).json()).toEqual({ id: String(i) });
    expect(pending.every((res) => !res.writableEnded)).toBe(true);
    expect(c.stats().sent).toBe(0);
    // The timeout gives the batch up (after one retry) and the rest follow once it is free.
    await vi.waitFor(() => expect(c.stats().failed).toBeGreaterThanOrEqual(1), { timeout: 25_000 });
  });

  it('honours Retry-After on 429 and delivers the batch once', async () => {
    const collector = await fakeCollector((res, n) => {
      if (n === 0) res.writeHead(429, { 'retry-after': '1' }).end('slow down');
      else res.writeHead(200).end('{}');
    });
    const c = client({ collector: collector.url, flushIntervalMs: 60_000 });
    c.record(rec(1));
    await c.flush();
    expect(collector.batches).toHaveLength(2);
    expect(collector.batches[1]!.at - collector.batches[0]!.at).toBeGreaterThanOrEqual(900);
    expect(c.stats()).toMatchObject({ sent: 1, failed: 0 });
  });

  it('retries a 5xx once, then gives the batch up; a 4xx is not retried', async () => {
    const errors: string[] = [];
    const collector = await fakeCollector((res, n) => res.writeHead(n < 2 ? 503 : 400).end('nope'));
    const c = client({ collector: collector.url, flushIntervalMs: 60_000, onError: (e) => errors.push(e.message) });
    c.record(rec(1));
    await c.flush();
    expect(collector.batches).toHaveLength(2);
    c.record(rec(2));
    await c.flush();
    expect(collector.batches).toHaveLength(3);
    expect(c.stats()).toMatchObject({ sent: 0, failed: 2 });
    expect(errors).toEqual([expect.stringMatching(/answered 503: nope/), expect.stringMatching(/answered 400: nope/)]);
  });

  it('never lets a throwing or rejecting onError, or a bad collector URL, reach the app', async () => {
    const throwing = client({ collector: await deadPort(), flushIntervalMs: 5, onError: () => { throw new Error('handler bug'); } });
    const rejecting = client({ collector: await deadPort(), flushIntervalMs: 5, onError: async () => { throw new Error('async handler bug'); } });
    const bad = client({ collector: 'not a url', onError: () => { throw new Error('handler bug'); } });
    for (const c of [throwing, rejecting, bad]) {
      const url = await app(c);
      expect(await (await fetch(`${url}/users/1`)).json()).toEqual({ id: '1' });
      const weird = await fetch(`${url}/users/%E0%A4%A?${'q'.repeat(10_000)}`, { headers: { baggage: 'session.id=%%%', traceparent: 'zz' } });
      expect(weird.status).toBeLessThan(500);
      await c.flush();
    }
    await vi.waitFor(() => expect(throwing.stats().failed + rejecting.stats().failed).toBe(4), { timeout: 25_000 });
    expect(bad.stats()).toMatchObject({ dropped: 2, sent: 0 });
  });
});

/** Runs a module that imports the SDK in a child Node process; resolves with its exit. */
async function runChild(
  lines: string[],
  whileRunning: (child: ChildProcess) => Promise<void> = async () => {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = path.join(tempDir(), 'child.mts');
  const sdk = pathToFileURL(path.join(REPO_ROOT, 'sdk', 'node', 'index.ts')).href;
  fs.writeFileSync(script, [`import { createCollectorClient } from ${JSON.stringify(sdk)};`, ...lines].join('\n'));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // A child that outlives its work is the failure these tests look for; the bound is generous
  // because starting Node with tsx on a loaded 2-core machine can itself take seconds.
  const killer = setTimeout(() => child.kill('SIGKILL'), 40_000);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  await whileRunning(child);
  const code = await exited;
  clearTimeout(killer);
  return { code, stdout, stderr };
}

const CHILD_RECORD = `c.record({ method: 'GET', url: '/child', status: 200, duration_ms: 1, time: new Date().toISOString(), source: 'node:http' });`;

describe('collector client: process lifetime', () => {
  it('does not keep a process alive, even with a request to a hanging collector in flight', { timeout: 60_000 }, async () => {
    const pending: http.ServerResponse[] = [];
    const collector = await fakeCollector((res) => pending.push(res));
    const child = await runChild(
      [
        // A long request timeout: were the socket ref()ed, the child would outlive the test's patience.
        `const c = createCollectorClient({ collector: ${JSON.stringify(collector.url)}, flushIntervalMs: 1, timeoutMs: 60_000, onError: () => {} });`,
        CHILD_RECORD,
        // Stay busy until told the request has arrived, then let go: only our timers and socket
        // remain. (A signal listener does not keep the loop alive; the timer chain does.)
        `let held = true; process.on('SIGUSR2', () => { held = false; });`,
        `const spin = () => { if (held) setTimeout(spin, 10); }; spin();`,
      ],
      async (proc) => {
        await vi.waitFor(() => expect(collector.records()).toHaveLength(1), { timeout: 30_000, interval: 20 });
        proc.kill('SIGUSR2');
      },
    );
    expect(child).toMatchObject({ code: 0, stderr: '' });
    expect(collector.records()).toMatchObject([{ url: '/child' }]);
    expect(pending.every((res) => !res.writableEnded)).toBe(true);
  });

  it('keeps the process up while close() is awaited, so a shutdown hook delivers what is queued', { timeout: 60_000 }, async () => {
    const collector = await fakeCollector((res) => setTimeout(() => res.writeHead(200).end('{}'), 300));
    const child = await runChild([
      `const c = createCollectorClient({ collector: ${JSON.stringify(collector.url)}, flushIntervalMs: 60_000 });`,
      CHILD_RECORD,
      `await c.close();`,
      `console.log(JSON.stringify(c.stats()));`,
    ]);
    expect(child).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(child.stdout)).toMatchObject({ sent: 1, dropped: 0, failed: 0 });
  });
});
