// Browser mode in this process on port 0 with its own database, and pages on it that fail the
// test if anything is logged as an error in them.
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect, onTestFinished } from 'vitest';
import { serve } from '../../electron/serve.js';
import type { StoreSpec } from '../../electron/core/compose.js';
import { REPO_ROOT, tempDbPath } from '../helpers/temp.js';

/** `store`: a SQLite file (a new one by default) or any store spec (ClickHouse). */
export async function openApp(browser: Browser, store: string | StoreSpec = tempDbPath()): Promise<{ page: Page; origin: string }> {
  const spec: StoreSpec = typeof store === 'string' ? { kind: 'sqlite', path: store } : store;
  const server = await serve({ store: spec, host: '127.0.0.1', port: 0, uiDir: path.join(REPO_ROOT, 'dist', 'renderer') });
  onTestFinished(() => server.stop());
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  onTestFinished(() => context.close());
  const page = await watchedPage(context, server.url);
  return { page, origin: server.origin };
}

/**
 * A page of the app at `url` in `context`, loaded to its status line, that fails the test if
 * anything but `expected` is logged as an error in it.
 */
export async function watchedPage(context: BrowserContext, url: string, expected?: RegExp): Promise<Page> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !expected?.test(msg.text())) problems.push(msg.text());
  });
  onTestFinished(() => expect(problems, `errors in the page ${url}`).toEqual([]));
  await page.goto(url);
  await page.getByTestId('status-line').waitFor();
  return page;
}

/** Searches `query` and waits until both the count and the table show `expected` rows. */
export async function searchShowsRows(page: Page, query: string, expected: number): Promise<void> {
  await page.getByTestId('search-input').fill(query);
  await page.getByTestId('search-input').press('Enter');
  await expect.poll(() => matchCount(page)).toBe(expected);
  await expect.poll(() => page.getByTestId('log-row').count()).toBe(expected);
}

/** The number the status line shows as matching the search. */
export async function matchCount(page: Page): Promise<number> {
  return Number(/(\d[\d,]*)/.exec(await page.getByTestId('match-count').innerText())?.[1]?.replace(/,/g, ''));
}
