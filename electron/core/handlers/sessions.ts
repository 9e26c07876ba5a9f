// Sessions: the list of those matching a search, and one session's timeline.
import type { HandlerContext } from './context.js';
import { NotFoundError, type Handlers } from '../rpc/dispatch.js';
import { parseQuery } from '../query/parse.js';
import { and, inRange } from '../analysis/filters.js';
import { listSessions } from '../analysis/sessions.js';
import { SessionNotFound, sessionTimeline } from '../analysis/timeline.js';

export function sessionHandlers(ctx: HandlerContext): Pick<Handlers, 'sessions.list' | 'sessions.timeline'> {
  return {
    'sessions.list': ({ query, range, limit }) => listSessions(ctx.store, and(parseQuery(query), inRange(range)), limit),
    'sessions.timeline': async ({ session_id, query, limit }) => {
      try {
        return await sessionTimeline(ctx.store, session_id, parseQuery(query), limit);
      } catch (err) {
        if (err instanceof SessionNotFound) throw new NotFoundError(err.message);
        throw err;
      }
    },
  };
}
