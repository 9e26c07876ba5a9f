// Browser mode in this process on port 0 with its own database, and a page on it that fails the
// test if anything is logged as an error in the page.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect, onTestFinished } from 'vitest';
import { serve } from '../../electron/serve.js';
import { REPO_ROOT, tempDbPath } from '../helpers/temp.js';

export async function openApp(browser: Browser, db = tempDbPath()): Promise<{ page: Page; origin: string }> {
  const server = await serve({ db, host: '127.0.0.1', port: 0, uiDir: path.join(REPO_ROOT, 'dist', 'renderer') });
  onTestFinished(() => server.stop());
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  onTestFinished(() => context.close());
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text());
  });
  onTestFinished(() => expect(problems, 'errors in the page').toEqual([]));
  await page.goto(server.url);
  await page.getByTestId('status-line').waitFor();
  return { page, origin: server.origin };
}

/** The number the status line shows as matching the search. */
export async function matchCount(page: Page): Promise<number> {
  return Number(/(\d[\d,]*)/.exec(await page.getByTestId('match-count').innerText())?.[1]?.replace(/,/g, ''));
}
