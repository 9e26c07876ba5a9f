// The real UI in Debian's Chromium against browser mode (`logbridge serve`).
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countLinesContaining, REPO_ROOT, SAMPLE_ACCESS_LOG, tempDbPath, tempDir } from '../helpers/temp.js';
import { runCli } from '../helpers/cli.js';
import { launchChromium } from './chromium.js';
import { matchCount, openApp } from './open-app.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});


describe('browser mode UI', () => {
  it('imports the sample log through the file picker and filters status:404 to what grep counts', async () => {
    const { page } = await openApp(browser);
    await page.getByTestId('file-input').setInputFiles(SAMPLE_ACCESS_LOG);
    await expect.poll(() => page.getByTestId('import-summary').innerText(), { timeout: 30_000 }).toMatch(/10,?000/);
    await expect.poll(() => matchCount(page)).toBe(10_000);

    await page.getByTestId('search-input').fill('status:404');
    await page.getByTestId('search-input').press('Enter');
    const expected = countLinesContaining(SAMPLE_ACCESS_LOG, '" 404 ');
    await expect.poll(() => matchCount(page)).toBe(expected);
    const rows = page.getByTestId('log-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    for (const text of await rows.allInnerTexts()) expect(text).toContain('404');

    await rows.first().click();
    await expect.poll(() => page.getByTestId('detail-pane').innerText()).toMatch(/"status": 404/);

    const shot = path.join(REPO_ROOT, 'test-results', 'screenshot.png');
    fs.mkdirSync(path.dirname(shot), { recursive: true });
    await page.screenshot({ path: shot });
    if (process.env.UPDATE_SCREENSHOT === '1') fs.copyFileSync(shot, path.join(REPO_ROOT, 'docs', 'screenshot.png'));
  });

  it('shows an event POSTed to the collector without a reload', async () => {
    const { page, origin } = await openApp(browser);
    await expect.poll(() => matchCount(page)).toBe(0);
    const res = await fetch(`${origin}/api/analytics/collect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-session-id': 'sess-e2e' },
      body: JSON.stringify({ event_type: 'button_click', event_data: { element: '#checkout', page: '/cart' } }),
    });
    expect(res.status).toBe(200);
    await expect.poll(() => matchCount(page)).toBe(1);
    const row = page.getByTestId('log-row').first();
    await expect.poll(() => row.innerText()).toMatch(/\/cart/);
    expect(await row.innerText()).toMatch(/sess-e2e/);
  });

  it('pauses live updates, counting what arrives, and brings it in on resuming', async () => {
    const { page, origin } = await openApp(browser);
    const send = (n: number) =>
      fetch(`${origin}/api/logs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(Array.from({ length: n }, (_, i) => ({ method: 'GET', url: `/api/p/${i}`, status: i % 2 ? 500 : 404, duration_ms: 3 }))),
      });
    expect((await send(2)).status).toBe(200);
    await expect.poll(() => matchCount(page)).toBe(2);
    // Failed calls are tinted by their status class; every row says its kind.
    expect(await page.locator('[data-testid="log-row"].status-5xx.kind-api').count()).toBe(1);
    expect(await page.locator('[data-testid="log-row"].status-4xx.kind-api').count()).toBe(1);

    await page.getByTestId('live-toggle').click();
    expect(await page.getByTestId('live-state').innerText()).toMatch(/^Paused/);
    expect((await send(3)).status).toBe(200);
    await expect.poll(() => page.getByTestId('live-state').innerText()).toMatch(/Paused · 3 new/);
    expect(await matchCount(page)).toBe(2);
    await page.getByTestId('live-toggle').click();
    await expect.poll(() => matchCount(page)).toBe(5);
    expect(await page.getByTestId('live-state').innerText()).toBe('Live');
  });

  it('follows the system\'s light or dark theme, and the user\'s choice over it, across a reload', async () => {
    const { page } = await openApp(browser);
    const theme = () => page.evaluate('document.documentElement.getAttribute("data-theme")');
    const background = () => page.evaluate('getComputedStyle(document.body).backgroundColor');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(theme).toBe('dark');
    const dark = await background();
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(theme).toBe('light');
    expect(await background()).not.toBe(dark);
    // System -> light -> dark: dark now whatever the system says, and still after a reload.
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('theme-toggle').click();
    expect(await page.getByTestId('theme-toggle').innerText()).toBe('Dark theme');
    await expect.poll(theme).toBe('dark');
    await page.reload();
    await page.getByTestId('status-line').waitFor();
    expect(await theme()).toBe('dark');
    expect(await background()).toBe(dark);
    await page.getByTestId('theme-toggle').click();
    await expect.poll(theme).toBe('light');
  });

  it('keeps the table current while events keep arriving closer together than its refresh wait', async () => {
    const { page, origin } = await openApp(browser);
    await expect.poll(() => matchCount(page)).toBe(0);
    // An event every 80 ms for 4 s, well under the live refresh's 200 ms wait: the count must
    // move while they are still arriving, not only once they stop.
    const seen: number[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await fetch(`${origin}/api/analytics/collect`, { method: 'POST', body: JSON.stringify({ event_type: 'page_view', event_data: { page: `/p${i}` } }) });
      expect(res.status).toBe(200);
      if (i % 10 === 9) seen.push(await matchCount(page));
      await new Promise((r) => setTimeout(r, 80));
    }
    expect(seen.slice(1).some((n) => n > 0), `counts shown while sending: ${seen.join(', ')}`).toBe(true);
    await expect.poll(() => matchCount(page)).toBe(50);
  });

  it('shows what `logbridge import` stores into its database from another process, without a reload', async () => {
    const db = tempDbPath();
    const { page } = await openApp(browser, db);
    await expect.poll(() => matchCount(page)).toBe(0);
    const imported = await runCli(['import', '--db', db, SAMPLE_ACCESS_LOG]);
    expect(imported.status, imported.stderr).toBe(0);
    await expect.poll(() => matchCount(page), { timeout: 15_000 }).toBe(10_000);
    expect(await page.getByTestId('log-row').count()).toBeGreaterThan(0);
  });

  it('opens the keyboard help with ?, but not while typing, and closes it with Esc', async () => {
    const { page } = await openApp(browser);
    await page.getByTestId('search-input').click();
    await page.keyboard.type('what?');
    expect(await page.getByTestId('keyboard-help').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('?');
    const help = page.getByTestId('keyboard-help');
    await help.waitFor();
    expect(await help.innerText()).toMatch(/Search[\s\S]*Open a log file[\s\S]*Zoom in or out/);
    await page.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);
    await page.keyboard.press('?');
    await page.getByTestId('keyboard-help-close').click();
    await expect.poll(() => help.count()).toBe(0);
  });

  it('points at the column of a search syntax error and keeps the results', async () => {
    const { page, origin } = await openApp(browser);
    await fetch(`${origin}/api/analytics/collect`, { method: 'POST', body: JSON.stringify({ event_type: 'page_view', event_data: { page: '/' } }) });
    await expect.poll(() => matchCount(page)).toBe(1);
    await page.getByTestId('search-input').fill('stauts:404');
    await page.getByTestId('search-input').press('Enter');
    await expect.poll(() => page.getByTestId('search-error').innerText()).toMatch(/stauts.*column 1|column 1.*stauts/i);
    expect(await matchCount(page)).toBe(1);
    // What is still shown is marked as the previous search's, the count too.
    expect(await page.getByTestId('results-stale').innerText()).toMatch(/every event/i);
    expect(await page.getByTestId('match-count').getAttribute('data-stale')).toBe('true');

    // After a search that worked, a mistake names the search the rows are for.
    await page.getByTestId('search-input').fill('kind:user');
    await page.getByTestId('search-input').press('Enter');
    await expect.poll(() => page.getByTestId('results-stale').count()).toBe(0);
    expect(await page.getByTestId('match-count').getAttribute('data-stale')).toBeNull();
    await page.getByTestId('search-input').fill('kind:user status>=');
    await page.getByTestId('search-input').press('Enter');
    await expect.poll(() => page.getByTestId('results-stale').count()).toBe(1);
    expect(await page.getByTestId('results-stale').innerText()).toContain('kind:user');
  });

  it('keeps the toolbar, every column and the status line on screen from 900 px wide', async () => {
    const { page, origin } = await openApp(browser);
    await fetch(`${origin}/api/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Array.from({ length: 3 }, (_, i) => ({ method: 'GET', url: `/api/items/${i}`, status: 200, duration_ms: 12.5, session_id: 'a-rather-long-session-id' }))),
    });
    await expect.poll(() => matchCount(page)).toBe(3);
    await page.setViewportSize({ width: 900, height: 700 });
    // Script text: the tests are compiled without DOM types.
    const overflow = await page.evaluate(`(() => {
      const outside = (sel) =>
        [...document.querySelectorAll(sel)].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5).map((el) => el.className || el.tagName);
      const grid = document.querySelector('.table-scroll');
      return {
        page: document.documentElement.scrollWidth - window.innerWidth,
        toolbar: outside('.toolbar > *'),
        status: outside('[data-testid="status-line"] > *'),
        grid: grid.scrollWidth - grid.clientWidth,
      };
    })()`);
    expect(overflow).toEqual({ page: 0, toolbar: [], status: [], grid: 0 });
    // The open button says what it does when its label gives way.
    expect(await page.getByRole('button', { name: 'Open file' }).isVisible()).toBe(true);
  });

  it('marks static assets and hides them with one switch, remembered across a reload', async () => {
    const { page, origin } = await openApp(browser);
    const call = (url: string, i: number) => ({ method: 'GET', url, status: 200, duration_ms: 5, time: Date.now() - 60_000 + i });
    const res = await fetch(`${origin}/api/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([call('/api/cart', 1), call('/img/logo.PNG', 2), call('/s/site.css?v=3', 3), call('/api/orders/7', 4)]),
    });
    expect(res.status).toBe(200);
    await expect.poll(() => matchCount(page)).toBe(4);
    const kinds = () => page.locator('[data-testid="log-row"] .badge').allInnerTexts();
    await expect.poll(kinds).toEqual(['api', 'asset', 'asset', 'api'].map((k) => k.toUpperCase()).reverse());
    const toggle = page.getByTestId('assets-toggle');
    await toggle.click();
    await expect.poll(() => matchCount(page)).toBe(2);
    expect(await kinds()).toEqual(['API', 'API']);
    await page.reload();
    await page.getByTestId('status-line').waitFor();
    expect(await page.getByTestId('assets-toggle').getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => matchCount(page)).toBe(2);
    await page.getByTestId('assets-toggle').click();
    await expect.poll(() => matchCount(page)).toBe(4);
  });

  it('copies an API call as cURL, credentials left out, and as a HAR entry', async () => {
    const { page, origin } = await openApp(browser);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const res = await fetch(`${origin}/api/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        method: 'POST', url: '/api/cart', status: 201, duration_ms: 40,
        request_headers: { Host: 'shop.local', 'Content-Type': 'application/json', 'X-Request-Id': 'r-1' },
        request_body: { sku: 'A1', qty: 2 },
      }),
    });
    expect(res.status).toBe(200);
    await expect.poll(() => matchCount(page)).toBe(1);
    await page.getByTestId('log-row').first().click();
    await page.getByTestId('copy-curl').click();
    await expect.poll(() => page.getByTestId('copy-curl').innerText()).toBe('Copied');
    const curl = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(curl).toMatch(/^curl -X POST 'http:\/\/shop\.local\/api\/cart' /);
    expect(curl).toContain(`-H 'X-Request-Id: r-1'`);
    expect(curl).toContain(`--data-raw '{"sku":"A1","qty":2}'`);
    await page.getByTestId('copy-har').click();
    await expect.poll(() => page.getByTestId('copy-har').innerText()).toBe('Copied');
    const har = JSON.parse(String(await page.evaluate('navigator.clipboard.readText()'))) as { request: { method: string; url: string }; response: { status: number } };
    expect(har).toMatchObject({ request: { method: 'POST', url: 'http://shop.local/api/cart' }, response: { status: 201 } });
  });

  it('renders hostile log text as text, never as HTML', async () => {
    const { page } = await openApp(browser);
    const dir = tempDir();
    const file = path.join(dir, 'hostile.log');
    // Markup in the request target (no spaces there) and a working XSS payload in the agent; a
    // right-to-left override that would show the file name as "userexe.jpg".
    const agent = '<img src=x onerror=window.__pwned=1>';
    fs.writeFileSync(file, `1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /<b>hostile</b>/user\u202Egpj.exe HTTP/1.1" 200 1 "-" "${agent}"\n`);
    await page.getByTestId('file-input').setInputFiles(file);
    // An import starts a parsing thread: on a busy machine that alone can pass a second.
    await expect.poll(() => page.getByTestId('import-summary').innerText(), { timeout: 30_000 }).toMatch(/Imported 1 event/);
    await expect.poll(() => matchCount(page)).toBe(1);
    await page.getByTestId('log-row').first().click();
    await expect.poll(() => page.getByTestId('detail-pane').innerText()).toContain('<img src=x onerror');
    await expect.poll(() => page.getByTestId('log-row').first().innerText()).toContain('<b>hostile</b>');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('b', { hasText: 'hostile' }).count()).toBe(0);
    // The override is shown, in its own style, in the row and in the detail pane, never obeyed.
    expect(await page.getByTestId('log-row').first().getByTestId('bidi-marker').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('detail-pane').innerText()).toContain('user⟨U+202E⟩gpj.exe');
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('shows 1 MB messages, plain and made of hidden characters, without freezing: the start, and all of it on request', async () => {
    const { page } = await openApp(browser);
    const file = path.join(tempDir(), 'huge.jsonl');
    const plain = Array.from({ length: 125_000 }, (_, i) => `w${i % 1000}`.padEnd(7, '.') + ' ').join('');
    const hostile = 'a\u202E\u0007b '.repeat(80_000);
    const t = Date.now() - 60_000;
    fs.writeFileSync(file, `${JSON.stringify({ time: t, level: 'error', message: plain })}\n${JSON.stringify({ time: t + 1, level: 'error', message: hostile })}\n`);
    await page.getByTestId('file-input').setInputFiles(file);
    await expect.poll(() => matchCount(page), { timeout: 30_000 }).toBe(2);
    // Newest first: the hidden characters' row. Its cells and the pane show a start, marked.
    await page.getByTestId('log-row').first().click();
    const pane = page.getByTestId('detail-pane');
    await pane.getByTestId('show-all-text').first().waitFor();
    expect(await page.getByTestId('log-row').first().getByTestId('bidi-marker').count()).toBeLessThan(2_000);
    expect((await pane.innerText()).length).toBeLessThan(200_000);
    // The plain one: "Show all" on its raw line brings the whole of it.
    await page.getByTestId('log-row').nth(1).click();
    const raw = pane.locator('pre.raw');
    await raw.getByTestId('show-all-text').click();
    await expect.poll(async () => (await raw.innerText()).length).toBeGreaterThan(plain.length);
  });
});
