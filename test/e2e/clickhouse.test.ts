// The same UI in Chromium over a ClickHouse store: a file imported through the picker, a search,
// an event from the collector, and the status line saying how free text differs there.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClickHouse, uniqueDatabase, type ClickHouseServer } from '../helpers/clickhouse-server.js';
import { countLinesContaining, SAMPLE_ACCESS_LOG } from '../helpers/temp.js';
import { launchChromium } from './chromium.js';
import { StoreSpecSchema } from '../../electron/core/compose.js';
import { matchCount, openApp } from './open-app.js';

let browser: Browser;
let server: ClickHouseServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), startClickHouse()]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

describe('the UI on ClickHouse', () => {
  it('imports, searches, shows collected events live, and says what differs from SQLite', async () => {
    const { page, origin } = await openApp(browser, StoreSpecSchema.parse(server.url(uniqueDatabase('ui'))));
    await expect.poll(() => page.getByTestId('status-line').innerText()).toMatch(/ClickHouse/);
    await expect.poll(() => page.getByTestId('store-notes').innerText()).toMatch(/substring/i);

    await page.getByTestId('file-input').setInputFiles(SAMPLE_ACCESS_LOG);
    await expect.poll(() => page.getByTestId('import-summary').innerText(), { timeout: 30_000 }).toMatch(/10,?000/);
    await expect.poll(() => matchCount(page)).toBe(10_000);

    await page.getByTestId('search-input').fill('status:404');
    await page.getByTestId('search-input').press('Enter');
    await expect.poll(() => matchCount(page)).toBe(countLinesContaining(SAMPLE_ACCESS_LOG, '" 404 '));
    await page.getByTestId('log-row').first().click();
    await expect.poll(() => page.getByTestId('detail-pane').innerText()).toMatch(/"status": 404/);

    await page.getByTestId('search-input').fill('');
    await page.getByTestId('search-input').press('Enter');
    await expect.poll(() => matchCount(page)).toBe(10_000);
    const res = await fetch(`${origin}/api/analytics/collect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-session-id': 'sess-ch' },
      body: JSON.stringify({ event_type: 'button_click', event_data: { element: '#buy', page: '/cart' } }),
    });
    expect(res.status).toBe(200);
    await expect.poll(() => matchCount(page)).toBe(10_001);
  });
});
