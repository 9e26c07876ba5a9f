// The record each request becomes, the options every integration shares, and the one place
// that turns a finished request into a record.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { type HeaderBag, cleanId, contentLength, flattenHeaders, sessionFromHeaders, traceFromHeaders, userFromHeaders } from './headers.js';
import { createCollectorClient, type CollectorClient, type CollectorClientOptions } from './collector-client.js';

export type RecordSource = 'node:http' | 'express' | 'fastify';

/** One API call, as the collector's `/api/logs` endpoint takes it. */
export interface ApiRecord {
  /**
   * Made by the client's record() when absent, so a batch sent again because its answer was lost
   * (a timeout after the collector committed) is stored once.
   */
  event_id?: string;
  method: string;
  url: string;
  /** The route template (`/users/:id`) when the framework knows it. */
  route?: string;
  /** 499 when the client went away before the response was complete (nginx's convention). */
  status: number;
  duration_ms: number;
  /** When the request started, ISO 8601 UTC. */
  time: string;
  session_id?: string;
  user_id?: string;
  trace_id?: string;
  span_id?: string;
  request_headers?: Record<string, string>;
  response_headers?: Record<string, string>;
  req_bytes?: number;
  resp_bytes?: number;
  source: RecordSource;
  error?: string;
}

/** What every integration accepts; `Req` is the framework's request type. */
export interface LogbridgeOptions<Req> extends CollectorClientOptions {
  /** Share one client between several apps; otherwise each integration makes its own. */
  client?: CollectorClient;
  /** Send request and response headers (secrets blanked). Off by default. */
  headers?: boolean;
  /** Your own session id (read when the response is done, so auth and session middleware have run). */
  sessionId?: (req: Req) => unknown;
  userId?: (req: Req) => unknown;
  /** The route template; for node:http the only source, elsewhere it overrides the framework's. */
  route?: (req: Req) => unknown;
  /** Requests to leave out (health checks, static files). */
  ignore?: (req: Req) => boolean;
}

/** What an integration knows once a request is over. */
export interface Finished<Req> {
  req: Req;
  headers: IncomingHttpHeaders;
  responseHeaders: () => HeaderBag;
  method: string | undefined;
  url: string | undefined;
  route: string | undefined;
  status: number;
  aborted: boolean;
  /** Whether the status line had gone out: tells an abort mid-body from one before any answer. */
  headersSent: boolean;
  startedAt: number;
  durationMs: number;
  source: RecordSource;
  error?: string;
}

export const ABORTED_STATUS = 499;
// The collector's /api/logs limits: longer values would get the whole record refused.
const MAX_URL_CHARS = 8192;
const MAX_ROUTE_CHARS = 2048;
const MAX_METHOD_CHARS = 32;

export function clientFor<Req>(opts: LogbridgeOptions<Req>): CollectorClient {
  return opts.client ?? createCollectorClient(opts);
}

/**
 * Runs one of the user's callbacks; if it throws, the record still goes out without that
 * field and the exception is reported, never rethrown.
 */
function ask<Req>(client: CollectorClient, fn: ((req: Req) => unknown) | undefined, req: Req, what: string): string | undefined {
  if (!fn) return undefined;
  try {
    return cleanId(fn(req));
  } catch (err) {
    client.reportError(err, `the ${what} option threw`);
    return undefined;
  }
}

/** Whether `ignore` says to skip this request; a throwing `ignore` means keep it. */
export function ignored<Req>(client: CollectorClient, opts: LogbridgeOptions<Req>, req: Req): boolean {
  if (!opts.ignore) return false;
  try {
    return opts.ignore(req) === true;
  } catch (err) {
    client.reportError(err, 'the ignore option threw');
    return false;
  }
}

export function buildRecord<Req>(client: CollectorClient, opts: LogbridgeOptions<Req>, f: Finished<Req>): ApiRecord {
  const h = f.headers;
  const rec: ApiRecord = {
    method: (f.method || 'GET').toUpperCase().slice(0, MAX_METHOD_CHARS),
    url: (f.url || '/').slice(0, MAX_URL_CHARS),
    status: f.aborted ? ABORTED_STATUS : f.status,
    duration_ms: Math.round(Math.max(0, f.durationMs) * 1000) / 1000,
    time: new Date(f.startedAt).toISOString(),
    source: f.source,
  };
  const route = ask(client, opts.route, f.req, 'route') ?? f.route;
  if (route !== undefined) rec.route = route.slice(0, MAX_ROUTE_CHARS);
  const session = ask(client, opts.sessionId, f.req, 'sessionId') ?? sessionFromHeaders(h);
  if (session !== undefined) rec.session_id = session;
  const user = ask(client, opts.userId, f.req, 'userId') ?? userFromHeaders(h);
  if (user !== undefined) rec.user_id = user;
  const trace = traceFromHeaders(h);
  if (trace) Object.assign(rec, trace);
  const responseHeaders = f.responseHeaders();
  const reqBytes = contentLength(h['content-length']);
  if (reqBytes !== undefined) rec.req_bytes = reqBytes;
  const respBytes = contentLength(responseHeaders['content-length']);
  if (respBytes !== undefined && !f.aborted) rec.resp_bytes = respBytes;
  if (opts.headers === true) {
    rec.request_headers = flattenHeaders(h);
    rec.response_headers = flattenHeaders(responseHeaders);
  }
  if (f.error !== undefined) rec.error = f.error;
  else if (f.aborted) {
    rec.error = f.headersSent
      ? `client disconnected after status ${f.status} was sent, before the body was complete`
      : 'client disconnected before a response was sent';
  }
  return rec;
}

/**
 * Calls `done` once, when `res` has finished (or closed early, meaning the client aborted).
 * The listener never throws: an exception thrown inside an emitter listener would surface in
 * Node's own stream code and take the host app down.
 */
export function onResponseDone(res: ServerResponse, client: CollectorClient, done: (aborted: boolean) => void): void {
  // One listener: Node emits 'close' after every response, finished (after 'finish') or not.
  res.once('close', () => {
    try {
      done(!res.writableFinished);
    } catch (err) {
      client.reportError(err, 'recording a request failed');
    }
  });
}

/** Where a request went, read once its response is done. */
export interface Destination {
  url: string | undefined;
  route: string | undefined;
}

/**
 * Records a request answered through a node:http ServerResponse (plain node:http, Express),
 * timed from this call until the response is done. Never throws: a bug in observing must not
 * become the host app's failed request.
 */
export function observeResponse<Req extends IncomingMessage>(
  client: CollectorClient,
  opts: LogbridgeOptions<Req>,
  req: Req,
  res: ServerResponse,
  source: RecordSource,
  destination: () => Destination,
): void {
  try {
    if (ignored(client, opts, req)) return;
    const startedAt = Date.now();
    const t0 = performance.now();
    // Wrapping writeHead gives each response its own shape, which slows Node's http code for
    // every response (measured: tens of µs a request on a small Express app). Frameworks set
    // headers with setHeader, which getHeaders() sees; plain node:http passes them to writeHead.
    const responseHeaders =
      source === 'node:http' || opts.headers === true ? watchResponseHeaders(res) : () => res.getHeaders() as HeaderBag;
    onResponseDone(res, client, (aborted) => {
      client.record(
        buildRecord(client, opts, {
          req,
          headers: req.headers,
          responseHeaders,
          method: req.method,
          ...destination(),
          status: res.statusCode,
          aborted,
          headersSent: res.headersSent,
          startedAt,
          durationMs: performance.now() - t0,
          source,
        }),
      );
    });
  } catch (err) {
    client.reportError(err, 'observing a request failed');
  }
}

function collectWriteHeadHeaders(args: readonly unknown[], into: HeaderBag): void {
  // writeHead(status, [message], [headers]); headers are an object, [[k, v], ...] or [k, v, ...].
  const headers = typeof args[1] === 'string' ? args[2] : args[1];
  if (Array.isArray(headers)) {
    const pairs: unknown[][] = headers.every(Array.isArray) ? (headers as unknown[][]) : [];
    if (pairs.length === 0) for (let i = 0; i + 1 < headers.length; i += 2) pairs.push([headers[i], headers[i + 1]]);
    for (const [k, v] of pairs) if (typeof k === 'string') into[k.toLowerCase()] = String(v);
  } else if (typeof headers === 'object' && headers !== null) {
    for (const [k, v] of Object.entries(headers)) {
      if (typeof v === 'string' || typeof v === 'number') into[k.toLowerCase()] = v;
      else if (Array.isArray(v)) into[k.toLowerCase()] = v.map(String);
    }
  }
}

/**
 * The response headers as sent. Headers passed straight to writeHead() (the usual style with
 * plain node:http) never reach getHeaders(), so writeHead is wrapped on this one response to
 * see them; the wrapper always calls the original, whatever happens in our bookkeeping.
 */
export function watchResponseHeaders(res: ServerResponse): () => HeaderBag {
  const passed: HeaderBag = {};
  const original = res.writeHead;
  const writeHead = function (this: ServerResponse, ...args: unknown[]): unknown {
    try {
      collectWriteHeadHeaders(args, passed);
    } catch {
      // Bookkeeping only: the response goes out regardless.
    }
    return Reflect.apply(original, this, args);
  };
  res.writeHead = writeHead as ServerResponse['writeHead'];
  return () => ({ ...res.getHeaders(), ...passed });
}

