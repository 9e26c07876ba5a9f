// Who may talk to the server. The UI's endpoints (/rpc, /live) read everything the user has
// collected, and any web page the user visits can send requests to 127.0.0.1, so they need a
// secret made at each start and carried by the printed URL's fragment. The page sends it only
// as an `Authorization: Bearer` header, never as a cookie: cookies are not scoped by port, so
// every other local server the browser visits would receive one. Host must be ours (DNS
// rebinding) and Origin, when a browser sends one, must be ours too.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import net from 'node:net';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** True for `localhost` and loopback IP literals only: `127.evil.example` is a name, not 127/8. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || h.startsWith('::ffff:127.');
  return false;
}

/** How a bind address is written inside a URL or a Host header. */
export function hostForUrl(host: string): string {
  return net.isIPv6(host) ? `[${host}]` : host;
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface Guard {
  hostAllowed(req: IncomingMessage): boolean;
  originAllowed(req: IncomingMessage): boolean;
  /** The UI secret, from an `Authorization: Bearer` header only: cookies are never read. */
  hasUiSecret(req: IncomingMessage): boolean;
  /** The ingest token, when one is configured (Bearer, or Basic with it as user or password). */
  hasIngestToken(req: IncomingMessage): boolean;
  /** True when `value` is the ingest token, or when none is configured. */
  isIngestToken(value: string): boolean;
}

export function createGuard(opts: { bindHost: string; port: () => number; uiSecret: string; ingestToken?: string }): Guard {
  // The port is known only once listening; build the accepted Host set once per port, not per request.
  let hostsFor = -1;
  let hosts = new Set<string>();
  const hostNames = () => {
    if (hostsFor !== opts.port()) {
      hostsFor = opts.port();
      hosts = new Set([...LOOPBACK_NAMES, hostForUrl(opts.bindHost)].map((n) => `${n}:${hostsFor}`.toLowerCase()));
    }
    return hosts;
  };
  const isUiSecret = (value: string) => safeEqual(value, opts.uiSecret);
  const bearer = (req: IncomingMessage) => /^Bearer\s+(\S.*)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  return {
    hostAllowed(req) {
      const host = (req.headers.host ?? '').toLowerCase();
      // Bound to every interface, the Host can be any name of this machine; the token guards it.
      if (opts.bindHost === '0.0.0.0' || opts.bindHost === '::') return host !== '';
      return hostNames().has(host);
    },
    originAllowed(req) {
      const origin = req.headers.origin;
      if (origin === undefined) return true;
      return origin === `http://${req.headers.host ?? ''}`;
    },
    hasUiSecret(req) {
      const token = bearer(req);
      return token !== undefined && token !== '' && isUiSecret(token);
    },
    isIngestToken: (value) => !opts.ingestToken || safeEqual(value, opts.ingestToken),
    hasIngestToken(req) {
      if (!opts.ingestToken) return true;
      const token = bearer(req);
      if (token) return safeEqual(token, opts.ingestToken);
      const basic = /^Basic\s+(\S.*)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!basic) return false;
      const [user = '', pass = ''] = Buffer.from(basic, 'base64').toString('utf8').split(':');
      return safeEqual(user, opts.ingestToken) || safeEqual(pass, opts.ingestToken);
    },
  };
}
