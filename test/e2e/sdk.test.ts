// The browser SDK in Debian's Chromium: a test page on one origin (http://localhost:<port>)
// loads /sdk.js from the real collector on another (http://127.0.0.1:<port>), the user clicks,
// types, submits, navigates and hits errors, the app calls its APIs, and we read what the
// store holds, and what the app's API received, afterwards.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startServer } from '../../electron/core/http/server.js';
import type { CollectorConfig } from '../../electron/core/collect/collector.js';
import type { LogEvent } from '../../shared/events.js';
import { makeService } from '../helpers/service.js';
import { REPO_ROOT, tempDbPath } from '../helpers/temp.js';
import { launchChromium } from './chromium.js';

const PAGE_HTML = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'sdk-page', 'index.html'), 'utf8');

let browser: Browser;
let sdkDir: string;
let sdkFile: string;

beforeAll(async () => {
  sdkDir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbridge-sdk-e2e-'));
  const { buildSdk } = (await import(pathToFileURL(path.join(REPO_ROOT, 'scripts', 'build-sdk.mjs')).href)) as {
    buildSdk(o: { outDir: string; logLevel?: string }): Promise<{ file: string }>;
  };
  sdkFile = (await buildSdk({ outDir: sdkDir, logLevel: 'silent' })).file;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  if (sdkDir) fs.rmSync(sdkDir, { recursive: true, force: true });
});

interface ApiHit {
  origin: string;
  path: string;
  method: string;
  headers: http.IncomingHttpHeaders;
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** The app under test: its page, and a JSON API that remembers the headers it was sent. */
async function startApp(collector: string) {
  const hits: ApiHit[] = [];
  const servers: http.Server[] = [];
  const ports: number[] = [];
  const origins = { page: '', api: '', other: '' };
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const cors = { 'access-control-allow-origin': '*' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'access-control-allow-headers': 'content-type, x-session-id, x-app', 'access-control-allow-methods': 'GET, POST' });
      res.end();
      return;
    }
    if (url.pathname === '/' || url.pathname.startsWith('/products/')) {
      const html = PAGE_HTML.replaceAll('__COLLECTOR__', collector).replaceAll('__API_ORIGIN__', origins.api).replaceAll('__OTHER_ORIGIN__', origins.other);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (url.pathname === '/bye') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Bye</title><p>Another page, without the SDK.</p>');
      return;
    }
    if (url.pathname === '/api/drop') {
      req.socket.destroy();
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      hits.push({ origin: `http://${req.headers.host}`, path: `${url.pathname}${url.search}`, method: req.method ?? '', headers: req.headers });
      req.resume();
      const found = url.pathname === '/api/echo';
      res.writeHead(found ? 200 : 404, { ...cors, 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: found }));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  };
  for (let i = 0; i < 2; i++) {
    const server = http.createServer(handler);
    servers.push(server);
    ports.push(await listen(server));
    onTestFinished(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
  }
  // Three origins: the page's own, an API origin listed in data-api-origins, and an unlisted one.
  origins.page = `http://localhost:${ports[0]}`;
  origins.api = `http://127.0.0.1:${ports[0]}`;
  origins.other = `http://localhost:${ports[1]}`;
  return { hits, origins };
}

async function setup(config: CollectorConfig = {}) {
  const service = await makeService(tempDbPath());
  const server = await startServer({ service, host: '127.0.0.1', port: 0, uiDir: null, collector: { sdkFile, ...config } });
  onTestFinished(() => server.close());
  const app = await startApp(server.origin);
  const context: BrowserContext = await browser.newContext();
  onTestFinished(() => context.close());
  const page = await context.newPage();
  const search = async (query = ''): Promise<LogEvent[]> => {
    const r = await service.dispatch('events.search', { query, limit: 1000 });
    if (!r.ok) throw new Error(r.message);
    return r.value.events.slice().reverse(); // oldest first
  };
  /** Every stored byte of every event: the columns, attrs and the raw payload. */
  const everything = async (): Promise<string> => {
    const out: string[] = [];
    for (const e of await search()) {
      const r = await service.dispatch('events.get', { id: e.id });
      if (!r.ok) throw new Error(r.message);
      out.push(JSON.stringify(r.value));
    }
    return out.join('\n');
  };
  const open = async (p = '/') => {
    await page.goto(`${app.origins.page}${p}`);
    await page.waitForFunction('typeof window.logbridge === "object"');
  };
  const sessionId = async () => String(await page.evaluate('window.logbridge.sessionId()'));
  return { service, server, app, page, search, everything, open, sessionId, collector: server.origin };
}

const byType = (events: LogEvent[], type: string) => events.filter((e) => e.kind === 'user' && e.type === type);

/** Hands the queue to sendBeacon the way a real user does: by leaving the page. */
async function leave(page: Page, origin: string) {
  await page.goto(`${origin}/bye`);
}

describe('browser SDK in Chromium', () => {
  it('records what the user did and the API calls behind it, and sends it all when the page is left', async () => {
    const { page, app, search, everything, open, sessionId, collector } = await setup();
    const collectorRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(collector)) collectorRequests.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    await open();
    const sid = await sessionId();
    expect(sid).toMatch(/^[0-9a-f]{32}$/);

    await page.click('#buy span.icon');
    // What the user types goes nowhere: not in clicks, not in submits, not in anything stored.
    await page.click('#nickname');
    await page.keyboard.type('Zq7TypedSecretXy');
    await page.click('#notes');
    await page.keyboard.type('Zq7EditableSecretXy');
    await page.fill('input[name=email]', 'zq7secretmail@example.test');
    await page.fill('input[name=password]', 'Zq7PasswordXy');
    await page.click('#send');
    // A single-page route change, a hash change, and a replaceState to the same URL (no view).
    await page.click('nav >> text=Product 42');
    await page.evaluate('location.hash = "reviews"');
    await page.waitForFunction('location.hash === "#reviews"');
    await page.evaluate('history.replaceState({}, "", location.href)');
    await page.click('#throw');
    await page.click('#reject');
    const answers = await page.evaluate('window.callApis()');
    expect(answers).toEqual([200, 200, 200, 200, 404, 'TypeError']);

    // Nothing has left yet (long interval, big flushAt): what follows arrives by beacon.
    expect(await search()).toEqual([]);
    expect(collectorRequests).toEqual(['GET /sdk.js']);
    await leave(page, app.origins.page);
    await expect.poll(async () => byType(await search(), 'error_encountered').length).toBe(2);
    await expect.poll(async () => (await search('kind:api')).length).toBe(6);

    const events = await search();
    for (const e of events) expect(e.session_id).toBe(sid);
    const page0 = `${app.origins.page}/`;
    const views = byType(events, 'page_view');
    expect(views.map((v) => v.page)).toEqual([page0, `${app.origins.page}/products/42`, `${app.origins.page}/products/42#reviews`]);
    expect(views[0]!.attrs).toMatchObject({ path: '/', title: 'Test shop' });
    expect(views[1]!.attrs).toMatchObject({ path: '/products/42', referrer: page0 });

    const clicks = byType(events, 'button_click');
    const buy = clicks.find((c) => c.target === 'button#buy.primary');
    expect(buy?.attrs).toMatchObject({ text: '* Buy now', tag: 'button' });
    expect(buy?.page).toBe(page0);
    const fieldClicks = clicks.filter((c) => c.target?.includes('nickname') || c.target?.includes('notes'));
    expect(fieldClicks.map((c) => c.attrs?.text)).toEqual(['Nickname', '']);
    expect(clicks.find((c) => c.target === 'nav > a:nth-of-type(2)')?.attrs).toMatchObject({ text: 'Product 42', href: `${app.origins.page}/products/42` });

    const [submit] = byType(events, 'form_submit');
    expect(submit?.target).toBe('form#signup');
    expect(submit?.attrs).toMatchObject({ fields: ['email', 'password', 'plan'], method: 'post', action: '/signup' });

    const errors = byType(events, 'error_encountered');
    expect(errors[0]!.message).toMatch(/boom from button/);
    expect(errors[0]!.attrs).toMatchObject({ kind: 'error', source: page0 });
    expect(errors[0]!.attrs?.line).toEqual(expect.any(Number));
    expect(String(errors[0]!.attrs?.stack)).toMatch(/boom from button/);
    expect(errors[1]!.message).toBe('rejected promise');
    expect(errors[1]!.attrs).toMatchObject({ kind: 'unhandledrejection' });

    const stored = await everything();
    for (const secret of ['zq7typedsecretxy', 'zq7editablesecretxy', 'zq7secretmail', 'zq7passwordxy']) {
      expect(stored.toLowerCase()).not.toContain(secret);
    }

    // API calls: method, URL, status, duration; never the SDK's own requests to the collector.
    const calls = await search('kind:api');
    const describeCall = (c: LogEvent) => [c.method, c.url, c.status ?? c.message];
    expect(calls.map(describeCall)).toEqual([
      ['POST', `${app.origins.page}/api/echo?via=fetch`, 200],
      ['GET', `${app.origins.page}/api/echo?via=xhr`, 200],
      ['GET', `${app.origins.api}/api/echo?via=listed`, 200],
      ['GET', `${app.origins.other}/api/echo?via=unlisted`, 200],
      ['GET', `${app.origins.page}/api/missing`, 404],
      ['GET', `${app.origins.page}/api/drop`, 'TypeError: Failed to fetch'],
    ]);
    for (const c of calls) {
      expect(c.session_id).toBe(sid);
      expect(c.duration_ms).toBeGreaterThanOrEqual(0);
      expect(c.attrs?.source).toBe('browser');
    }
    expect(calls.some((c) => c.url?.startsWith(collector))).toBe(false);

    // The session header: on the page's own origin and the listed API origin, never elsewhere.
    const headerOf = (via: string) => app.hits.find((h) => h.path.endsWith(`via=${via}`))?.headers['x-session-id'];
    expect(headerOf('fetch')).toBe(sid);
    expect(headerOf('xhr')).toBe(sid);
    expect(headerOf('listed')).toBe(sid);
    expect(app.hits.find((h) => h.path.endsWith('via=listed'))?.headers['x-app']).toBe('1');
    expect(headerOf('unlisted')).toBeUndefined();
    expect(app.hits.find((h) => h.path.endsWith('via=fetch'))?.headers['content-type']).toBe('application/json');
  });

  it('keeps the session across reloads, starts a new one after 30 idle minutes, and beacons when hidden', async () => {
    const { page, app, search, open, sessionId } = await setup();
    await open();
    const first = await sessionId();
    await page.reload();
    await page.waitForFunction('typeof window.logbridge === "object"');
    expect(await sessionId()).toBe(first);

    // The last activity, as stored, is now 31 minutes ago.
    await page.evaluate(`(() => {
      const s = JSON.parse(localStorage.getItem('logbridge_session'));
      localStorage.setItem('logbridge_session', JSON.stringify({ id: s.id, last: s.last - 31 * 60 * 1000 }));
    })()`);
    await page.reload();
    await page.waitForFunction('typeof window.logbridge === "object"');
    const second = await sessionId();
    expect(second).not.toBe(first);
    await page.evaluate(`fetch('/api/echo?via=after-rotation')`);
    await expect.poll(() => app.hits.find((h) => h.path.endsWith('via=after-rotation'))?.headers['x-session-id']).toBe(second);

    // This time the page stays: it is only hidden (a switched tab, a minimised window).
    const beacons: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'ping') beacons.push(new URL(r.url()).pathname);
    });
    await page.evaluate(`(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    })()`);
    await expect.poll(() => beacons.sort()).toEqual(['/api/analytics/batch', '/api/logs']);
    await expect.poll(async () => byType(await search(), 'page_view').length).toBe(3);
    expect(byType(await search(), 'page_view').map((v) => v.session_id)).toEqual([first, first, second]);
    await expect.poll(async () => (await search('kind:api')).map((c) => c.session_id)).toEqual([second]);
  });

  it('sends with fetch on flush(), and marks events after identify() with the user', async () => {
    const { page, search, open, collector } = await setup();
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text());
    });
    const beacons: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(collector) && r.resourceType() === 'ping') beacons.push(r.url());
    });
    await open();
    await page.evaluate(`(async () => {
      logbridge.track('before_login', { step: 1 });
      logbridge.identify('user-7', { plan: 'pro' });
      logbridge.track('checkout_started', { cart: { items: 3 }, total: 42.5 });
      await fetch('/api/echo?via=identified');
      await logbridge.flush();
      await logbridge.flush();
    })()`);
    await expect.poll(async () => (await search()).length).toBe(5);
    const events = await search();
    expect(events.map((e) => [e.kind, e.type ?? e.method, e.user_id])).toEqual([
      ['user', 'page_view', undefined],
      ['user', 'before_login', undefined],
      ['user', 'identify', 'user-7'],
      ['user', 'checkout_started', 'user-7'],
      ['api', 'GET', 'user-7'],
    ]);
    expect(events[2]!.attrs).toMatchObject({ plan: 'pro' });
    expect(events[3]!.attrs).toMatchObject({ cart: { items: 3 }, total: 42.5 });
    expect(beacons).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('stores a batch once when the page follows a link while its send is in flight, and the beacon sends it again', async () => {
    const { page, app, search, open, collector } = await setup();
    const batchUrl = `${collector}/api/analytics/batch`;
    // The collector stores the first batch at once; its answer is held until the page has gone.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const routed: string[] = [];
    await page.route(batchUrl, async (route) => {
      routed.push(route.request().resourceType());
      const answer = await route.fetch();
      await held;
      await route.fulfill({ response: answer }).catch(() => undefined);
    });
    const failed: string[] = [];
    page.on('requestfailed', (r) => {
      if (r.url() === batchUrl) failed.push(r.failure()?.errorText ?? '');
    });
    await open();
    await page.evaluate(`(() => {
      logbridge.track('checkout_started', { step: 1 });
      void logbridge.flush();
    })()`);
    await expect.poll(async () => byType(await search(), 'checkout_started').length).toBe(1);

    // The user follows a link: Chromium reports the send aborted, the SDK queues the batch again,
    // and pagehide hands it, with the click, to sendBeacon.
    await page.evaluate(`document.querySelector('footer a').setAttribute('href', ${JSON.stringify(`${app.origins.page}/bye`)})`);
    await page.click('footer a');
    await page.waitForURL('**/bye');
    release();
    await expect.poll(async () => byType(await search(), 'button_click').length).toBe(1);
    expect(failed).toEqual(['net::ERR_ABORTED']);
    // The beacon of a page being left never passes through page.route.
    expect(routed).toEqual(['fetch']);
    expect((await search()).map((e) => e.type)).toEqual(['page_view', 'checkout_started', 'button_click']);
  });

  it('backs off when the collector rate-limits it instead of retrying in a loop', async () => {
    const { page, search, open, collector } = await setup({ rateLimitPerMinute: 5 });
    const posts: number[] = [];
    page.on('response', (r) => {
      if (r.url() === `${collector}/api/analytics/batch`) posts.push(r.status());
    });
    await open();
    await page.evaluate(`(async () => {
      for (let i = 0; i < 12; i++) logbridge.track('tick', { i });
      await logbridge.flush();
    })()`);
    await expect.poll(() => posts.length).toBe(1);
    // Flushes and a hidden page during the pause send nothing more.
    for (let i = 0; i < 5; i++) await page.evaluate('logbridge.flush()');
    await page.evaluate(`window.dispatchEvent(new Event('pagehide'))`);
    await page.waitForTimeout(1_000);
    expect(posts).toEqual([200]);
    expect((await search()).length).toBe(5);
  });
});
