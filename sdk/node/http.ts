// node:http: wrap the request listener. Node knows no routes, so `route` comes only from the
// `route(req)` option. A request counts from the moment the listener is called until the
// response has finished; if the client goes away first, it is recorded with status 499.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CollectorClient } from './collector-client.js';
import { clientFor, observeResponse, type LogbridgeOptions } from './record.js';

export type HttpOptions = LogbridgeOptions<IncomingMessage>;

export type WithClient<F> = F & { readonly client: CollectorClient };

/**
 * `http.createServer(withLogbridge((req, res) => { ... }))`. The listener is called exactly
 * as before and whatever it returns or throws is passed through untouched.
 */
export function withLogbridge<Req extends IncomingMessage, Res extends ServerResponse, R>(
  listener: (req: Req, res: Res) => R,
  opts: HttpOptions = {},
): WithClient<(req: Req, res: Res) => R> {
  const client = clientFor(opts);
  const wrapped = (req: Req, res: Res): R => {
    observeResponse(client, opts, req, res, 'node:http', () => ({ url: req.url, route: undefined }));
    return listener(req, res);
  };
  return Object.assign(wrapped, { client });
}
