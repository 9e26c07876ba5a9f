// The table: sorting through the store, columns the user arranges (remembered), and reaching
// the very last row of a result too tall for the browser to scroll one pixel per pixel.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ACCESS_LOG, tempDbPath, tempDir } from '../helpers/temp.js';
import { runCli } from '../helpers/cli.js';
import { clfTime } from '../helpers/access-lines.js';
import { launchChromium } from './chromium.js';
import { matchCount, openApp } from './open-app.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const sampleStatuses = (): number[] => {
  const text = fs.readFileSync(SAMPLE_ACCESS_LOG, 'utf8');
  return [...text.matchAll(/" (\d{3}) /g)].map((m) => Number(m[1]));
};

async function importSample(): Promise<{ page: Page; origin: string }> {
  const db = tempDbPath();
  const run = await runCli(['import', SAMPLE_ACCESS_LOG, '--db', db]);
  expect(run.status, run.stderr).toBe(0);
  const { page, origin } = await openApp(browser, db);
  await expect.poll(() => matchCount(page)).toBe(10_000);
  return { page, origin };
}

const GRID = `document.querySelector('[data-testid="table-scroll"]')`;
const firstRowText = (page: Page) => page.getByTestId('log-row').first().innerText();
async function headerIds(page: Page): Promise<string[]> {
  const cells = await page.locator('.grid-header [role="columnheader"]').all();
  return Promise.all(cells.map(async (c) => (await c.getAttribute('data-column')) ?? ''));
}

describe('the event table', () => {
  it('sorts the whole result by a clicked column, through the store', async () => {
    const statuses = sampleStatuses();
    const max = Math.max(...statuses);
    const min = Math.min(...statuses);
    const { page } = await importSample();
    // Newest first, the highest status is not on the first screen: only a sort over every row finds it.
    await page.getByTestId('sort-status').click();
    await expect.poll(() => page.locator('[data-column="status"]').getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => firstRowText(page)).toMatch(new RegExp(`\\b${max}\\b`));
    await page.getByTestId('sort-status').click();
    await expect.poll(() => page.locator('[data-column="status"]').getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => firstRowText(page)).toMatch(new RegExp(`\\b${min}\\b`));
    expect(await matchCount(page)).toBe(10_000);
  });

  it('resizes, hides and moves columns, and remembers them across a reload', async () => {
    const { page } = await importSample();
    expect(await headerIds(page)).toEqual(['time', 'kind', 'method', 'target', 'status', 'duration', 'session']);

    await page.getByTestId('columns-button').click();
    await page.getByTestId('column-toggle-session').uncheck();
    await page.keyboard.press('Escape');
    await expect.poll(() => headerIds(page)).not.toContain('session');

    await page.getByTestId('sort-status').dragTo(page.getByTestId('sort-time'));
    await expect.poll(() => headerIds(page)).toEqual(['status', 'time', 'kind', 'method', 'target', 'duration']);

    const handle = page.getByTestId('resize-kind');
    const box = await handle.boundingBox();
    if (!box) throw new Error('no resize handle');
    const before = (await page.locator('[data-column="kind"]').boundingBox())!.width;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 80, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await page.locator('[data-column="kind"]').boundingBox())!.width).toBeGreaterThan(before + 60);
    const widened = (await page.locator('[data-column="kind"]').boundingBox())!.width;

    await page.reload();
    await expect.poll(() => matchCount(page)).toBe(10_000);
    expect(await headerIds(page)).toEqual(['status', 'time', 'kind', 'method', 'target', 'duration']);
    expect((await page.locator('[data-column="kind"]').boundingBox())!.width).toBeCloseTo(widened, 0);
    // Rows follow the header's order.
    const firstCells = await page.getByTestId('log-row').first().locator('[role="gridcell"]').count();
    expect(firstCells).toBe(6);

    await page.getByTestId('columns-button').click();
    await page.getByTestId('columns-reset').click();
    await expect.poll(() => headerIds(page)).toEqual(['time', 'kind', 'method', 'target', 'status', 'duration', 'session']);
  });

  it('keeps the row being read in place, and selected, while new events arrive above it', async () => {
    const { page, origin } = await importSample();
    await page.evaluate(`${GRID}.scrollTop = 24 * 3000`);
    // The rows near 3,000 are drawn (and fetched) after the scroll event: wait for them, then
    // hold on to one by its id, not by its place among the rows drawn.
    await expect.poll(async () => Number(await page.getByTestId('log-row').first().getAttribute('aria-rowindex'))).toBeGreaterThan(2_900);
    const id = await page.getByTestId('log-row').nth(5).getAttribute('data-event-id');
    const same = page.locator(`[data-testid="log-row"][data-event-id="${id}"]`);
    await same.click();
    await expect.poll(() => same.getAttribute('aria-selected')).toBe('true');
    const before = (await same.boundingBox())!.y;
    const index = Number(await same.getAttribute('aria-rowindex'));
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${origin}/api/analytics/collect`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-session-id': 'live' },
        body: JSON.stringify({ event_type: 'button_click', event_data: { element: `#b${i}`, page: '/live' } }),
      });
      expect(res.status).toBe(200);
    }
    await expect.poll(() => matchCount(page)).toBe(10_005);
    await expect.poll(() => same.getAttribute('aria-rowindex')).toBe(String(index + 5));
    expect((await same.boundingBox())!.y).toBeCloseTo(before, 0);
    expect(await same.getAttribute('aria-selected')).toBe('true');
  });

  // Importing 200,000 lines takes a while on a loaded 2-core machine; the wait guards hangs only.
  it('reaches the very last of 200,000 rows with End and by dragging the scrollbar to the bottom', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    const file = path.join(dir, 'big.log');
    const start = Date.UTC(2026, 0, 1);
    const n = 200_000;
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(`10.0.${(i >> 8) & 255}.${i & 255} - - [${clfTime(start + i * 1000)}] "GET /item/${i} HTTP/1.1" 200 ${i % 5000} "-" "bench"`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const db = tempDbPath();
    const run = await runCli(['import', file, '--db', db]);
    expect(run.status, run.stderr).toBe(0);
    const { page } = await openApp(browser, db);
    await expect.poll(() => matchCount(page)).toBe(n);

    const grid = page.getByTestId('table-scroll');
    await grid.focus();
    await page.keyboard.press('End');
    // The oldest event, the file's first line, is the last row, and it is selected.
    const selected = page.locator('[data-testid="log-row"][aria-selected="true"]');
    await expect.poll(() => selected.getAttribute('aria-rowindex')).toBe(String(n + 1));
    // Routes are templates (/item/:id): the detail pane names the URL.
    await expect.poll(() => page.getByTestId('detail-pane').innerText()).toMatch(/\/item\/0\b/);

    await page.keyboard.press('Home');
    await expect.poll(() => selected.getAttribute('aria-rowindex')).toBe('2');
    await expect.poll(() => page.getByTestId('detail-pane').innerText()).toMatch(new RegExp(`/item/${n - 1}\\b`));

    // The scroll range is shorter than 200,000 rows of pixels, yet its bottom is the last row.
    const heights = (await page.evaluate(`(() => { const el = ${GRID}; return [el.scrollHeight, el.clientHeight]; })()`)) as [number, number];
    expect(heights[0]).toBeLessThan(n * 24);
    await page.evaluate(`${GRID}.scrollTop = ${GRID}.scrollHeight`);
    const lastRow = page.locator(`[data-testid="log-row"][aria-rowindex="${n + 1}"]`);
    await expect.poll(() => lastRow.count()).toBe(1);
    const rowBox = (await lastRow.boundingBox())!;
    const gridBox = (await grid.boundingBox())!;
    expect(rowBox.y + rowBox.height).toBeLessThanOrEqual(gridBox.y + gridBox.height + 1);

    // Half way down is half way through the rows.
    await page.evaluate(`(() => { const el = ${GRID}; el.scrollTop = (el.scrollHeight - el.clientHeight) / 2; })()`);
    await expect.poll(async () => {
      const index = Number(await page.getByTestId('log-row').first().getAttribute('aria-rowindex'));
      return Math.abs(index - n / 2) < 200;
    }).toBe(true);
  });
});
