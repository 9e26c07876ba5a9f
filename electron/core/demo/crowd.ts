// Runs a planned crowd through the shop with one of two drivers: real Chromium (the demo and
// the tests) or plain HTTP requests that send what the SDK would (the app's "Load demo data":
// a user's laptop has no Chromium for Playwright). Both give the plan's expected counts.
import type { VisitorPlan, VisitPlan } from './plan-types.js';

export type CrowdDriver = 'chromium' | 'http';

export interface CrowdOptions {
  shopUrl: string;
  collectorUrl: string;
  driver: CrowdDriver;
  /** The collector's --token, when it listens beyond this machine. */
  token?: string;
  /** Chromium's executable (the chromium driver only). */
  chromiumPath?: string;
  /** Visitors in the shop at once: default 4 with Chromium, 8 over HTTP. */
  concurrency?: number;
  /** What the plan's visit times are relative to; default: when the run starts. */
  anchor?: number;
  /** One line per finished visitor, for a progress display. */
  log?: (line: string) => void;
}

export interface CrowdResult {
  visits: number;
  elapsed_ms: number;
}

/** Runs `work` over every visitor, `concurrency` at a time; a visitor's visits run in order. */
export async function forEachVisitor(
  plan: readonly VisitorPlan[],
  concurrency: number,
  visit: (v: VisitPlan, visitor: VisitorPlan) => Promise<void>,
): Promise<number> {
  let next = 0;
  let visits = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (failure === null && next < plan.length) {
      const visitor = plan[next++]!;
      try {
        for (const v of visitor.visits) {
          await visit(v, visitor);
          visits++;
        }
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, plan.length)) }, worker));
  if (failure !== null) throw failure;
  return visits;
}

export async function runCrowd(plan: readonly VisitorPlan[], opts: CrowdOptions): Promise<CrowdResult> {
  const started = performance.now();
  const visits =
    opts.driver === 'chromium'
      ? await (await import('./crowd-chromium.js')).runChromiumCrowd(plan, opts)
      : await (await import('./crowd-http.js')).runHttpCrowd(plan, opts);
  return { visits, elapsed_ms: Math.round(performance.now() - started) };
}
