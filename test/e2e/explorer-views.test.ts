// Saved views, export and the command palette in the real UI (browser mode, Debian's Chromium).
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { matchCount, openApp, searchShowsRows } from './open-app.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** 30 API calls: every third a 500, the rest 404s; one URL is hostile markup. */
async function sendCalls(origin: string): Promise<void> {
  const calls = Array.from({ length: 30 }, (_, i) => ({ method: 'GET', url: i === 0 ? '/x?<script>alert(1)</script>' : `/api/p/${i}`, status: i % 3 === 0 ? 500 : 404, duration_ms: 3 }));
  const res = await fetch(`${origin}/api/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(calls) });
  expect(res.status).toBe(200);
}

const searchValue = (page: Page) => page.getByTestId('search-input').inputValue();

describe('explorer: saved views, export, command palette', () => {
  it('saves a view, asks before replacing it, and applying it brings its query back', async () => {
    const { page, origin } = await openApp(browser);
    await sendCalls(origin);
    await expect.poll(() => matchCount(page)).toBe(30);
    await page.getByTestId('views-button').click();
    expect(await page.getByTestId('views-empty').innerText()).toMatch(/No saved views yet/);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('views-menu').count()).toBe(0);

    await searchShowsRows(page, 'status:500', 10);
    const name = '<img src=x onerror=alert(1)> errors';
    await page.getByTestId('views-button').click();
    await page.getByTestId('view-name').fill(name);
    await page.getByTestId('view-save').click();
    await expect.poll(() => page.getByTestId('view-apply').count()).toBe(1);
    // The name is text: no element was made of it.
    expect(await page.getByTestId('view-apply').innerText()).toContain(name);
    expect(await page.locator('[data-testid="views-menu"] img').count()).toBe(0);

    // The same name again: nothing is replaced until the user says so.
    await page.getByTestId('view-name').fill(name.toUpperCase());
    await page.getByTestId('view-save').click();
    await page.getByTestId('view-replace').waitFor();
    expect(await page.getByTestId('view-apply').count()).toBe(1);
    await page.keyboard.press('Escape');

    await searchShowsRows(page, 'status:404', 20);
    await page.getByTestId('views-button').click();
    await page.getByTestId('view-apply').click();
    await expect.poll(() => searchValue(page)).toBe('status:500');
    await expect.poll(() => matchCount(page)).toBe(10);

    // Kept by the server: a new page (another origin's storage would be empty) lists it too.
    await page.reload();
    await page.getByTestId('status-line').waitFor();
    await page.getByTestId('views-button').click();
    expect(await page.getByTestId('view-apply').innerText()).toContain(name);
  });

  it('a view brings back its time range, its order and its columns; the tabs keep range and order', async () => {
    const { page, origin } = await openApp(browser);
    await sendCalls(origin);
    await expect.poll(() => matchCount(page)).toBe(30);
    const sort = () => page.locator('[data-column="status"]').getAttribute('aria-sort');
    const headers = async () => Promise.all((await page.locator('.grid-header [role="columnheader"]').all()).map((h) => h.getAttribute('data-column')));

    await page.getByTestId('sort-status').click();
    await expect.poll(sort).toBe('descending');
    await page.getByText('24 h', { exact: true }).click();
    await expect.poll(() => page.url()).toMatch(/range=24h/);
    await page.getByTestId('columns-button').click();
    await page.getByTestId('column-toggle-session').uncheck();
    await page.keyboard.press('Escape');
    await page.getByTestId('views-button').click();
    await page.getByTestId('view-name').fill('worst first today');
    await page.getByTestId('view-save').click();
    await expect.poll(() => page.getByTestId('view-apply').count()).toBe(1);
    await page.keyboard.press('Escape');

    // Another view and back by the tabs: the range and the order stay.
    await page.getByTestId('tab-dashboard').click();
    await page.getByTestId('tab-explorer').click();
    await expect.poll(() => page.url()).toMatch(/range=24h/);
    await expect.poll(sort).toBe('descending');

    // Everything changed, then the view applied.
    await page.getByTestId('sort-time').click();
    await page.getByText('All time', { exact: true }).click();
    await page.getByTestId('columns-button').click();
    await page.getByTestId('columns-reset').click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.url()).not.toMatch(/range=/);
    expect(await headers()).toContain('session');
    await page.getByTestId('views-button').click();
    await page.getByTestId('view-apply').click();
    await expect.poll(() => page.url()).toMatch(/range=24h/);
    await expect.poll(sort).toBe('descending');
    await expect.poll(headers).not.toContain('session');
    expect(await page.getByTestId('log-row').first().innerText()).toContain('500');
  });

  it('exports the current result as CSV through the browser\'s own download', async () => {
    const { page, origin } = await openApp(browser);
    await sendCalls(origin);
    await searchShowsRows(page, 'status:500', 10);
    await page.getByTestId('export-button').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^logbridge-\d{4}-\d\d-\d\dT\d\d-\d\d\.csv$/);
    const file = await download.path();
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^time,kind,method,status,url,/);
    expect(lines).toHaveLength(11);
    for (const line of lines.slice(1)) expect(line).toContain(',api,GET,500,');
    expect(lines.some((l) => l.includes('/x?<script>alert(1)</script>'))).toBe(true);
    await expect.poll(() => page.getByTestId('export-status').innerText()).toMatch(/^Downloading logbridge-/);
  });

  it('opens the command palette with Ctrl+K and Ctrl+Shift+P, filters by typing and runs with Enter', async () => {
    const { page } = await openApp(browser);
    await page.keyboard.press('Control+k');
    const input = page.getByTestId('palette-input');
    await input.waitFor();
    expect(await input.getAttribute('role')).toBe('combobox');
    expect(await page.getByTestId('palette-option').count()).toBeGreaterThan(10);
    await input.fill('dash');
    expect(await page.getByTestId('palette-option').allInnerTexts()).toEqual(['Go to Dashboard\nAlt 3']);
    await input.press('Enter');
    await expect.poll(() => page.getByTestId('command-palette').count()).toBe(0);
    await expect.poll(() => page.getByTestId('tab-dashboard').getAttribute('aria-current')).toBe('page');

    // Arrows move the active option; Escape closes without running anything.
    await page.keyboard.press('Control+Shift+P');
    await input.fill('go to');
    await input.press('ArrowDown');
    expect(await page.locator('[data-testid="palette-option"][aria-selected="true"]').innerText()).toMatch(/^Go to Sessions/);
    await input.press('Escape');
    await expect.poll(() => page.getByTestId('command-palette').count()).toBe(0);
    expect(await page.getByTestId('tab-dashboard').getAttribute('aria-current')).toBe('page');

    // "Save current view…" opens the Views menu on its name field.
    await page.keyboard.press('Control+k');
    await input.fill('save view');
    await input.press('Enter');
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("data-testid")')).toBe('view-name');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    await input.fill('zzzz');
    expect(await page.getByTestId('palette-empty').innerText()).toMatch(/No command matches “zzzz”/);
  });
});
