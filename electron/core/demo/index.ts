// The demo: a small shop, instrumented with our SDKs, visited by a seeded crowd, its sessions
// landing in Logbridge through the real collector. `npm run demo` (scripts/demo.mjs) runs it in
// Chromium; the app's "Load demo data" runs it with the http driver.
import { z } from 'zod';
import { runCrowd, type CrowdDriver } from './crowd.js';
import { expectedCounts, MAX_VISITORS, planVisitors } from './plan.js';
import type { VisitorPlan } from './plan-types.js';
import { startShop } from './shop-server.js';
import { withoutTrailingSlashes } from './url-text.js';

export { findChromium } from './chromium-path.js';
export { runCrowd } from './crowd.js';
export type { CrowdDriver, CrowdOptions, CrowdResult } from './crowd.js';
export { DEMO_BRIDGE_WINDOW_MINUTES, USER_EVENT_TYPES } from './expected.js';
export { expectedFigures, figuresOf } from './figures.js';
export type { DemoFigures } from './figures.js';
export { expectedBridge, expectedCounts, MAX_VISITORS, PERSONAS, planVisitor, planVisitors, visitByKey } from './plan.js';
export type { ExpectedBridgeRow, ExpectedCounts, ExpectedRoute, Persona, Step, VisitorPlan, VisitPlan } from './plan.js';
export { startShop } from './shop-server.js';
export type { RunningShop, ShopOptions } from './shop-server.js';

const DemoOptionsSchema = z.object({
  collectorUrl: z.url({ protocol: /^https?$/, error: 'collectorUrl must be an http(s) URL' }).transform((u) => withoutTrailingSlashes(u)),
  seed: z.number().int().min(0).max(2 ** 31),
  visitors: z.number().int().min(1).max(MAX_VISITORS),
  driver: z.enum(['chromium', 'http']),
  chromiumPath: z.string().min(1).optional(),
  token: z.string().min(1).optional(),
  concurrency: z.number().int().min(1).max(32).optional(),
});

export interface DemoOptions {
  collectorUrl: string;
  seed: number;
  visitors: number;
  driver: CrowdDriver;
  chromiumPath?: string;
  /** The collector's --token, when it listens beyond this machine. */
  token?: string;
  concurrency?: number;
  /** Progress, one line at a time. */
  log?: (line: string) => void;
}

export interface DemoResult {
  /**
   * Sessions and events the plan sends. The run fails when the middleware could not deliver a
   * record or the http driver saw one refused; the SDK in Chromium reports nothing back, so what was
   * stored is for the caller to count (the demo.load handler does).
   */
  sessions: number;
  events: number;
  elapsed_ms: number;
  plan: VisitorPlan[];
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const opts = DemoOptionsSchema.parse(options);
  const log = options.log;
  const started = performance.now();
  if (opts.driver === 'chromium') {
    // The pages load the SDK from the collector: without it the crowd would record nothing.
    const res = await fetch(`${opts.collectorUrl}/sdk.js`).catch((err: Error) => {
      throw new Error(`the collector at ${opts.collectorUrl} cannot be reached: ${err.message}`);
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`the collector at ${opts.collectorUrl} serves no browser SDK (/sdk.js answered ${res.status}); run \`npm run build:sdk\``);
  }
  const plan = planVisitors(opts.seed, opts.visitors);
  const shop = await startShop({ collectorUrl: opts.collectorUrl, seed: opts.seed, token: opts.token });
  try {
    log?.(`Demo shop at ${shop.url}: ${plan.length} visitors (seed ${opts.seed}, ${opts.driver} driver)`);
    await runCrowd(plan, { shopUrl: shop.url, collectorUrl: opts.collectorUrl, token: opts.token, driver: opts.driver, chromiumPath: opts.chromiumPath, concurrency: opts.concurrency, log });
    // The server's side: the middleware's queue, delivered and answered.
    await shop.flush();
    const stats = shop.stats();
    if (stats.failed > 0 || stats.dropped > 0 || stats.queued > 0) {
      throw new Error(`the demo shop's middleware could not deliver every API record (${stats.failed} failed, ${stats.dropped} dropped, ${stats.queued} left)`);
    }
  } finally {
    await shop.close();
  }
  const expected = expectedCounts(plan);
  return { sessions: expected.sessions, events: expected.events, elapsed_ms: Math.round(performance.now() - started), plan };
}
