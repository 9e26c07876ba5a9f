// The dashboard's calls, taken from the renderer's own list (renderer/src/lib/dashboard-calls.ts)
// so the benchmark times exactly what the cards send. That module belongs to the renderer's
// TypeScript project, so it is loaded at run time and its answer is checked against the contract.
import { z } from 'zod';
import { api } from '../../shared/api.js';
import type { Core } from '../../electron/core/compose.js';

const DashboardCallSchema = z.discriminatedUnion('call', [
  z.object({ name: z.string(), call: z.literal('stats.aggregate'), input: api['stats.aggregate'].input }),
  z.object({ name: z.string(), call: z.literal('stats.routes'), input: api['stats.routes'].input }),
  z.object({ name: z.string(), call: z.literal('stats.bridge'), input: api['stats.bridge'].input }),
]);
export type DashboardCall = z.infer<typeof DashboardCallSchema>;

const CALLS_MODULE = new URL('../../renderer/src/lib/dashboard-calls.ts', import.meta.url).href;

type CallsModule = { dashboardCalls(query: string): unknown };

let loaded: CallsModule | null = null;

/** Every card's call for `query` over all time, in layout order (the summary first). */
export async function dashboardCalls(query: string): Promise<DashboardCall[]> {
  if (!loaded) {
    const mod = (await import(CALLS_MODULE)) as Partial<CallsModule>;
    if (typeof mod.dashboardCalls !== 'function') throw new Error(`${CALLS_MODULE} has no dashboardCalls()`);
    loaded = { dashboardCalls: mod.dashboardCalls };
  }
  return z.array(DashboardCallSchema).min(1).parse(loaded.dashboardCalls(query));
}

/** One call through the service's dispatch, as either transport makes it; a refused call throws. */
export async function ask(core: Core, call: string, input: unknown): Promise<unknown> {
  const result = await core.service.dispatch(call, input);
  if (!result.ok) throw new Error(`${call} ${JSON.stringify(input)}: ${result.code} ${result.message}`);
  return result.value;
}
