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
      const run = await ctx.runDemo({ collectorUrl, seed, visitors });
      return { sessions: run.sessions, events: run.events, elapsed_ms: Date.now() - started };
    },
  };
}
