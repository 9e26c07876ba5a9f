// The crowd in real Chromium, driven by playwright-core (a devDependency, loaded only when this
// driver runs). Each visit is its own browser context, so its own session; its clock starts at
// the visit's planned time and jumps over each think time (Playwright's clock), so the SDK
// stamps the events as if the visit had really taken its hours or days. Visitors click real
// elements. The pages' SDK sends nothing on a timer (shop-pages.ts): what a page queued leaves
// by the SDK's own page-hide beacon when the visitor follows a link, and the last page's queue
// by an awaited logbridge.flush() before the context closes.
import type { Browser, Page } from 'playwright-core';
import { CHECKOUT_ERROR, UI, VISIT_STORAGE_KEY } from './catalogue.js';
import { findChromium } from './chromium-path.js';
import type { CrowdOptions } from './crowd.js';
import { forEachVisitor } from './crowd.js';
import { pathOf } from './plan-effects.js';
import type { Step, VisitorPlan, VisitPlan } from './plan-types.js';
import { withoutTrailingSlashes } from './url-text.js';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** Longest wait for one step (a loaded machine makes steps slower, never a test red). */
const STEP_TIMEOUT_MS = 60_000;

const sel = (id: string) => `#${id}`;

async function flushSdk(page: Page, visit: VisitPlan): Promise<void> {
  const ok = await page.evaluate('window.logbridge ? window.logbridge.flush().then(() => true) : false');
  if (ok !== true) throw new Error(`visit ${visit.key}: the browser SDK did not load on ${page.url()} (does the collector serve /sdk.js?)`);
}

/** The page's own marks (shop-client.ts): its calls have settled, `completed` of them so far. */
const settled = (page: Page, completed?: number) =>
  page.waitForSelector(completed === undefined ? 'body[data-idle]' : `body[data-idle][data-completed="${completed}"]`, { state: 'attached' });

async function completedCalls(page: Page): Promise<number> {
  return Number((await page.getAttribute('body', 'data-completed')) ?? 0);
}

async function navigate(page: Page, shop: string, path: string, act: () => Promise<unknown>): Promise<void> {
  // The page's marks below come after its scripts and calls, so the navigation's commit is enough here.
  await Promise.all([page.waitForURL(`${shop}${path}`, { waitUntil: 'commit' }), act()]);
  await settled(page);
}

async function perform(page: Page, step: Step, shop: string): Promise<void> {
  switch (step.kind) {
    case 'open':
      await page.goto(`${shop}${pathOf(step.to)}`, { waitUntil: 'commit' });
      await settled(page);
      return;
    case 'sign-in':
      await page.fill(sel(UI.signInField.id), step.userId);
      await page.click(sel(UI.signInButton.id));
      await page.waitForSelector('#signin-status:not(:empty)', { state: 'attached' });
      return;
    case 'follow':
      await navigate(page, shop, pathOf(step.to), () => page.click(sel(step.link.id)));
      return;
    case 'add-to-cart': {
      const before = await completedCalls(page);
      await page.click(sel(UI.addToCart.id));
      await settled(page, before + 1);
      return;
    }
    case 'place-order': {
      if (step.attempt === 1) {
        await page.fill('#field-name', 'Demo Visitor');
        await page.fill('#field-address', '1 Example Street');
      }
      if (!step.fails) {
        await navigate(page, shop, '/thanks', () => page.click(sel(UI.placeOrder.id)));
        return;
      }
      const before = await completedCalls(page);
      await page.click(sel(UI.placeOrder.id));
      await settled(page, before + 1);
      return;
    }
  }
}

async function runVisit(browser: Browser, visit: VisitPlan, opts: CrowdOptions, anchor: number): Promise<void> {
  const shop = withoutTrailingSlashes(opts.shopUrl);
  const context = await browser.newContext();
  try {
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    await context.clock.install({ time: anchor + visit.startMs });
    // The page script sends this marker with its API calls, so the shop knows the visit's plan.
    await context.addInitScript({
      content: `try { localStorage.setItem(${JSON.stringify(VISIT_STORAGE_KEY)}, ${JSON.stringify(visit.key)}); } catch (e) {}`,
    });
    const page = await context.newPage();
    const unexpected: string[] = [];
    page.on('pageerror', (err) => {
      if (!err.message.includes(CHECKOUT_ERROR)) unexpected.push(err.message);
    });
    for (const step of visit.steps) {
      if (step.thinkMs > 0) await context.clock.fastForward(step.thinkMs);
      try {
        await perform(page, step, shop);
      } catch (err) {
        throw new Error(`visit ${visit.key}, step ${step.kind} on ${page.url()}: ${(err as Error).message.split('\n')[0]}`, { cause: err });
      }
    }
    await flushSdk(page, visit);
    if (unexpected.length > 0) throw new Error(`visit ${visit.key}: the shop's page threw ${unexpected.join('; ')}`);
  } finally {
    await context.close();
  }
}

export async function runChromiumCrowd(plan: readonly VisitorPlan[], opts: CrowdOptions): Promise<number> {
  const executablePath = opts.chromiumPath ?? findChromium();
  if (!executablePath) throw new Error('the chromium driver needs Chromium: set CHROMIUM_PATH or install it (apt-get install chromium)');
  const anchor = opts.anchor ?? Date.now();
  // A devDependency: the app itself never loads it (its "Load demo data" uses the http driver).
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    return await forEachVisitor(plan, opts.concurrency ?? 4, async (visit, visitor) => {
      await runVisit(browser, visit, opts, anchor);
      opts.log?.(`${visit.key} (${visitor.persona}) done`);
    });
  } finally {
    await browser.close();
  }
}
