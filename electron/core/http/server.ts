// One local HTTP server: the collector's ingest endpoints (open to other origins, token when
// bound beyond loopback) and, in browser mode, the UI with its /rpc and /live endpoints
// (same origin only, behind a per-start secret sent as a Bearer header). The UI's static files
// are public: they hold no data, and the page must load before it can read the secret from
// its URL's fragment, which browsers never send to a server.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { HttpError, sendJson, sendText } from '../net/body.js';
import { createGuard, hostForUrl, isLoopbackHost } from '../net/guard.js';
import { handleRpc } from './rpc-route.js';
import { handleLive } from './live-route.js';
import { serveStatic } from './static-route.js';
import { EXPORT_PREFIX, handleExport, type ExportHost } from './export-route.js';
import { parseRequestTarget, type RequestTarget } from './request-target.js';
import { createCollector, type CollectorConfig, type CollectorHost } from '../collect/collector.js';
import type { RpcHost } from '../rpc/host.js';

/** What the server needs of the core (the composition root's service has it all). */
export interface ServerHost extends CollectorHost, RpcHost, ExportHost {
  /** Told where the collector listens once the port is known (app.info shows it). */
  setCollectorUrl(url: string | null): void;
}

export interface ServerOptions {
  service: ServerHost;
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
  /** The URL to open: carries the UI secret in its fragment (`#token=`) when the UI is served. */
  url: string;
  /** The base URL without the secret, for clients of the collector. */
  origin: string;
  port: number;
  close(): Promise<void>;
}

export class ServerConfigError extends Error {
  override name = 'ServerConfigError';
}

/** The 401 says what the secret is, since users meet it when a tab outlives a server run. */
const UI_SECRET_MISSING =
  'Not signed in: open the URL that `logbridge serve` printed. Its #token= part is a secret made when the server started; it stays valid until the server stops, and a restart makes a new one.';

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

  const route = async (req: IncomingMessage, res: ServerResponse, url: URL, path: string) => {
    if (!guard.hostAllowed(req)) throw new HttpError(403, 'Request refused: the Host header does not name this server.');

    if (collector.handles(url.pathname)) return collector.handle(req, res, url);

    if (!guard.originAllowed(req)) throw new HttpError(403, 'Request refused: cross-origin requests are not allowed here.');
    // These two read the user's data: the secret, from our own origin, and nothing else.
    const rpc = url.pathname.startsWith('/rpc/');
    const live = url.pathname === '/live' || url.pathname.startsWith('/live/');
    if (rpc || live) {
      if (!guard.hasUiSecret(req)) throw new HttpError(401, UI_SECRET_MISSING);
      if (rpc) return handleRpc(url.pathname.slice(5), req, res, opts.service);
      return handleLive(url, req, res, opts.service);
    }
    // Its one-time ticket stands in for the secret (export-route.ts); only with the UI served.
    if (opts.uiDir !== null && url.pathname.startsWith(EXPORT_PREFIX)) return handleExport(url.pathname.slice(EXPORT_PREFIX.length), req, res, opts.service);
    // An old `/?token=` link lands here too: the page moves the token out of the address bar.
    if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(opts.uiDir, path, res);
    throw new HttpError(405, `Method ${req.method} is not allowed here.`);
  };

  const server = http.createServer((req, res) => {
    let target: RequestTarget;
    try {
      target = parseRequestTarget(req.url ?? '/');
    } catch (err) {
      // Nothing to route: answer without reading the body, and log nothing a client can cause.
      req.resume();
      sendText(res, 400, err instanceof HttpError ? err.message : 'Bad request.');
      return;
    }
    const { url, path } = target;
    route(req, res, url, path).catch((err: unknown) => {
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
    url: opts.uiDir !== null ? `${origin}/#token=${uiSecret}` : origin,
    origin,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
