// Express: `app.use(logbridgeExpress())`, ideally first so the duration covers the other
// middleware. Express only fills `req.route` once a route has matched, so the template is read
// when the response finishes, not when our middleware runs.
import type { NextFunction, Request, Response } from 'express';
import type { WithClient } from './http.js';
import { clientFor, observeResponse, type LogbridgeOptions } from './record.js';

export type ExpressOptions = LogbridgeOptions<Request>;

/** `/api` + `/users/:id`; undefined when no route matched (a 404) or the path is not a string. */
export function expressRoute(req: Request): string | undefined {
  const route: unknown = req.route;
  if (typeof route !== 'object' || route === null || !('path' in route)) return undefined;
  const path = route.path;
  if (typeof path !== 'string') return undefined;
  const base = typeof req.baseUrl === 'string' ? req.baseUrl : '';
  const full = base + (path === '/' && base !== '' ? '' : path);
  return full === '' ? '/' : full;
}

export function logbridgeExpress(opts: ExpressOptions = {}): WithClient<(req: Request, res: Response, next: NextFunction) => void> {
  const client = clientFor(opts);
  const middleware = (req: Request, res: Response, next: NextFunction): void => {
    // Routers rewrite req.url as they descend; originalUrl is what the client asked for.
    const url = req.originalUrl || req.url;
    observeResponse(client, opts, req, res, 'express', () => ({ url, route: expressRoute(req) }));
    next();
  };
  return Object.assign(middleware, { client });
}
