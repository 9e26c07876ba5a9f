// "Load demo data": the demo shop and its crowd, sent through this app's own collector.
import type { HandlerContext } from './context.js';
import { BadInputError, type Handlers } from '../rpc/dispatch.js';

export function demoHandlers(ctx: HandlerContext): Pick<Handlers, 'demo.load'> {
  return {
    'demo.load': async ({ seed, visitors }) => {
      const collectorUrl = ctx.collectorUrl();
      if (collectorUrl === null) throw new BadInputError('The demo sends its events through the collector, and the collector is not running.');
      if (!ctx.runDemo) throw new BadInputError('This app was started without the demo.');
      const started = Date.now();
      // What the store holds after the run, less what it held before: what was stored, not what
      // the plan meant to send (events collected meanwhile from elsewhere would count too).
      const before = await stored(ctx);
      await ctx.runDemo({ collectorUrl, seed, visitors });
      const after = await stored(ctx);
      return { sessions: after.sessions - before.sessions, events: after.events - before.events, elapsed_ms: Date.now() - started };
    },
  };
}

async function stored(ctx: HandlerContext): Promise<{ sessions: number; events: number }> {
  const r = await ctx.store.aggregate({ filter: null, metrics: [{ op: 'count' }, { op: 'distinct', field: 'session_id' }], exact: true });
  return { events: r.rows[0]?.values[0] ?? 0, sessions: r.rows[0]?.values[1] ?? 0 };
}
