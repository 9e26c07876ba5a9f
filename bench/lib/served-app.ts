// The app as the Chromium benchmarks use it: the renderer built as users get it (in a folder of
// the bench's own, so no test's build is disturbed), browser mode serving a store in this process,
// and a page of Debian's Chromium on it that collects anything logged as an error.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { serve } from '../../electron/serve.js';
import { launchChromium } from '../../test/e2e/chromium.js';
import { REPO_ROOT } from './processes.js';

export function buildRenderer(outDir: string): void {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export interface ServedApp {
  url: string;
  origin: string;
  page: Page;
  /** Errors the page logged: a benchmark with any is not reported. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * Serves the SQLite store at `db` with the UI in `uiDir`, and opens it in a 1440×900 page;
 * `initScript` runs in the page before the app's own scripts.
 */
export async function openServedApp(db: string, uiDir: string, initScript?: string): Promise<ServedApp> {
  const server = await serve({ store: { kind: 'sqlite', path: db }, host: '127.0.0.1', port: 0, uiDir });
  let browser: Browser | null = null;
  try {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    if (initScript) await page.addInitScript(initScript);
    await page.goto(server.url);
    const opened = browser;
    return {
      url: server.url,
      origin: server.origin,
      page,
      problems,
      close: async () => {
        await opened.close();
        await server.stop();
      },
    };
  } catch (err) {
    await browser?.close();
    await server.stop();
    throw err;
  }
}
