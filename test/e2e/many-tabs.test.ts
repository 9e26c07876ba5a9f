// Chromium opens at most six HTTP/1.1 connections to one host, shared by all tabs. Each tab
// keeps its live stream open, so with one stream per topic two tabs held four connections and a
// third tab's calls waited forever behind them: an empty table. One stream per tab leaves room.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { launchChromium } from './chromium.js';
import { matchCount, openApp, searchShowsRows, watchedPage } from './open-app.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function post(origin: string, status: number): Promise<void> {
  const res = await fetch(`${origin}/api/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'GET', url: `/api/cart/${status}`, status, duration_ms: 12 }),
  });
  expect(res.status).toBe(200);
}

/** Another tab of the same browser on the bare URL: the secret is already in localStorage. */
const anotherTab = (first: Page, origin: string) => watchedPage(first.context(), `${origin}/`);

describe('browser mode in many tabs', () => {
  it('a fourth tab of the app searches and gets live updates while three others stay open and live', async () => {
    const { page: first, origin } = await openApp(browser);
    for (const status of [200, 404, 500]) await post(origin, status);
    const tabs = [first];
    for (let i = 1; i < 4; i++) tabs.push(await anotherTab(first, origin));
    for (const tab of tabs) await expect.poll(() => tab.getByTestId('status-line').innerText()).toMatch(/\bLive\b/);

    const fourth = tabs[3]!;
    await searchShowsRows(fourth, 'status>=404', 2);
    await searchShowsRows(first, 'status:200', 1);

    await post(origin, 502);
    await expect.poll(() => matchCount(fourth)).toBe(3);
    await expect.poll(() => matchCount(first)).toBe(1);
  });
});
