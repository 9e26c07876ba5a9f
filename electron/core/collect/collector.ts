// The collector's HTTP surface: ingest paths (each with its wire format), their CORS and
// preflights, and the browser SDK. Built once per server from the user's settings.
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Guard } from '../net/guard.js';
import { HttpError } from '../net/body.js';
import { createCorsPolicy } from './cors.js';
import { formatForPath } from './formats/index.js';
import { failure, runIngest, sendAnswer, type IngestDeps } from './ingest-route.js';
import { createRateLimiter } from './rate-limit.js';

export interface CollectorConfig {
  /** Origins allowed to send events (see cors.ts); empty or absent: loopback pages only. */
  allowedOrigins?: readonly string[];
  /** Events per minute per sender; 0 turns the limit off. Default 100 (the seed contract). */
  rateLimitPerMinute?: number;
  /** The built browser SDK, served at /sdk.js; null when it has not been built. */
  sdkFile?: string | null;
}

/** What the collector needs of the core: its privacy steps and the store's commit. */
export interface CollectorHost {
  hashClientIp: IngestDeps['hashClientIp'];
  redact: IngestDeps['redact'];
  /** Present when big bodies are prepared on decode threads (collect/decode-pool.ts). */
  prepareOffThread?: IngestDeps['offThread'];
  ingest: IngestDeps['commit'];
}

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 100;
const SDK_PATH = '/sdk.js';

export interface Collector {
  handles(path: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
}

export function createCollector(service: CollectorHost, guard: Guard, config: CollectorConfig = {}): Collector {
  const cors = createCorsPolicy(config.allowedOrigins ?? []);
  const deps: IngestDeps = {
    authRefusal(req, url, bodyToken) {
      // `?token=` is how the browser SDK's beacons carry it: sendBeacon cannot set headers.
      const queryToken = url.searchParams.get('token') ?? undefined;
      const given = [bodyToken, queryToken].filter((t) => t !== undefined);
      if (guard.hasIngestToken(req) || given.some((t) => guard.isIngestToken(t))) return null;
      return 'Forbidden: a valid token is required (Authorization: Bearer <token>, Basic as Segment sends it, ?token=, or the write key in the body).';
    },
    hashClientIp: (ip) => service.hashClientIp(ip),
    redact: (e, payload) => service.redact(e, payload),
    ...(service.prepareOffThread ? { offThread: service.prepareOffThread } : {}),
    limiter: createRateLimiter(config.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE),
    commit: (events) => service.ingest(events),
    now: Date.now,
  };

  const serveSdk = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `Use GET for ${SDK_PATH}.`);
    if (!config.sdkFile || !fs.existsSync(config.sdkFile)) {
      throw new HttpError(404, 'The browser SDK has not been built; run `npm run build:sdk`.');
    }
    const body = fs.readFileSync(config.sdkFile);
    res.writeHead(200, {
      'content-type': 'application/javascript; charset=utf-8',
      'content-length': body.length,
      'cache-control': 'no-cache',
      // A script tag on any page may load it; it reads nothing of ours.
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  return {
    handles: (path) => path === SDK_PATH || formatForPath(path) !== undefined,
    async handle(req, res, url) {
      const path = url.pathname;
      if (path === SDK_PATH) return serveSdk(req, res);
      const format = formatForPath(path)!;
      const refusal = cors.refusal(req);
      if (refusal !== null) {
        req.resume();
        return sendAnswer(res, failure(403, refusal), {});
      }
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors.preflight(req));
        res.end();
        return;
      }
      const headers = cors.headers(req);
      if (req.method !== 'POST') {
        req.resume();
        return sendAnswer(res, failure(405, `Use POST for ${path}.`, [], { allow: 'POST, OPTIONS' }), headers);
      }
      sendAnswer(res, await runIngest(format, req, url, deps), headers);
    },
  };
}
