// Browser mode's secret stays with our origin. Cookies are scoped by host, not port: when the
// handshake kept the secret in one, every other server on 127.0.0.1 the user visited was sent
// the key to all events. Here a second local server records every header it gets while
// Chromium uses the app, and a page it serves tries to read our RPC and live stream.
import http from 'node:http';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { serve } from '../../electron/serve.js';
import { listen } from '../helpers/fake-collector.js';
import { REPO_ROOT, tempDbPath } from '../helpers/temp.js';
import { launchChromium } from './chromium.js';
import { matchCount, searchShowsRows, watchedPage } from './open-app.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

interface Recorded {
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** Another local web server, on another port of 127.0.0.1: a dev server, or a hostile one. */
async function otherServer(): Promise<{ origin: string; seen: Recorded[] }> {
  const seen: Recorded[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    req.resume();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>another local server</title><img src="/pixel.png">');
  });
  return { origin: await listen(server), seen };
}

async function startApp() {
  const server = await serve({ store: { kind: 'sqlite', path: tempDbPath() }, host: '127.0.0.1', port: 0, uiDir: path.join(REPO_ROOT, 'dist', 'renderer') });
  onTestFinished(() => server.stop());
  const secret = new URLSearchParams(new URL(server.url).hash.slice(1)).get('token');
  if (!secret) throw new Error(`no secret in ${server.url}`);
  // Three API calls, one of them a 404, for searches to find.
  for (const status of [200, 404, 500]) {
    const res = await fetch(`${server.origin}/api/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'GET', url: `/api/cart/${status}`, status, duration_ms: 12 }),
    });
    expect(res.status).toBe(200);
  }
  return { ...server, secret };
}

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  onTestFinished(() => context.close());
  return context;
}

/** What a page on `from` learns by asking our server with the browser's credentials. */
async function crossOriginReads(page: Page, appOrigin: string): Promise<Record<string, string>> {
  // Sent as text so it runs in the page: this file is compiled without DOM types.
  return (await page.evaluate(`(async (app) => {
    const out = {};
    const post = (name, init) => fetch(app + '/rpc/' + name, { method: 'POST', credentials: 'include', body: '{}', ...init });
    try {
      const res = await post('events.search');
      out.rpc = 'read ' + res.status + ' ' + (await res.text());
    } catch {
      out.rpc = 'blocked';
    }
    try {
      const res = await post('import.file', {
        mode: 'no-cors',
        body: JSON.stringify({ name: 'planted.log', content: '1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /planted HTTP/1.1" 404 1 "-" "x"\\n' }),
      });
      out.write = res.type + ' ' + res.status;
    } catch {
      out.write = 'blocked';
    }
    try {
      const res = await fetch(app + '/live', { credentials: 'include' });
      out.liveFetch = 'read ' + res.status;
    } catch {
      out.liveFetch = 'blocked';
    }
    out.liveEventSource = await new Promise((resolve) => {
      const es = new EventSource(app + '/live', { withCredentials: true });
      es.onopen = () => { es.close(); resolve('open'); };
      es.onerror = () => { es.close(); resolve('refused'); };
    });
    return out;
  })(${JSON.stringify(appOrigin)})`)) as Record<string, string>;
}

describe('browser mode: the secret never leaves our origin', () => {
  it('a server on another local port receives no secret, and a page it serves cannot read or write our data', async () => {
    const app = await startApp();
    const other = await otherServer();
    const context = await newContext();
    const page = await watchedPage(context, app.url);
    expect(page.url(), 'the secret leaves the address bar').toBe(`${app.origin}/`);
    await searchShowsRows(page, 'status:404', 1);
    expect(await context.cookies(), 'no cookie at all').toEqual([]);

    // The user follows a link to another local server from the app, and opens it in a new tab.
    await page.evaluate(`setTimeout(() => { location.href = ${JSON.stringify(`${other.origin}/`)}; }, 0)`);
    await page.waitForURL(`${other.origin}/`);
    const otherTab = await context.newPage();
    await otherTab.goto(`${other.origin}/dev`);
    await expect.poll(() => other.seen.some((r) => r.url === '/pixel.png')).toBe(true);

    expect(other.seen.length).toBeGreaterThanOrEqual(3);
    for (const r of other.seen) {
      expect(JSON.stringify(r), `${r.url} carries the secret`).not.toContain(app.secret);
      expect(r.headers.cookie, `${r.url} got a cookie`).toBeUndefined();
      expect(r.headers.authorization).toBeUndefined();
      expect(r.headers.referer ?? '').not.toContain(app.origin);
    }

    const reads = await crossOriginReads(otherTab, app.origin);
    expect(reads).toEqual({ rpc: 'blocked', write: 'opaque 0', liveFetch: 'blocked', liveEventSource: 'refused' });
    // An opaque answer hides the status from the page, so check the write was refused, not only hidden.
    const check = await fetch(`${app.origin}/rpc/events.search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.secret}` },
      body: JSON.stringify({ query: 'planted' }),
    });
    expect(await check.json()).toMatchObject({ ok: true, value: { total: 0 } });
  });

  it('the UI keeps working after a reload and in a second tab opened on the bare URL, live updates included', async () => {
    const app = await startApp();
    const context = await newContext();
    const first = await watchedPage(context, app.url);
    await searchShowsRows(first, 'status:404', 1);

    await first.reload();
    await first.getByTestId('status-line').waitFor();
    // The reload keeps the search (it lives in the hash) and brings no secret back into the address.
    expect(first.url()).toBe(`${app.origin}/#q=status%3A404`);
    await searchShowsRows(first, 'status>=404', 2);

    const second = await watchedPage(context, `${app.origin}/`);
    await searchShowsRows(second, 'status>=200', 3);
    // The live stream, read with the Bearer header, brings a new event into the open tab.
    const posted = await fetch(`${app.origin}/api/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'POST', url: '/api/pay', status: 502 }),
    });
    expect(posted.status).toBe(200);
    await expect.poll(() => matchCount(second)).toBe(4);
    expect(await context.cookies()).toEqual([]);
  });

  it('an old ?token= link still opens the UI, sets no cookie and is cleaned from the address bar', async () => {
    const app = await startApp();
    const context = await newContext();
    const page = await watchedPage(context, `${app.origin}/?token=${app.secret}`);
    expect(page.url()).toBe(`${app.origin}/`);
    await searchShowsRows(page, 'status:500', 1);
    expect(await context.cookies()).toEqual([]);
  });

  it('a link with a junk secret, opened by any page, signs no tab out', async () => {
    const app = await startApp();
    const context = await newContext();
    const refused = /status of 401/;
    const first = await watchedPage(context, app.url, refused);
    await searchShowsRows(first, 'status:404', 1);

    // Any web page can send the user's browser to our URL with a secret of its choosing.
    await first.goto(`${app.origin}/#token=junk`);
    await first.reload();
    await first.getByTestId('status-line').waitFor();
    expect(first.url(), 'the refused secret leaves the address bar too').toBe(`${app.origin}/`);
    await searchShowsRows(first, 'status>=404', 2);

    const opened = await watchedPage(context, `${app.origin}/?x=1#token=junk`, refused);
    expect(opened.url()).toBe(`${app.origin}/?x=1`);
    await searchShowsRows(opened, 'status>=200', 3);
    const second = await watchedPage(context, `${app.origin}/`);
    await searchShowsRows(second, 'status:500', 1);
  });

  it('a junk secret in a browser that has none shows how to get in', async () => {
    const app = await startApp();
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${app.origin}/#token=junk`);
    await page.getByTestId('session-missing').waitFor();
    expect(page.url()).toBe(`${app.origin}/`);
  });

  it('a live stream refused its secret shows how to get in instead of reconnecting forever', async () => {
    const app = await startApp();
    const context = await newContext();
    const page = await context.newPage();
    // As after a server restart: the stream is refused before any call is.
    await page.route((url) => url.pathname === '/live', (route) => route.fulfill({ status: 401, body: 'refused' }));
    await page.goto(app.url);
    await page.getByTestId('session-missing').waitFor();
  });

  it('without the secret the page says how to get in', async () => {
    const app = await startApp();
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${app.origin}/`);
    await expect.poll(() => page.getByTestId('session-missing').innerText()).toMatch(/#token=.*made for that run of the server/s);
    expect(await page.getByTestId('session-missing').innerText()).not.toMatch(/one-time/i);
  });
});
