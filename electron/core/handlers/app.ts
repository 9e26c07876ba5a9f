// The app's own facts: version, where its data lives, where the collector listens.
import type { HandlerContext } from './context.js';
import type { Handlers } from '../rpc/dispatch.js';

export function appHandlers(ctx: HandlerContext): Pick<Handlers, 'app.info'> {
  return {
    'app.info': () => ({
      version: ctx.version,
      dbPath: ctx.store.location,
      collectorUrl: ctx.collectorUrl(),
      store: { kind: ctx.store.kind, notes: [...ctx.store.notes] },
    }),
  };
}
