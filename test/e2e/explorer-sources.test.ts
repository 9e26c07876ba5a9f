// The sources panel in the real UI (Debian's Chromium against browser mode): the list with counts
// and bad lines, remove, re-import with other options, hostile file names, following a file as
// it grows, recent files, and dropping files while another view or the panel is in front.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/compose.js';
import { SAMPLE_ACCESS_LOG, tempDbPath, tempDir } from '../helpers/temp.js';
import { dropFiles, launchChromium } from './chromium.js';
import { matchCount, openApp } from './open-app.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const SAMPLE_LINES = fs.readFileSync(SAMPLE_ACCESS_LOG, 'utf8').split('\n').filter((l) => l !== '');
const text = (lines: readonly string[]) => Buffer.from(`${lines.join('\n')}\n`);
const HOSTILE = '<img src=x onerror="window.__pwned=1">.log';

async function openPanel(page: Page): Promise<Locator> {
  await page.getByTestId('sources-open').click();
  const panel = page.getByTestId('sources-panel');
  await panel.waitFor();
  return panel;
}

const item = (page: Page, name: string) => page.getByTestId('source-item').filter({ has: page.getByTestId('source-name').getByText(name, { exact: true }) });

describe('sources panel', () => {
  it('lists an uploaded file with its counts and bad lines, hostile name as text; shows its events; removes it after asking', async () => {
    const { page } = await openApp(browser);
    await page.getByTestId('file-input').setInputFiles({
      name: HOSTILE, mimeType: 'text/plain', buffer: text([...SAMPLE_LINES.slice(0, 20), 'not a log line <b>bold</b>', 'another bad line']),
    });
    await expect.poll(() => matchCount(page), { timeout: 30_000 }).toBe(20);
    await expect.poll(() => page.getByTestId('sources-open').innerText()).toBe('Sources · 1');

    // S opens the panel from anywhere but a text field; Esc closes it.
    await page.locator('.status-line').click();
    await page.keyboard.press('s');
    const panel = page.getByTestId('sources-panel');
    await panel.waitFor();
    const row = item(page, HOSTILE);
    await expect.poll(() => row.getByTestId('source-events').innerText()).toBe('20 events');
    expect(await row.getByTestId('source-bad').innerText()).toBe('2 bad lines');
    expect(await row.getByTestId('source-state').innerText()).toBe('done');
    // The name is text: no image element was made, its handler never ran.
    expect(await panel.locator('img').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    // An upload has no path on this machine: it says so, and Follow is off.
    expect(await row.innerText()).toContain('uploaded: cannot be followed');
    expect(await row.getByTestId('source-follow').isDisabled()).toBe(true);

    await row.getByTestId('source-show').click();
    await panel.waitFor({ state: 'detached' });
    expect(await page.getByTestId('search-input').inputValue()).toBe(`source:"${HOSTILE.replace(/"/g, '\\"')}"`);
    await expect.poll(() => matchCount(page)).toBe(20);

    await openPanel(page);
    await row.getByTestId('source-remove').click();
    expect(await row.getByTestId('source-confirm').innerText()).toContain('and its 20 events?');
    expect(await matchCount(page)).toBe(20);
    await row.getByTestId('source-remove-confirm').click();
    await page.getByTestId('sources-empty').waitFor();
    expect(await page.getByTestId('sources-empty').innerText()).toMatch(/Open a log file, drop one anywhere on this window/);
    await expect.poll(() => matchCount(page)).toBe(0);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('re-imports a file with another log format: its events are replaced, not added', async () => {
    const { page } = await openApp(browser);
    const custom = Array.from({ length: 5 }, (_, i) => `10.0.0.${i} [17/May/2015:10:06:0${i} +0000] "GET /custom/${i} HTTP/1.1" 200`);
    await page.getByTestId('file-input').setInputFiles({ name: 'mixed.log', mimeType: 'text/plain', buffer: text([...SAMPLE_LINES.slice(0, 10), ...custom]) });
    await expect.poll(() => matchCount(page), { timeout: 30_000 }).toBe(10);

    await openPanel(page);
    const row = item(page, 'mixed.log');
    await expect.poll(() => row.getByTestId('source-bad').innerText()).toBe('5 bad lines');
    await row.getByTestId('source-reimport-open').click();
    await row.getByTestId('import-options').locator('summary').click();
    await row.locator('select').selectOption('access');
    await row.locator('input.text-input').fill('$remote_addr [$time_local] "$request" $status');
    await row.getByTestId('source-reimport-go').click();
    await expect.poll(() => row.getByTestId('source-message').innerText(), { timeout: 30_000 }).toBe('Read 5 events, 10 bad lines.');
    await expect.poll(() => row.getByTestId('source-events').innerText()).toBe('5 events');
    expect(await row.getByTestId('source-bad').innerText()).toBe('10 bad lines');
    await expect.poll(() => matchCount(page)).toBe(5);
  });

  it('follows a file as it grows: appended lines appear without a reload, and stop once unfollowed; a recent file is read on when chosen', async () => {
    const db = tempDbPath();
    const file = path.join(tempDir(), 'access.log');
    fs.writeFileSync(file, text(SAMPLE_LINES.slice(0, 10)));
    // Imported from disk (as `logbridge import` or File > Open would): a path the app can watch.
    const core = await openCore({ store: { kind: 'sqlite', path: db }, version: 'test', collectorUrl: null, log: () => {} });
    await core.service.importPath(file);
    await core.close();

    const { page } = await openApp(browser, db);
    await expect.poll(() => matchCount(page)).toBe(10);
    const panel = await openPanel(page);
    const row = item(page, 'access.log');
    expect(await row.getByTestId('source-path').innerText()).toBe(fs.realpathSync(file));
    await row.getByTestId('source-follow').click();
    await expect.poll(() => row.getByTestId('source-state').innerText(), { timeout: 20_000 }).toBe('following');
    expect(await page.getByTestId('sources-open').innerText()).toContain('following');

    fs.appendFileSync(file, text(SAMPLE_LINES.slice(10, 13)));
    await expect.poll(() => matchCount(page), { timeout: 20_000 }).toBe(13);
    await expect.poll(() => row.getByTestId('source-events').innerText()).toBe('13 events');

    await row.getByTestId('source-follow').click();
    await expect.poll(() => row.getByTestId('source-state').innerText(), { timeout: 20_000 }).toBe('stopped');
    expect(await row.getByTestId('source-follow').innerText()).toBe('Follow');

    // Not followed, the file grows; choosing it among the recent files reads the new lines and shows its events.
    fs.appendFileSync(file, text(SAMPLE_LINES.slice(13, 15)));
    await panel.getByTestId('recent-file').filter({ hasText: 'access.log' }).click();
    await panel.waitFor({ state: 'detached' });
    expect(await page.getByTestId('search-input').inputValue()).toBe('source:access.log');
    await expect.poll(() => matchCount(page), { timeout: 20_000 }).toBe(15);

    // Gone from disk: choosing it says so.
    fs.rmSync(file);
    await openPanel(page);
    await page.getByTestId('recent-file').first().click();
    await expect.poll(() => page.getByTestId('recent-error').innerText()).toMatch(/is no longer there \(moved or deleted\)/);
  });

  it('takes files dropped over another view and over the open panel', async () => {
    const { page } = await openApp(browser);
    await page.keyboard.press('Alt+3');
    await page.locator('.dashboard').first().waitFor();
    await dropFiles(page, [{ name: 'on-dashboard.log', bytes: text(SAMPLE_LINES.slice(0, 4)) }], '.dashboard');
    await openPanel(page);
    await expect.poll(() => item(page, 'on-dashboard.log').count(), { timeout: 30_000 }).toBe(1);
    await dropFiles(page, [{ name: 'on-panel.log', bytes: text(SAMPLE_LINES.slice(4, 9)) }], '[data-testid="sources-panel"]');
    await expect.poll(() => item(page, 'on-panel.log').getByTestId('source-events').innerText(), { timeout: 30_000 }).toBe('5 events');
  });
});
