// One local HTTP server: the collector's ingest endpoints (open to other origins, token when
// bound beyond loopback) and, in browser mode, the UI with its /rpc and /live endpoints
// (same origin only, behind a per-start secret).
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Service } from '../service.js';
import { HttpError, sendJson, sendText } from './body.js';
import { createGuard, hostForUrl, isLoopbackHost } from './guard.js';
import { handleRpc } from './rpc-route.js';
import { handleLive } from './live-route.js';
import { serveStatic, SECURITY_HEADERS } from './static-route.js';
import { createCollector, type CollectorConfig } from '../collect/collector.js';

export interface ServerOptions {
  service: Service;
  host: string;
  port: number;
  /** Required to bind anything but loopback; ingest then needs it as Bearer or Basic. */
  token?: string;
  /** The built renderer (dist/renderer), or null when only the collector runs (Electron). */
  uiDir: string | null;
  /** Fixed UI secret (tests); by default a new one is made at each start. */
  uiSecret?: string;
  collector?: CollectorConfig;
}

export interface RunningServer {
  /** The URL to open: carries the UI secret when the UI is served. */
  url: string;
  /** The base URL without the secret, for clients of the collector. */
  origin: string;
  port: number;
  close(): Promise<void>;
}

export class ServerConfigError extends Error {
  override name = 'ServerConfigError';
}

function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  if (!isLoopbackHost(opts.host) && !opts.token) {
    throw new ServerConfigError(
      `Refusing to listen on ${opts.host} without --token: anyone who can reach this machine could read and write your events.`,
    );
  }
  const uiSecret = opts.uiSecret ?? randomBytes(24).toString('base64url');
  let port = opts.port;
  const guard = createGuard({ bindHost: opts.host, port: () => port, uiSecret, ingestToken: opts.token });
  const collector = createCollector(opts.service, guard, opts.collector);

  const route = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const path = url.pathname;
    if (!guard.hostAllowed(req)) throw new HttpError(403, 'Request refused: the Host header does not name this server.');

    if (collector.handles(path)) return collector.handle(req, res, url);

    // Everything below reads the user's data: same origin and the UI secret only.
    if (!guard.originAllowed(req)) throw new HttpError(403, 'Request refused: cross-origin requests are not allowed here.');
    if (opts.uiDir !== null && req.method === 'GET' && path === '/' && url.searchParams.has('token')) {
      if (!guard.isUiSecret(url.searchParams.get('token') ?? '')) throw new HttpError(403, 'Wrong token: open the URL that `logbridge serve` printed.');
      res.writeHead(303, {
        location: '/',
        'set-cookie': `${guard.cookieName}=${uiSecret}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
        ...SECURITY_HEADERS,
      });
      res.end();
      return;
    }
    if (!guard.hasUiSecret(req)) {
      throw new HttpError(401, 'Not signed in: open the URL that `logbridge serve` printed (it carries a one-time token).');
    }
    if (path.startsWith('/rpc/')) return handleRpc(path.slice(5), req, res, opts.service);
    if (path.startsWith('/live/')) return handleLive(path.slice(6), req, res, opts.service);
    if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(opts.uiDir, path, res);
    throw new HttpError(405, `Method ${req.method} is not allowed here.`);
  };

  const server = http.createServer((req, res) => {
    const url = requestUrl(req);
    if (url === null) {
      // An absolute-form target Node accepts but URL cannot read (`http://[::1`): nothing to route.
      req.resume();
      sendText(res, 400, 'Bad request: the request target is not a valid URL.');
      return;
    }
    route(req, res, url).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const known = err instanceof HttpError;
      if (!known) process.stderr.write(`logbridge: request failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      const status = known ? err.status : 500;
      const message = known ? err.message : 'Internal error; see the server log.';
      // Ingest clients parse JSON answers, whatever went wrong.
      if (collector.handles(url.pathname)) {
        sendJson(res, status, { success: false, error: message, details: [] });
      } else {
        sendText(res, status, message);
      }
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : hostForUrl(opts.host);
  const origin = `http://${urlHost}:${port}`;
  opts.service.setCollectorUrl(origin);
  return {
    url: opts.uiDir !== null ? `${origin}/?token=${uiSecret}` : origin,
    origin,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
