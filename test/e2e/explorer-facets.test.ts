// The explorer's facet sidebar in Chromium: its counts match the data, a click includes a value
// (the search text and the match count follow), alt-click and the − button exclude it, hostile
// values render as text, and the sidebar follows a typed search.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { matchCount, openApp } from './open-app.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const HOSTILE_ROUTE = '/x/<img src=x onerror="window.__pwned=1">\u202Egnp.exe';

/** 4 GET /api/cart 200 (ann), 2 POST /api/cart 500 (bob), 3 GET of the hostile route 404: 9 calls. */
function calls() {
  const call = (method: string, route: string, status: number, user_id?: string) => ({ method, url: route, route, status, duration_ms: 5, ...(user_id ? { user_id } : {}) });
  return [
    ...Array.from({ length: 4 }, () => call('GET', '/api/cart', 200, 'ann')),
    ...Array.from({ length: 2 }, () => call('POST', '/api/cart', 500, 'bob')),
    ...Array.from({ length: 3 }, () => call('GET', HOSTILE_ROUTE, 404)),
  ];
}

async function loaded(): Promise<Page> {
  const { page, origin } = await openApp(browser);
  const res = await fetch(`${origin}/api/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(calls()) });
  expect(res.status).toBe(200);
  await expect.poll(() => matchCount(page)).toBe(9);
  return page;
}

/** A facet's values as shown: label text -> count (two snapshots: a re-render between them shows as a mismatch the poll retries). */
async function facet(page: Page, field: string): Promise<Record<string, number>> {
  const section = page.getByTestId(`facet-${field}`);
  const labels = await section.getByTestId('facet-label').allInnerTexts();
  const counts = await section.getByTestId('facet-count').allInnerTexts();
  if (labels.length !== counts.length) return {};
  return Object.fromEntries(labels.map((label, i) => [label, Number(counts[i]!.replace(/,/g, ''))]));
}

const value = (page: Page, field: string, label: string) =>
  page.getByTestId(`facet-${field}`).getByTestId('facet-value').filter({ has: page.getByTestId('facet-label').getByText(label, { exact: true }) });
const searchText = (page: Page) => page.getByTestId('search-input').inputValue();

describe('facet sidebar', () => {
  it('counts the values of the data, and a click includes a value and a second click takes it out', async () => {
    const page = await loaded();
    await expect.poll(() => facet(page, 'method')).toEqual({ GET: 7, POST: 2 });
    expect(await facet(page, 'status')).toEqual({ '200': 4, '404': 3, '500': 2 });
    expect(await facet(page, 'user_id')).toEqual({ ann: 4, bob: 2 });
    expect(await facet(page, 'kind')).toEqual({ api: 9 });
    await expect.poll(() => page.getByTestId('facet-user_id').innerText()).toMatch(/3 without/);

    await value(page, 'method', 'GET').locator('.facet-include').click();
    await expect.poll(() => searchText(page)).toBe('method:GET');
    await expect.poll(() => matchCount(page)).toBe(7);
    await expect.poll(() => facet(page, 'method')).toEqual({ GET: 7 });
    expect(await value(page, 'method', 'GET').locator('.facet-include').getAttribute('aria-pressed')).toBe('true');

    await value(page, 'method', 'GET').locator('.facet-include').click();
    await expect.poll(() => searchText(page)).toBe('');
    await expect.poll(() => matchCount(page)).toBe(9);
  });

  it('excludes a value with alt-click and with the − button', async () => {
    const page = await loaded();
    await expect.poll(() => facet(page, 'status')).toEqual({ '200': 4, '404': 3, '500': 2 });
    await value(page, 'status', '404').locator('.facet-include').click({ modifiers: ['Alt'] });
    await expect.poll(() => searchText(page)).toBe('-status:404');
    await expect.poll(() => matchCount(page)).toBe(6);
    await expect.poll(() => facet(page, 'status')).toEqual({ '200': 4, '500': 2 });

    await value(page, 'user_id', 'bob').getByTestId('facet-exclude').click();
    await expect.poll(() => searchText(page)).toBe('-status:404 -user_id:bob');
    await expect.poll(() => matchCount(page)).toBe(4);
  });

  it('shows hostile values as text, with the bidi override visible, and includes them exactly', async () => {
    const page = await loaded();
    const routes = page.getByTestId('facet-route');
    await expect.poll(() => routes.innerText()).toContain('<img src=x onerror="window.__pwned=1">');
    expect(await page.evaluate('document.querySelector("[data-testid=facet-sidebar] img") === null')).toBe(true);
    expect(await page.evaluate('window.__pwned === undefined')).toBe(true);
    expect(await routes.getByTestId('bidi-marker').count()).toBeGreaterThan(0);

    await routes.getByTestId('facet-value').filter({ hasText: 'onerror' }).locator('.facet-include').click();
    await expect.poll(() => matchCount(page)).toBe(3);
    expect(await searchText(page)).toBe(`route:"/x/<img src=x onerror=\\"window.__pwned=1\\">\u202Egnp.exe"`);
    expect(await page.evaluate('window.__pwned === undefined')).toBe(true);
  });

  it('follows a typed search and the asset toggle, and says what to do when nothing matches', async () => {
    const page = await loaded();
    await expect.poll(() => facet(page, 'method')).toEqual({ GET: 7, POST: 2 });
    await page.getByTestId('search-input').fill('status>=500');
    await page.getByTestId('search-input').press('Enter');
    await expect.poll(() => facet(page, 'method')).toEqual({ POST: 2 });
    expect(await facet(page, 'status')).toEqual({ '500': 2 });

    // The asset toggle: the table and the sidebar leave out an image request alike.
    const origin = new URL(page.url()).origin;
    const res = await fetch(`${origin}/api/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ method: 'GET', url: '/logo.png', status: 500 }]) });
    expect(res.status).toBe(200);
    await expect.poll(() => facet(page, 'method')).toEqual({ GET: 1, POST: 2 });
    await page.getByTestId('assets-toggle').click();
    await expect.poll(() => facet(page, 'method')).toEqual({ POST: 2 });
    expect(await matchCount(page)).toBe(2);

    await page.getByTestId('search-input').fill('status>=600');
    await page.getByTestId('search-input').press('Enter');
    await expect.poll(() => page.getByTestId('facet-empty').innerText()).toMatch(/Remove a term/);
  });

  it('collapses, remembers it across a reload, and follows live events when open again', async () => {
    const page = await loaded();
    await expect.poll(() => facet(page, 'kind')).toEqual({ api: 9 });
    await page.getByTestId('facet-toggle').click();
    await expect.poll(() => page.getByTestId('facet-method').count()).toBe(0);
    await page.reload();
    await page.getByTestId('status-line').waitFor();
    await expect.poll(() => matchCount(page)).toBe(9);
    expect(await page.getByTestId('facet-method').count()).toBe(0);
    await page.getByTestId('facet-toggle').click();
    await expect.poll(() => facet(page, 'kind')).toEqual({ api: 9 });

    const origin = new URL(page.url()).origin;
    const res = await fetch(`${origin}/api/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ method: 'DELETE', url: '/api/cart', status: 204 }]) });
    expect(res.status).toBe(200);
    await expect.poll(() => facet(page, 'method')).toEqual({ GET: 7, POST: 2, DELETE: 1 });
  });

  it('narrows at 900 px wide, leaving the table most of the window', async () => {
    const page = await loaded();
    await page.setViewportSize({ width: 900, height: 700 });
    await expect.poll(() => facet(page, 'kind')).toEqual({ api: 9 });
    const side = (await page.getByTestId('facet-sidebar').boundingBox())!;
    const row = (await page.getByTestId('log-row').first().boundingBox())!;
    expect(side.width).toBeLessThanOrEqual(160);
    expect(row.x).toBeGreaterThanOrEqual(side.x + side.width - 1);
    if (process.env.FACETS_SHOT) await page.screenshot({ path: process.env.FACETS_SHOT });
  });
});
