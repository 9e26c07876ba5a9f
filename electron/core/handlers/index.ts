// Every call of the contract (shared/api.ts), from the handler module of its domain. The type
// makes a call without a handler, or a handler for no call, a compile error.
import type { Handlers } from '../rpc/dispatch.js';
import type { HandlerContext } from './context.js';
import { appHandlers } from './app.js';
import { eventHandlers } from './events.js';
import { suggestHandlers } from './suggest.js';
import { facetHandlers } from './facets.js';
import { importHandlers } from './imports.js';
import { sourceHandlers } from './sources.js';
import { statsHandlers } from './stats.js';
import { sessionHandlers } from './sessions.js';
import { demoHandlers } from './demo.js';
import { viewHandlers } from './views.js';

export function createHandlers(ctx: HandlerContext): Handlers {
  return {
    ...appHandlers(ctx),
    ...eventHandlers(ctx),
    ...suggestHandlers(ctx),
    ...facetHandlers(ctx),
    ...statsHandlers(ctx),
    ...importHandlers(ctx),
    ...sourceHandlers(ctx),
    ...sessionHandlers(ctx),
    ...demoHandlers(ctx),
    ...viewHandlers(ctx),
  };
}

